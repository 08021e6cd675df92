#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# mkinitramfs.sh OUT.cpio.gz KERNEL_DIR BIN_DIR HELPERS_DIR
#
# The guest's whole world: busybox-static, the static tools (BIN_DIR), the
# static workload helpers (HELPERS_DIR), the checks, the kernel's modules
# (KERNEL_DIR/modules, from fetch.sh) and /init.
#
# Adding files: a check that needs a program or library from the host says
#   # needs: /usr/bin/openssl /usr/lib/x86_64-linux-gnu/libgnutls.so.30
# and it is copied to the same path, with the shared libraries ldd lists for
# it (and the dynamic loader). $CORETRACE_KERNEL_FILES adds more the same way.
set -eu

out=$1
kdir=$2
bindir=$3
helpers=$4
here=$(cd "$(dirname "$0")" && pwd)
busybox=${BUSYBOX:-/bin/busybox}

root=$(mktemp -d "${TMPDIR:-/tmp}/coretrace-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT

# Merged /usr like the host (Debian 12+): /lib/x86_64-linux-gnu/libc.so.6
# and /usr/lib/x86_64-linux-gnu/libc.so.6 must be one file (one inode for
# uprobes), whichever path ldd or a check names.
if [ -L /lib ]; then
	mkdir -p "$root/usr/lib" "$root/usr/lib64"
	ln -s usr/lib "$root/lib"
	ln -s usr/lib64 "$root/lib64"
fi
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/ct/bin" \
	"$root/ct/helpers" "$root/ct/checks" "$root/lib/modules"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
ln -s bin "$root/sbin"

cp "$here/init" "$root/init"
cp "$here/lib.sh" "$here/check.sh" "$root/ct/"
cp "$here"/checks/*.sh "$root/ct/checks/"
cp "$bindir"/* "$root/ct/bin/"
cp "$helpers"/* "$root/ct/helpers/"
cp "$kdir"/modules/*.ko "$root/lib/modules/" 2>/dev/null || true
cp "$kdir/modules.order" "$root/lib/modules/"

# The shared libraries an ELF program or library links against.
add_libs() {
	for lib in $(ldd "$1" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'); do
		add_file "$lib"
	done
}
# A file and what it links against.
add_file() {
	[ -e "$1" ] || { echo "mkinitramfs: no such file: $1" >&2; exit 1; }
	[ -e "$root$1" ] && return 0
	mkdir -p "$root$(dirname "$1")"
	cp -L "$1" "$root$1"
	add_libs "$1"
}
for f in $(sed -n 's/^# needs://p' "$here"/checks/*.sh) ${CORETRACE_KERNEL_FILES:-}; do
	add_file "$f"
done
# Helpers built against shared libraries (NAME-dyn, tls_ex) run on the
# host's, as the programs named in "# needs:" do.
for h in "$helpers"/*; do
	add_libs "$h"
done
# An ld.so.cache, as on a real system: tools that look libraries up the way
# the dynamic loader does (uprobes on libc, libssl) read it.
if [ -d "$root/lib/x86_64-linux-gnu" ] || [ -d "$root/usr/lib/x86_64-linux-gnu" ]; then
	mkdir -p "$root/etc"
	printf '%s\n' /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu >"$root/etc/ld.so.conf"
	ldconfig -r "$root" 2>/dev/null || true
fi

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out"
