#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# syscall-names.sh - rewrite the committed syscall name tables,
# common/syscall_names/ARCH.c, from the newest uapi headers Debian has (sid's
# linux-libc-dev, fetched and cached as the kernel matrix fetches kernels).
# A build on an older distribution then still names the newest kernel's
# syscalls (bookworm's headers stop at Linux 6.1: fchmodat2 would be [452]).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
cache=${CORETRACE_KERNELS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/cache}/.cache}/coretrace-kernels}

CORETRACE_KERNELS_CACHE=$cache sh "$top/tests/kernels/fetch.sh" uapi
root=$cache/uapi/root
from=$(cat "$cache/uapi/package")
for arch in x86 arm64; do
	out=$top/common/syscall_names/$arch.c
	# Only those headers: none of the build host's may leak in.
	CPP="${CC:-cc} -E -nostdinc -isystem $root/usr/lib/linux/uapi/$arch -isystem $root/usr/include" \
		FROM="$from" sh "$top/common/gen-names.sh" syscalls "$arch" >"$out.tmp"
	mv "$out.tmp" "$out"
	echo "syscall-names: $out from $from, $(grep -c '^	\[' "$out") names" >&2
done
