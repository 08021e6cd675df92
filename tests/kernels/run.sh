#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# run.sh - the CO-RE matrix: every tool's check (checks/TOOL.sh) on Debian's
# x86_64 5.10, 6.1 and 6.12 kernels and arm64 6.1 and 6.12 kernels under
# QEMU, and natively on the host kernel. Prints one table, tool x kernel, and
# exits non-zero if any cell failed.
#
# A series "arm64-6.1" is Debian's arm64 kernel, booted with
# qemu-system-aarch64 -M virt (TCG) and the arm64 static tools, helpers
# cross-built with aarch64-linux-gnu-gcc, and an arm64 userland from
# Debian's packages (userland.sh); a bare series ("6.1") is the host's
# architecture's.
#
# Environment (all optional):
#   CORETRACE_KERNELS        kernel series to boot
#                            (default "5.10 6.1 6.12 arm64-6.1 arm64-6.12")
#   CORETRACE_KERNELS_HOST   0: skip the host column (default 1)
#   CORETRACE_KERNELS_CACHE  downloaded kernels and userlands (default
#                            ${XDG_CACHE_HOME:-$HOME/.cache}/coretrace-kernels)
#   CORETRACE_KERNELS_TIMEOUT  seconds one guest may run (default 720)
#   CORETRACE_KERNELS_JOBS   guests running at once (default: all)
#   CORETRACE_QEMU_ACCEL     QEMU accelerator for the host's architecture
#                            (default tcg; other architectures always tcg)
#   CORETRACE_QEMU_MEM       guest memory (default 512M)
#   CORETRACE_QEMU_CPU_ARM64 CPU model of arm64 guests (default cortex-a72)
#   BIN                      static tools (default build/static/bin)
#   BIN_ARM64                arm64 static tools, from make static ARCH=arm64
#                            (default build/static-arm64/bin)
#   CC, CC_ARM64             helpers' compilers (default cc, aarch64-linux-gnu-gcc)
#   OUT                      logs, helpers, initramfs (default build/kernels)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
series_list=${CORETRACE_KERNELS-5.10 6.1 6.12 arm64-6.1 arm64-6.12}
host=${CORETRACE_KERNELS_HOST:-1}
cache=${CORETRACE_KERNELS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/cache}/.cache}/coretrace-kernels}
timeout=${CORETRACE_KERNELS_TIMEOUT:-720}
accel=${CORETRACE_QEMU_ACCEL:-tcg}
mem=${CORETRACE_QEMU_MEM:-512M}
jobs=${CORETRACE_KERNELS_JOBS:-0}
cpu_arm64=${CORETRACE_QEMU_CPU_ARM64:-cortex-a72}
out=${OUT:-$top/build/kernels}
export CORETRACE_KERNELS_CACHE="$cache"
host_arch=$(dpkg --print-architecture)

# "arm64-6.1" is Debian's arm64 kernel; a bare series, the host's (as fetch.sh).
arch_of() {
	case $1 in
	arm64-*) echo arm64 ;;
	*) echo "$host_arch" ;;
	esac
}
# The series of one architecture.
series_of() {
	for s in $series_list; do
		[ "$(arch_of "$s")" != "$1" ] || echo "$s"
	done
}
arches=
for s in $series_list; do
	a=$(arch_of "$s")
	case " $arches " in *" $a "*) ;; *) arches="$arches $a" ;; esac
done
[ "$host" = 0 ] || case " $arches " in *" $host_arch "*) ;; *) arches="$arches $host_arch" ;; esac

# Per architecture: the static tools, the helpers and their compiler. (The
# userland: the host's own files, or userland.sh's for another one.)
bin_of() {
	if [ "$1" = "$host_arch" ]; then
		b=${BIN:-$top/build/static/bin}
	else
		b=${BIN_ARM64:-$top/build/static-arm64/bin}
	fi
	(cd "$b" 2>/dev/null && pwd) || echo "$b"
}
helpers_of() {
	if [ "$1" = "$host_arch" ]; then echo "$out/helpers"; else echo "$out/helpers-$1"; fi
}
cc_of() {
	if [ "$1" = "$host_arch" ]; then echo "${CC:-cc}"; else echo "${CC_ARM64:-aarch64-linux-gnu-gcc}"; fi
}

