#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# userland.sh ARCH - the guest userland of another architecture (arm64):
# Debian's packages for ARCH of what the host's guests take from the host
# itself, unpacked into a root directory whose path is printed on stdout.
#
#   busybox-static    the guest's shell and applets
#   libc-bin          ldconfig (static), run under qemu-user for the guest's
#                     ld.so.cache
#   the packages that own each "# needs:" file of tests/kernels/checks/*.sh
#                     on the host (dpkg -S: /usr/bin/jq -> jq), and
#                     $CORETRACE_KERNEL_DEBS
# with everything they depend on, from the host's own apt sources (the
# host's suite, so the same versions its own guests run): apt-get download,
# never installed. dpkg --add-architecture ARCH and apt-get update must have
# been done. The root is usr-merged as the host is.
#
# Cached in $CORETRACE_KERNELS_CACHE/userland-ARCH (debs/, root/): a second
# run with the same packages wanted works offline. CORETRACE_KERNELS_REFRESH=1
# resolves and downloads again.
set -eu

arch=${1:?usage: userland.sh ARCH}
here=$(cd "$(dirname "$0")" && pwd)
cache=${CORETRACE_KERNELS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/cache}/.cache}/coretrace-kernels}
dest=$cache/userland-$arch
root=$dest/root

# The top-level packages, one a line, sorted.
wanted() {
	list="busybox-static libc-bin ${CORETRACE_KERNEL_DEBS:-}"
	for f in $(sed -n 's/^# needs://p' "$here"/checks/*.sh) ${CORETRACE_KERNEL_FILES:-}; do
		# dpkg knows a usr-merged file by the path its package ships.
		pkg=$(dpkg -S "$f" 2>/dev/null || dpkg -S "${f#/usr}" 2>/dev/null || true)
		pkg=$(echo "$pkg" | sed -n 's/^\([^ :,]*\)[^ ]*: \/.*/\1/p' | head -n1)
		if [ -z "$pkg" ]; then
			echo "userland.sh: no package owns $f on this host (install it: the host's guests copy it too)" >&2
			return 1
		fi
		list="$list $pkg"
	done
	echo "$list" | tr ' ' '\n' | grep -v '^$' | sort -u
}

want=$(wanted)
if [ -f "$dest/ready" ] && [ -z "${CORETRACE_KERNELS_REFRESH:-}" ] &&
	[ "$(cat "$dest/packages.wanted")" = "$want" ]; then
	echo "$root"
	exit 0
fi

command -v dpkg-deb >/dev/null || { echo "userland.sh: no dpkg-deb" >&2; exit 1; }
# Everything the wanted packages need, of this architecture (Architecture:
# all packages carry no code the guest runs).
# shellcheck disable=SC2046
all=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
	--no-replaces --no-enhances $(echo "$want" | sed "s/\$/:$arch/") 2>/dev/null |
	sed -n "s/^\([a-z0-9][^ <>]*\):$arch\$/\1/p" | sort -u)
for p in $want; do
	echo "$all" | grep -qx "$p" || {
		echo "userland.sh: apt knows no $p:$arch: dpkg --add-architecture $arch && apt-get update" >&2
		exit 1
	}
done

mkdir -p "$dest/debs"
get=
for p in $all; do
	if [ -n "${CORETRACE_KERNELS_REFRESH:-}" ] || [ -z "$(find "$dest/debs" -name "${p}_*_$arch.deb")" ]; then
		get="$get $p:$arch"
	fi
done
if [ -n "$get" ]; then
	echo "userland: downloading$get" >&2
	# shellcheck disable=SC2086
	(cd "$dest/debs" && apt-get -q -o APT::Sandbox::User=root download $get >&2)
fi

stage=$dest/root.new
rm -rf "$stage"
mkdir -p "$stage"
for p in $all; do
	# The newest of this package's debs, if a refresh left an older one.
	deb=$(find "$dest/debs" -name "${p}_*_$arch.deb" | sort -V | tail -n1)
	dpkg-deb -x "$deb" "$stage"
done
# Merged /usr, as the host (and the x86 guests) have it: one file for
# /lib/aarch64-linux-gnu/libc.so.6 and /usr/lib/aarch64-linux-gnu/libc.so.6.
for d in bin sbin lib; do
	if [ -d "$stage/$d" ] && [ ! -L "$stage/$d" ]; then
		mkdir -p "$stage/usr/$d"
		cp -a "$stage/$d/." "$stage/usr/$d/"
		rm -rf "${stage:?}/$d"
	fi
	[ -e "$stage/$d" ] || ln -s "usr/$d" "$stage/$d"
done
echo "$all" >"$stage/.packages"
rm -rf "$root"
mv "$stage" "$root"
echo "$want" >"$dest/packages.wanted"
touch "$dest/ready"
echo "userland: $arch root with $(echo "$all" | wc -l) packages in $root" >&2
echo "$root"
