#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Endurance: each tool for SOAK_SECONDS under a steady mixed workload (file
# opens, signals, UDP sockets, name lookups, direct disk I/O, short-lived
# processes, and calls killed before they return). Checks that
#  - VmRSS grows less than SOAK_RSS_KIB between the end of the warm-up and
#    the end;
#  - maps of calls in flight (start times, per-thread state) do not grow
#    when their end events are missed: entries at the end are at most
#    SOAK_MAP_SLACK above the count after warm-up.
# USAGE: tests/soak/run.sh BINDIR [TOOL...]    (root; `make soak`)
set -eu

BIN=$(cd "${1:?usage: run.sh BINDIR [TOOL...]}" && pwd)
shift
TOOLS=${*:-"biolatency opensnoop syscount gethostlatency udplife sslsnoop sigsnoop"}
SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_WARMUP=${SOAK_WARMUP:-$((SOAK_SECONDS / 10 > 5 ? SOAK_SECONDS / 10 : 5))}
SOAK_RSS_KIB=${SOAK_RSS_KIB:-1024}
SOAK_MAP_SLACK=${SOAK_MAP_SLACK:-64}
HERE=$(cd "$(dirname "$0")" && pwd)

WORK=$(mktemp -d /var/tmp/coretrace-soak-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT INT TERM
${CC:-cc} -O2 -pthread -o "$WORK/midcall" "$HERE/midcall.c"

# Entries in map NAME of process PID (bpftool finds maps by id; the tool's
# fdinfo says which ids are its own, so other tracers do not count).
map_entries() {
	for f in /proc/"$1"/fdinfo/*; do
		id=$(awk '/^map_id:/ { print $2 }' "$f" 2>/dev/null) || continue
		[ -n "$id" ] || continue
		if bpftool map show id "$id" 2>/dev/null | grep -q " name $2 "; then
			bpftool map dump id "$id" -j 2>/dev/null | jq length
			return 0
		fi
	done
	echo "no map $2 in process $1" >&2
	return 1
}

rss_kib() {
	awk '/^VmRSS:/ { print $2 }' /proc/"$1"/status
}

# One round of everything, a few times a second.
workload() {
	sleep 3600 &
	sleeper=$!
	end=$(($(date +%s) + $1))
	i=0
	while [ "$(date +%s)" -lt "$end" ]; do
		i=$((i + 1))
		cat /etc/hostname /etc/passwd >/dev/null
		kill -CONT "$sleeper"
		getent ahosts 127.0.0.1 >/dev/null || true
		bash -c 'echo soak >/dev/udp/127.0.0.1/9' 2>/dev/null || true
		dd if=/dev/zero of="$WORK/io" bs=4k count=16 oflag=direct conv=notrunc status=none
		# A process killed inside getaddrinfo and SSL_read (two threads).
		"$WORK/midcall" &
		mid=$!
		sleep 0.05
		kill -KILL "$mid" 2>/dev/null || true
		wait "$mid" 2>/dev/null || true
		/bin/true
	done
	kill "$sleeper"
}

# tool: its arguments and the in-flight maps to watch
args_of() {
	case $1 in
	biolatency) echo "-Q 5" ;;
	syscount) echo "-L -i 5 --btf /sys/kernel/btf/vmlinux" ;; # the tid hash path
	gethostlatency) echo "-l $WORK/midcall" ;;
	sslsnoop) echo "--handshake --binary $WORK/midcall" ;;
	*) echo "" ;;
	esac
}
maps_of() {
	case $1 in
	biolatency) echo "start" ;;
	syscount) echo "start_tid" ;;
	gethostlatency) echo "calls" ;;
	sslsnoop) echo "rw_calls hs_calls" ;;
	*) echo "" ;; # task and socket storage: freed with their owner
	esac
}

fail=0
printf '%-15s %8s %9s %9s %8s  %s\n' TOOL SECONDS RSS_WARM RSS_END GROWTH "IN-FLIGHT MAPS (warm -> end)"
for tool in $TOOLS; do
	: >"$WORK/$tool.err"
	# shellcheck disable=SC2046
	"$BIN/$tool" $(args_of "$tool") >/dev/null 2>"$WORK/$tool.err" &
	pid=$!
	n=0
	until grep -q Tracing "$WORK/$tool.err"; do
		n=$((n + 1))
		if [ $n -gt 300 ] || ! kill -0 $pid 2>/dev/null; then
			echo "$tool did not start: $(cat "$WORK/$tool.err")" >&2
			exit 1
		fi
		sleep 0.1
	done
	workload "$SOAK_SECONDS" &
	wl=$!
	sleep "$SOAK_WARMUP"
	rss0=$(rss_kib $pid)
	maps0=""
	for m in $(maps_of "$tool"); do maps0="$maps0 $(map_entries $pid "$m")"; done
	wait $wl
	rss1=$(rss_kib $pid)
	report=""
	set -- $maps0
	for m in $(maps_of "$tool"); do
		e0=$1
		shift
		e1=$(map_entries $pid "$m")
		report="$report $m $e0->$e1"
		if [ "$e1" -gt $((e0 + SOAK_MAP_SLACK)) ]; then
			echo "$tool: map $m grew from $e0 to $e1 entries" >&2
			fail=1
		fi
	done
	kill -INT $pid
	if ! wait $pid; then
		echo "$tool: exit status not 0: $(tail -3 "$WORK/$tool.err")" >&2
		fail=1
	fi
	growth=$((rss1 - rss0))
	printf '%-15s %8s %9s %9s %8s %s\n' "$tool" "$SOAK_SECONDS" "${rss0}K" "${rss1}K" "${growth}K" \
		"${report:- -}"
	if [ "$growth" -ge "$SOAK_RSS_KIB" ]; then
		echo "$tool: RSS grew by ${growth} KiB (limit ${SOAK_RSS_KIB})" >&2
		fail=1
	fi
	if grep -q "lost" "$WORK/$tool.err"; then
		echo "$tool: $(grep lost "$WORK/$tool.err" | tail -1)" >&2
	fi
done
exit $fail
