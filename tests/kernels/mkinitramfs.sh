#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# mkinitramfs.sh OUT.cpio.gz KERNEL_DIR BIN_DIR HELPERS_DIR [SYSROOT]
#
# The guest's whole world: busybox-static, the static tools (BIN_DIR), the
# static workload helpers (HELPERS_DIR), the checks, the kernel's modules
# (KERNEL_DIR/modules, from fetch.sh) and /init.
#
# Adding files: a check that needs a program or library from the host says
#   # needs: /usr/bin/openssl /usr/lib/x86_64-linux-gnu/libgnutls.so.30
# and it is copied to the same path, with the shared libraries ldd lists for
# it (and the dynamic loader). $CORETRACE_KERNEL_FILES adds more the same way.
#
# SYSROOT: a guest of another architecture (arm64): busybox and the files
# named in "# needs:" come from SYSROOT (userland.sh: Debian's packages for
# that architecture, unpacked), their libraries are found from the ELF
# headers (ldd can't run foreign programs) in SYSROOT, then in the host's
# multiarch directories (/usr/lib/aarch64-linux-gnu: libc6:arm64 and
# libssl3:arm64, which the cross-built helpers link against), and SYSROOT's
# own ldconfig makes the ld.so.cache, under qemu-user.
set -eu

out=$1
kdir=$2
bindir=$3
helpers=$4
sysroot=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
busybox=${BUSYBOX:-/bin/busybox}
run=
triplet=$(uname -m)-linux-gnu
if [ -n "$sysroot" ]; then
	busybox=$sysroot/bin/busybox
	# The multiarch triplet of SYSROOT's C library.
	for libc in "$sysroot"/usr/lib/*-linux-gnu*/libc.so.6; do
		triplet=$(basename "$(dirname "$libc")")
	done
	case $triplet in
	aarch64-*) run=qemu-aarch64 ;;
	*) echo "mkinitramfs: no qemu-user known for $triplet" >&2; exit 1 ;;
	esac
	command -v "$run" >/dev/null || { echo "mkinitramfs: no $run: apt-get install qemu-user" >&2; exit 1; }
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/coretrace-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT

# Merged /usr like the host (Debian 12+): /lib/x86_64-linux-gnu/libc.so.6
# and /usr/lib/x86_64-linux-gnu/libc.so.6 must be one file (one inode for
# uprobes), whichever path ldd or a check names. A SYSROOT is usr-merged
# (userland.sh) whatever the host is.
if [ -L /lib ] || [ -n "$sysroot" ]; then
	mkdir -p "$root/usr/lib" "$root/usr/lib64"
	ln -s usr/lib "$root/lib"
	ln -s usr/lib64 "$root/lib64"
fi
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/ct/bin" \
	"$root/ct/helpers" "$root/ct/checks" "$root/lib/modules"
cp "$busybox" "$root/bin/busybox"
for applet in $($run "$busybox" --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
ln -s bin "$root/sbin"

cp "$here/init" "$root/init"
cp "$here/lib.sh" "$here/check.sh" "$root/ct/"
cp "$here"/checks/*.sh "$root/ct/checks/"
cp -P "$bindir"/* "$root/ct/bin/" # coretrace and its links
cp "$helpers"/* "$root/ct/helpers/"
cp "$kdir"/modules/*.ko "$root/lib/modules/" 2>/dev/null || true
cp "$kdir/modules.order" "$root/lib/modules/"

# The shared libraries an ELF program or library links against.
add_libs() {
	if [ -n "$sysroot" ]; then
		add_foreign_libs "$1" "$2"
		return
	fi
	for lib in $(ldd "$1" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'); do
		add_file "$lib"
	done
}
# The same from the ELF headers: the loader it asks for and each NEEDED
# library, looked up where the loader would look (no RUNPATH in Debian's).
add_foreign_libs() {
	interp=$(readelf -lW "$2" 2>/dev/null | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]/\1/p')
	[ -z "$interp" ] || add_file "$interp"
	for name in $(readelf -dW "$2" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		found=
		for d in /usr/lib/$triplet /lib/$triplet; do
			if [ -e "$sysroot$d/$name" ] || [ -e "$d/$name" ]; then
				found=$d/$name
				break
			fi
		done
		[ -n "$found" ] || { echo "mkinitramfs: $1 needs $name: not in $sysroot or /usr/lib/$triplet" >&2; exit 1; }
		add_file "$found"
	done
}
# Where a guest's file comes from: the host's, or SYSROOT's (a symlink
# there is followed inside SYSROOT), else the host's multiarch directories,
# which hold only that architecture's files.
src_of() {
	if [ -z "$sysroot" ]; then
		echo "$1"
		return
	fi
	p=$1
	n=0
	while [ -L "$sysroot$p" ] && [ $n -lt 40 ]; do
		t=$(readlink "$sysroot$p")
		case $t in
		/*) p=$t ;;
		*) p=$(dirname "$p")/$t ;;
		esac
		n=$((n + 1))
	done
	if [ -e "$sysroot$p" ]; then
		echo "$sysroot$p"
		return
	fi
	case $1 in
	/lib/$triplet/* | /usr/lib/$triplet/*) echo "$1" ;;
	*) echo "$sysroot$1" ;;
	esac
}
# A file and what it links against.
add_file() {
	src=$(src_of "$1")
	[ -e "$src" ] || { echo "mkinitramfs: no such file: $src" >&2; exit 1; }
	[ -e "$root$1" ] && return 0
	mkdir -p "$root$(dirname "$1")"
	cp -L "$src" "$root$1"
	add_libs "$1" "$src"
}
for f in $(sed -n 's/^# needs://p' "$here"/checks/*.sh) ${CORETRACE_KERNEL_FILES:-}; do
	add_file "$f"
done
# Helpers built against shared libraries (NAME-dyn, tls_ex) run on the
# host's, as the programs named in "# needs:" do.
for h in "$helpers"/*; do
	add_libs "$h" "$h"
done
# An ld.so.cache, as on a real system: tools that look libraries up the way
# the dynamic loader does (uprobes on libc, libssl) read it.
if [ -d "$root/lib/$triplet" ] || [ -d "$root/usr/lib/$triplet" ]; then
	mkdir -p "$root/etc"
	printf '%s\n' "/lib/$triplet" "/usr/lib/$triplet" >"$root/etc/ld.so.conf"
	if [ -n "$sysroot" ]; then
		# The cache records each library's ABI: only that architecture's
		# ldconfig writes entries its loader (and our tools) accept.
		$run "$sysroot/sbin/ldconfig" -r "$root" ||
			{ echo "mkinitramfs: $sysroot/sbin/ldconfig -r failed" >&2; exit 1; }
	else
		ldconfig -r "$root" 2>/dev/null || true
	fi
fi

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out"
