#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# cross-sysroot.sh ARCH DIR PACKAGE... - the PACKAGEs of Debian architecture
# ARCH and the libraries they need, unpacked into DIR: for what multiarch
# cannot install next to the host's own (libcriterion-dev is not
# Multi-Arch: same), so the unit tests can be linked for ARCH and run under
# QEMU user emulation. Packages ARCH already has installed are skipped.
# Downloads go to DIR/debs; a second run with the same packages is offline.
set -eu

arch=${1:?usage: cross-sysroot.sh ARCH DIR PACKAGE...}
dir=${2:?usage: cross-sysroot.sh ARCH DIR PACKAGE...}
shift 2
[ $# -gt 0 ] || { echo "cross-sysroot.sh: no packages" >&2; exit 2; }

if [ -f "$dir/ready" ] && [ "$(cat "$dir/ready")" = "$*" ]; then
	exit 0
fi
mkdir -p "$dir/debs"
wanted=$(for p; do echo "$p:$arch"; done)
# Runtime libraries the packages pull in, this architecture's only.
all=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
	--no-breaks --no-replaces --no-enhances $wanted 2>/dev/null |
	grep -E "^[a-z0-9].*:$arch\$" | sort -u)
need=
for p in $all; do
	case " $wanted " in *" $p "*) need="$need $p"; continue ;; esac
	dpkg -s "$p" >/dev/null 2>&1 && continue
	case ${p%:*} in lib*-dev | *-dev-bin | pkgconf* | pkg-config | linux-libc-dev) continue ;; esac
	need="$need $p"
done
echo "cross-sysroot: $need" >&2
# shellcheck disable=SC2086
(cd "$dir/debs" && apt-get -q download $need >&2)
for deb in "$dir"/debs/*.deb; do
	dpkg-deb -x "$deb" "$dir"
done
echo "$*" >"$dir/ready"
