#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# btf-from-image.sh IMAGE OUT - cut the kernel's own BTF out of a kernel
# image (Debian's arm64 vmlinuz is an uncompressed Image that carries its
# .BTF section; x86's bzImage is compressed and has to be unpacked first),
# so vmlinux.h can be made from a package without its 1 GB -dbg twin.
#
# The blob starts with the BTF header: magic 0xeB9F, version 1, flags 0,
# hdr_len 24, then type_off, type_len, str_off, str_len. The first match
# whose sections line up is the one.
set -eu

image=${1:?usage: btf-from-image.sh IMAGE OUT}
out=${2:?usage: btf-from-image.sh IMAGE OUT}

u32() { od -An -tu4 -j "$1" -N4 "$image" | tr -d ' '; }

for off in $(LC_ALL=C grep -obUaP '\x9f\xeb\x01\x00\x18\x00\x00\x00' "$image" | cut -d: -f1); do
	type_off=$(u32 $((off + 8)))
	type_len=$(u32 $((off + 12)))
	str_off=$(u32 $((off + 16)))
	str_len=$(u32 $((off + 20)))
	[ "$type_off" = 0 ] && [ "$str_off" = "$type_len" ] && [ "$str_len" -gt 0 ] || continue
	size=$((24 + str_off + str_len))
	dd if="$image" of="$out" bs=1M iflag=skip_bytes,count_bytes skip="$off" count="$size" \
		status=none
	echo "btf-from-image: $size bytes of BTF at offset $off of $image" >&2
	exit 0
done
echo "btf-from-image: no BTF in $image (CONFIG_DEBUG_INFO_BTF off, or compressed?)" >&2
exit 1
