#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# run.sh - the CO-RE matrix: every tool's check (checks/TOOL.sh) on Debian's
# 5.10, 6.1 and 6.12 kernels under QEMU, and natively on the host kernel.
# Prints one table, tool x kernel, and exits non-zero if any cell failed.
#
# Environment (all optional):
#   CORETRACE_KERNELS        kernel series to boot (default "5.10 6.1 6.12")
#   CORETRACE_KERNELS_HOST   0: skip the host column (default 1)
#   CORETRACE_KERNELS_CACHE  downloaded kernels (default
#                            ${XDG_CACHE_HOME:-$HOME/.cache}/coretrace-kernels)
#   CORETRACE_KERNELS_TIMEOUT  seconds one guest may run (default 720)
#   CORETRACE_QEMU_ACCEL     QEMU accelerator (default tcg)
#   CORETRACE_QEMU_MEM       guest memory (default 512M)
#   BIN                      static tools (default build/static/bin)
#   OUT                      logs, helpers, initramfs (default build/kernels)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
series_list=${CORETRACE_KERNELS-5.10 6.1 6.12}
host=${CORETRACE_KERNELS_HOST:-1}
cache=${CORETRACE_KERNELS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/cache}/.cache}/coretrace-kernels}
timeout=${CORETRACE_KERNELS_TIMEOUT:-720}
accel=${CORETRACE_QEMU_ACCEL:-tcg}
mem=${CORETRACE_QEMU_MEM:-512M}
bin=$(cd "${BIN:-$top/build/static/bin}" && pwd)
out=${OUT:-$top/build/kernels}
export CORETRACE_KERNELS_CACHE="$cache"

