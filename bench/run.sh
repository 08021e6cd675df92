#!/bin/bash
# Overhead benchmark: a workload run bare and under each tracer in turn,
# interleaved over ROUNDS rounds; reports the median per-round ratio to bare
# (only ratios from one run mean anything on a noisy machine).
#
#   bench/run.sh BINDIR [TOOL...]      TOOL: syscount (default: all known)
#   ROUNDS=9 bench/run.sh build/bin
#
# Tracers: ours (BINDIR/TOOL), Debian's libbpf-tools (/usr/sbin/TOOL) and a
# bpftrace one-liner doing the same job, where installed. Writes a Markdown
# table to stdout; bench/update-results.sh puts it in bench/RESULTS.md.
set -euo pipefail

BINDIR=${1:?usage: bench/run.sh BINDIR [TOOL...]}
shift
TOOLS=${*:-syscount}
ROUNDS=${ROUNDS:-9}
LIBBPF_TOOLS=${LIBBPF_TOOLS:-/usr/sbin}
WORK=$(mktemp -d /tmp/coretrace-bench.XXXXXX)
trap 'rm -rf "$WORK"; jobs -p | xargs -r kill 2>/dev/null || true' EXIT

[ "$(id -u)" -eq 0 ] || { echo "bench: run as root" >&2; exit 1; }
# The peers attach perf tracepoints, which need tracefs.
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing

now() { date +%s.%N; }

# Start a tracer in the background and wait until it is attached: its
# output shows READY (a regex). Prints the start-up time in ms to fd 3.
start_tracer() { # READY CMD...
	local ready=$1 t0 i
	shift
	t0=$(now)
	# Line-buffered, so a tool that prints its ready line to a file shows it.
	stdbuf -oL -eL "$@" >"$WORK/out" 2>&1 &
	TRACER=$!
	for i in $(seq 1 2000); do
		if grep -Eq "$ready" "$WORK/out" 2>/dev/null; then
			echo "$(echo "$(now) - $t0" | bc -l)" >"$WORK/startup"
			return 0
		fi
		kill -0 "$TRACER" 2>/dev/null || break
		sleep 0.005
	done
	echo "bench: tracer not ready: $*" >&2
	cat "$WORK/out" >&2
	return 1
}

stop_tracer() {
	local rss
	rss=$(awk '/VmHWM/ {print $2}' "/proc/$TRACER/status" 2>/dev/null || echo 0)
	echo "$rss" >"$WORK/rss"
	kill -INT "$TRACER" 2>/dev/null || true
	wait "$TRACER" 2>/dev/null || true
}

time_cmd() { # CMD... -> seconds
	local t0
	t0=$(now)
	"$@" >/dev/null 2>&1
	echo "$(now) - $t0" | bc -l
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# Per tool: the workload, and the tracers as "label|ready-regex|command".
workload_syscount() { dd if=/dev/zero of=/dev/null bs=1 count=500k; }
tracers_syscount() {
	echo "coretrace syscount|^Tracing|$BINDIR/syscount"
	echo "coretrace syscount -L|^Tracing|$BINDIR/syscount -L"
	echo "coretrace syscount -P|^Tracing|$BINDIR/syscount -P"
	if [ -x "$LIBBPF_TOOLS/syscount" ]; then
		echo "libbpf-tools syscount|Tracing|$LIBBPF_TOOLS/syscount"
		echo "libbpf-tools syscount -L|Tracing|$LIBBPF_TOOLS/syscount -L"
		echo "libbpf-tools syscount -P|Tracing|$LIBBPF_TOOLS/syscount -P"
	fi
	if command -v bpftrace >/dev/null; then
		echo "bpftrace count by syscall|Attaching|bpftrace -e tracepoint:raw_syscalls:sys_exit{@[args->id]=count();}"
		echo "bpftrace count by comm|Attaching|bpftrace -e tracepoint:raw_syscalls:sys_enter{@[comm]=count();}"
	fi
}

bench_tool() {
	local tool=$1 r label ready cmd bare t
	declare -A ratios startups rsss
	local -a labels=()

	while IFS='|' read -r label ready cmd; do labels+=("$label|$ready|$cmd"); done < <("tracers_$tool")
	for r in $(seq 1 "$ROUNDS"); do
		bare=$(time_cmd "workload_$tool")
		for entry in "${labels[@]}"; do
			IFS='|' read -r label ready cmd <<<"$entry"
			# shellcheck disable=SC2086
			start_tracer "$ready" $cmd
			t=$(time_cmd "workload_$tool")
			stop_tracer
			ratios[$label]+="$(echo "$t / $bare" | bc -l) "
			startups[$label]+="$(cat "$WORK/startup") "
			rsss[$label]+="$(cat "$WORK/rss") "
		done
		echo "round $r/$ROUNDS done (bare $bare s)" >&2
	done
	echo
	echo "### $tool"
	echo
	echo "Workload: \`$(declare -f "workload_$tool" | sed -n 3p | sed 's/^ *//; s/;$//')\`, $ROUNDS interleaved rounds."
	echo
	echo "| tracer | median ratio to bare | added overhead | start-up (ms, median) | peak RSS (KiB, median) |"
	echo "|---|---|---|---|---|"
	for entry in "${labels[@]}"; do
		IFS='|' read -r label ready cmd <<<"$entry"
		local ratio startup rss
		ratio=$(echo "${ratios[$label]}" | tr ' ' '\n' | grep . | median)
		startup=$(echo "${startups[$label]}" | tr ' ' '\n' | grep . | median)
		rss=$(echo "${rsss[$label]}" | tr ' ' '\n' | grep . | median)
		printf '| %s | %.3f | %+.1f%% | %.0f | %.0f |\n' "$label" "$ratio" \
			"$(echo "($ratio - 1) * 100" | bc -l)" "$(echo "$startup * 1000" | bc -l)" "$rss"
	done
}

echo "## Overhead ($(date -u +%Y-%m-%d), $(uname -r), $(nproc) CPUs)"
for tool in $TOOLS; do
	bench_tool "$tool"
done
