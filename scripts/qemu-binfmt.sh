#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# qemu-binfmt.sh ARCH - let this host exec ARCH's ELF programs through QEMU
# user emulation (binfmt_misc), as Debian's qemu-user-binfmt would. The unit
# tests need it: Criterion runs each test in a process it execs, which
# qemu-aarch64 alone cannot follow. Root only; a no-op once registered.
set -eu

arch=${1:?usage: qemu-binfmt.sh ARCH}
dir=/proc/sys/fs/binfmt_misc

case $arch in
arm64)
	name=qemu-aarch64
	magic='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00'
	mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
	;;
*) echo "qemu-binfmt.sh: no QEMU user emulation known for $arch" >&2; exit 2 ;;
esac
qemu=$(command -v "$name") || { echo "qemu-binfmt.sh: no $name: apt-get install qemu-user" >&2; exit 1; }

[ -e "$dir/register" ] || mount -t binfmt_misc binfmt_misc "$dir" ||
	{ echo "qemu-binfmt.sh: cannot mount binfmt_misc on $dir (root needed)" >&2; exit 1; }
[ -e "$dir/$name" ] && exit 0
# F: the interpreter is opened now, so it is found from any root.
printf ':%s:M::%s:%s:%s:F\n' "$name" "$magic" "$mask" "$qemu" >"$dir/register"
echo "qemu-binfmt: $arch programs now run through $qemu" >&2
