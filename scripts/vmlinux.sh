#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# vmlinux.sh SERIES BTF HEADER - vmlinux.h for another architecture, from
# Debian's own kernel package of SERIES (arm64-6.12: trixie's arm64
# kernel), fetched and cached as the kernel matrix fetches its kernels.
set -eu

series=${1:?usage: vmlinux.sh SERIES BTF HEADER}
btf=${2:?usage: vmlinux.sh SERIES BTF HEADER}
header=${3:?usage: vmlinux.sh SERIES BTF HEADER}
here=$(cd "$(dirname "$0")" && pwd)
cache=${CORETRACE_KERNELS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/cache}/.cache}/coretrace-kernels}

CORETRACE_KERNELS_CACHE=$cache sh "$here/../tests/kernels/fetch.sh" "$series"
sh "$here/btf-from-image.sh" "$cache/$series/vmlinuz" "$btf"
"${BPFTOOL:-bpftool}" btf dump file "$btf" format c >"$header.tmp"
mv "$header.tmp" "$header"
echo "vmlinux.sh: $header from $(cat "$cache/$series/release")" >&2