start=$(date +%s)
mkdir -p "$out/logs"
rm -f "$out"/logs/*

need() {
	command -v "$1" >/dev/null 2>&1 ||
		{ echo "run.sh: '$1' not found: apt-get install $2" >&2; exit 1; }
}
for a in $arches; do
	case $a in
	amd64) [ -z "$(series_of amd64)" ] || need qemu-system-x86_64 qemu-system-x86 ;;
	arm64)
		[ -z "$(series_of arm64)" ] || need qemu-system-aarch64 qemu-system-arm
		if [ "$a" != "$host_arch" ]; then
			need qemu-aarch64 qemu-user
			need "$(cc_of arm64)" gcc-aarch64-linux-gnu
			need readelf binutils
			need dpkg-deb dpkg
		fi
		;;
	*) echo "run.sh: no guests known for architecture $a" >&2; exit 1 ;;
	esac
	b=$(bin_of "$a")
	[ -x "$b/opensnoop" ] || {
		echo "run.sh: no static $a tools in $b: make static$([ "$a" = "$host_arch" ] || echo " ARCH=$a")" >&2
		exit 1
	}
done
need cpio cpio
need xz xz-utils
need zstd zstd
need jq jq
# The host's busybox: for the host column and the host architecture's guests.
if [ -n "$(series_of "$host_arch")" ] || [ "$host" != 0 ]; then
	"${BUSYBOX:-/bin/busybox}" --list 2>/dev/null | grep -qx mkfifo ||
		{ echo "run.sh: no static busybox: apt-get install busybox-static" >&2; exit 1; }
fi
if [ "$host" != 0 ] && [ "$(id -u)" != 0 ]; then
	echo "run.sh: the host column runs the tools natively and needs root" \
		"(or CORETRACE_KERNELS_HOST=0 for the guests only)" >&2
	exit 1
fi

# build ARGS...: compile with $cc quietly but for real trouble. Static glibc warns
# about every resolver function it links (getaddrinfo...); ct-resolve uses
# them on purpose and the guest has that very glibc.
build() {
	if ! $cc -O2 -Wall -Wextra "$@" >"$out/cc.log" 2>&1; then
		cat "$out/cc.log" >&2
		exit 1
	fi
	grep -v -e 'in statically linked applications requires' -e ': in function' \
		"$out/cc.log" >&2 || true
}

# Workload helpers: tiny static C programs, one per file. One whose source
# says "ct-dynamic" is also built as NAME-dyn, linked to the shared libc,
# which mkinitramfs.sh copies into the guest with the helper's libraries.
# The integration tests' programs (tests/integration/progs: tls_ex), built
# as the Makefile builds them: against the shared libssl, and as
# NAME-static with OpenSSL linked in. For each architecture, cross-built
# against its multiarch libraries (libc6-dev:arm64, libssl-dev:arm64).
for a in $arches; do
	cc=$(cc_of "$a")
	hdir=$(helpers_of "$a")
	mkdir -p "$hdir"
	rm -f "$hdir"/*
	for src in "$here"/helpers/*.c; do
		name=$(basename "$src" .c)
		build -static -o "$hdir/$name" "$src"
		if grep -q 'ct-dynamic' "$src"; then
			build -o "$hdir/$name-dyn" "$src"
		fi
	done
	for src in "$top"/tests/integration/progs/*.c; do
		[ -e "$src" ] || continue
		name=$(basename "$src" .c)
		build -o "$hdir/$name" "$src" -lssl -lcrypto
		build -o "$hdir/$name-static" "$src" \
			-Wl,-Bstatic -lssl -lcrypto -Wl,-Bdynamic -lpthread -ldl
	done
done

# shellcheck disable=SC2086
[ -z "$series_list" ] || "$here/fetch.sh" $series_list

# One initramfs per kernel: the tools, helpers and userland of its arch.
for s in $series_list; do
	a=$(arch_of "$s")
	sysroot=
	[ "$a" = "$host_arch" ] || sysroot=$("$here/userland.sh" "$a")
	# shellcheck disable=SC2086
	"$here/mkinitramfs.sh" "$out/initramfs-$s.cpio.gz" "$cache/$s" "$(bin_of "$a")" \
		"$(helpers_of "$a")" $sysroot
done

# boot SERIES: one guest, its console in logs/SERIES.log, its run time in
# logs/SERIES.log.secs (written last: the guest is done).
boot() {
	s=$1
	log=$out/logs/$s.log
	case $(arch_of "$s") in
	amd64)
		set -- qemu-system-x86_64 -accel "$accel"
		console=ttyS0
		;;
	arm64)
		# PL011 on QEMU's virt board; the kernel gets its device tree
		# from QEMU.
		a=tcg
		[ "$host_arch" != arm64 ] || a=$accel
		set -- qemu-system-aarch64 -M virt -cpu "$cpu_arm64" -accel "$a"
		console=ttyAMA0
		;;
	esac
	echo "run.sh: booting $(cat "$cache/$s/release") ($s), console in $log" >&2
	t0=$(date +%s)
	timeout -k 10 "$timeout" "$@" -m "$mem" -smp 1 \
		-display none -monitor none -serial "file:$log" -nic none -no-reboot \
		-kernel "$cache/$s/vmlinuz" -initrd "$out/initramfs-$s.cpio.gz" \
		-append "console=$console panic=-1 quiet loglevel=3" </dev/null >"$log.qemu" 2>&1 ||
		echo "qemu exit status $?; 124: killed after ${timeout}s" >>"$log.qemu"
	echo "$(($(date +%s) - t0))" >"$log.secs"
}

# The guests, each one single-threaded TCG vCPU: all at once, or
# $CORETRACE_KERNELS_JOBS at a time (a guest's time limit starts when it
# boots, not while it waits).
guests() {
	started=
	for s in $series_list; do
		while [ "$jobs" -gt 0 ]; do
			n=0
			for r in $started; do
				[ -e "$out/logs/$r.log.secs" ] || n=$((n + 1))
			done
			[ "$n" -ge "$jobs" ] || break
			sleep 1
		done
		boot "$s" &
		started="$started $s"
	done
	wait
}
pids=
if [ -n "$series_list" ]; then
	guests &
	pids=$!
fi

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
		PATH=$(helpers_of "$host_arch"):$applets:$PATH "${BUSYBOX:-/bin/busybox}" sh "$here/check.sh" \
			"$here/checks" "$(bin_of "$host_arch")" "$work"
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