start=$(date +%s)
mkdir -p "$out/helpers" "$out/logs"
rm -f "$out"/logs/*

need() {
	command -v "$1" >/dev/null 2>&1 ||
		{ echo "run.sh: '$1' not found: apt-get install $2" >&2; exit 1; }
}
need qemu-system-x86_64 qemu-system-x86
need cpio cpio
need xz xz-utils
need zstd zstd
need jq jq
if ! "${BUSYBOX:-/bin/busybox}" --list 2>/dev/null | grep -qx mkfifo; then
	echo "run.sh: no static busybox: apt-get install busybox-static" >&2
	exit 1
fi
if [ "$host" != 0 ] && [ "$(id -u)" != 0 ]; then
	echo "run.sh: the host column runs the tools natively and needs root" \
		"(or CORETRACE_KERNELS_HOST=0 for the guests only)" >&2
	exit 1
fi

# cc ARGS...: compile quietly but for real trouble. Static glibc warns
# about every resolver function it links (getaddrinfo...); ct-resolve uses
# them on purpose and the guest has that very glibc.
build() {
	if ! ${CC:-cc} -O2 -Wall -Wextra "$@" >"$out/cc.log" 2>&1; then
		cat "$out/cc.log" >&2
		exit 1
	fi
	grep -v -e 'in statically linked applications requires' -e ': in function' \
		"$out/cc.log" >&2 || true
}

# Workload helpers: tiny static C programs, one per file. One whose source
# says "ct-dynamic" is also built as NAME-dyn, linked to the shared libc,
# which mkinitramfs.sh copies into the guest with the helper's libraries.
rm -f "$out"/helpers/*
for src in "$here"/helpers/*.c; do
	name=$(basename "$src" .c)
	build -static -o "$out/helpers/$name" "$src"
	if grep -q 'ct-dynamic' "$src"; then
		build -o "$out/helpers/$name-dyn" "$src"
	fi
done
# The integration tests' programs (tests/integration/progs: tls_ex), built
# as the Makefile builds them: against the shared libssl, and as
# NAME-static with OpenSSL linked in.
for src in "$top"/tests/integration/progs/*.c; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .c)
	build -o "$out/helpers/$name" "$src" -lssl -lcrypto
	build -o "$out/helpers/$name-static" "$src" \
		-Wl,-Bstatic -lssl -lcrypto -Wl,-Bdynamic -lpthread -ldl
done

# shellcheck disable=SC2086
[ -z "$series_list" ] || "$here/fetch.sh" $series_list

# One guest per kernel, all at once: each is one single-threaded TCG vCPU.
pids=
for s in $series_list; do
	"$here/mkinitramfs.sh" "$out/initramfs-$s.cpio.gz" "$cache/$s" "$bin" "$out/helpers"
	log=$out/logs/$s.log
	echo "run.sh: booting $(cat "$cache/$s/release") ($s), console in $log" >&2
	(
	t0=$(date +%s)
	timeout -k 10 "$timeout" qemu-system-x86_64 -accel "$accel" -m "$mem" -smp 1 \
		-display none -monitor none -serial "file:$log" -nic none -no-reboot \
		-kernel "$cache/$s/vmlinuz" -initrd "$out/initramfs-$s.cpio.gz" \
		-append "console=ttyS0 panic=-1 quiet loglevel=3" </dev/null >"$log.qemu" 2>&1 ||
		echo "qemu exit status $?; 124: killed after ${timeout}s" >>"$log.qemu"
	echo "$(($(date +%s) - t0))" >"$log.secs"
	) &
	pids="$pids $!"
done

# The host column: the same checks, natively, with the same busybox applets.
if [ "$host" != 0 ]; then
	echo "run.sh: host kernel $(uname -r), log in $out/logs/host.log" >&2
	applets=$out/applets
	rm -rf "$applets"
	mkdir -p "$applets"
	"${BUSYBOX:-/bin/busybox}" --install -s "$applets" 2>/dev/null ||
		for a in $("${BUSYBOX:-/bin/busybox}" --list); do ln -s "${BUSYBOX:-/bin/busybox}" "$applets/$a"; done
	work=$(mktemp -d /var/tmp/coretrace-kernels.XXXXXX)
	t0=$(date +%s)
	{
		echo "@@CT-KERNEL|$(uname -r)"
		PATH=$out/helpers:$applets:$PATH "${BUSYBOX:-/bin/busybox}" sh "$here/check.sh" \
			"$here/checks" "$bin" "$work"
	} >"$out/logs/host.log" 2>&1 || true
	echo "$(($(date +%s) - t0))" >"$out/logs/host.log.secs"
	rm -rf "$work"
fi

for p in $pids; do
	wait "$p" || true
done

# Results: "COLUMN|RELEASE|TOOL|STATUS|METHOD|DETAIL", one per cell.
results=$out/results
: >"$results"
columns=$series_list
[ "$host" != 0 ] && columns="$columns host"
for c in $columns; do
	log=$out/logs/$c.log
	tr -d '\r' <"$log" 2>/dev/null >"$log.txt" || : >"$log.txt"
	rel=$(sed -n 's/^@@CT-KERNEL|//p' "$log.txt" | head -n1)
	[ -n "$rel" ] || rel=$(cat "$cache/$c/release" 2>/dev/null || true)
	done_=$(grep -c '^@@CT-DONE' "$log.txt" || true)
	for check in "$here"/checks/*.sh; do
		tool=$(basename "$check" .sh)
		line=$(grep "^@@CT-RESULT|$tool|" "$log.txt" | head -n1 || true)
		if [ -n "$line" ]; then
			echo "$c|${rel:-?}|${line#@@CT-RESULT|}" >>"$results"
		elif [ "$done_" = 0 ]; then
			why=$(tail -n1 "$log.qemu" 2>/dev/null || true)
			echo "$c|${rel:-?}|$tool|fail||guest did not finish (${why:-it stopped early: panic?}): see $log" >>"$results"
		else
			echo "$c|${rel:-?}|$tool|fail||no result" >>"$results"
		fi
	done
done

elapsed=$(($(date +%s) - start))
echo
awk -F'|' -v cols="$columns" '
	{ rel[$1] = $2; st[$3, $1] = $4; me[$3, $1] = $5; de[$3, $1] = $6
	  if (!($3 in seen)) { seen[$3] = 1; tools[++nt] = $3 } }
	END {
		nc = split(cols, c, " ")
		w = 12
		tw = 12
		for (t = 1; t <= nt; t++) if (length(tools[t]) > tw) tw = length(tools[t])
		for (t = 1; t <= nt; t++) for (i = 1; i <= nc; i++) {
			cell = st[tools[t], c[i]] (me[tools[t], c[i]] != "" ? " (" me[tools[t], c[i]] ")" : "")
			if (length(cell) > w) w = length(cell)
		}
		printf "%-" tw "s", "TOOL"
		for (i = 1; i <= nc; i++) printf "  %-" w "s", c[i] " " rel[c[i]]
		printf "\n"
		for (t = 1; t <= nt; t++) {
			printf "%-" tw "s", tools[t]
			for (i = 1; i <= nc; i++) {
				cell = st[tools[t], c[i]] (me[tools[t], c[i]] != "" ? " (" me[tools[t], c[i]] ")" : "")
				printf "  %-" w "s", cell
			}
			printf "\n"
		}
		for (t = 1; t <= nt; t++) for (i = 1; i <= nc; i++)
			if (st[tools[t], c[i]] != "pass" || de[tools[t], c[i]] ~ /n\/a/)
				printf "%s on %s: %s: %s\n", tools[t], c[i], st[tools[t], c[i]], de[tools[t], c[i]]
	}' "$results"
echo
for c in $columns; do
	printf '%s: %s s  ' "$c" "$(cat "$out/logs/$c.log.secs" 2>/dev/null || echo '?')"
done
echo
echo "matrix: $elapsed s in all; logs in $out/logs"
if grep -qv '|pass|\||n/a|' "$results"; then
	for c in $columns; do
		grep -h '^  \[' "$out/logs/$c.log.txt" 2>/dev/null | sed "s/^/$c: /" | head -n 100
	done
	exit 1
fi
exit 0
