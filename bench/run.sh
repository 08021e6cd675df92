#!/bin/bash
# Overhead benchmark: a workload run bare and under each tracer in turn,
# interleaved over ROUNDS rounds; reports the median per-round ratio to bare
# (only ratios from one run mean anything on a noisy machine). Uprobe tools
# (sslsnoop, gethostlatency) are measured against a reference instead of a
# bare run: their workload with a private copy of the probed library, run
# before and after each traced run while the tracer is attached. The host's
# speed drifts by up to half within seconds (bare tlsloop: 0.20 s, then
# 0.30 s), which a ratio to runs a second away cancels.
#
#   bench/run.sh BINDIR [TOOL...]      TOOL: syscount opensnoop ... (default: all)
#   DYNAMIC_BINDIR=DIR: also report the dynamic build there (sizes, idle cost)
#   SEPARATE_BINDIR=DIR: and seven separate static binaries there (the same);
#     SEPARATE_FROM=TEXT says what they were built from
#   ROUNDS=9 bench/run.sh build/bin
#   PAIRS=3: traced runs per round against a reference
#
# Tracers: ours (BINDIR/TOOL), Debian's libbpf-tools (/usr/sbin/TOOL) and a
# bpftrace one-liner doing the same job, where installed. Writes Markdown
# tables to bench/RESULTS.md (RESULTS=- for stdout).
set -euo pipefail

BINDIR=${1:?usage: bench/run.sh BINDIR [TOOL...]}
shift
# A TOOL_VARIANT is a second workload for TOOL (same tracers, own table).
TOOLS=${*:-syscount opensnoop sigsnoop biolatency gethostlatency gethostlatency_inet udplife sslsnoop}
BENCH=${BENCH:-$(cd "$(dirname "$0")" && pwd)}
BPFTRACE_TOOLS=${BPFTRACE_TOOLS:-/usr/sbin}
ROUNDS=${ROUNDS:-9}
# Traced runs per round against a reference workload, where a tool has one.
PAIRS=${PAIRS:-3}
LIBBPF_TOOLS=${LIBBPF_TOOLS:-/usr/sbin}
WORK=$(mktemp -d /tmp/coretrace-bench.XXXXXX)
cleanup() {
	jobs -p | xargs -r kill 2>/dev/null || true
	[ -n "${LOOPDEV:-}" ] && losetup -d "$LOOPDEV"
	umount "$WORK/tmpfs" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || { echo "bench: run as root" >&2; exit 1; }
# The peers attach perf tracepoints, which need tracefs.
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing

now() { date +%s.%N; }

# Start a tracer in the background and wait until it is attached: its
# output shows READY (a regex). Prints the start-up time in ms to fd 3.
start_tracer() { # READY CMD...
	local ready=$1 t0 i
	shift
	# Empty the output file here, not in the child's redirection: truncating
	# the last tracer's megabytes there takes milliseconds, and until it is
	# done the loop below can find that tracer's ready line and start the
	# workload before this tracer has attached.
	: >"$WORK/out"
	t0=$(now)
	# Line-buffered, so a tool that prints its ready line to a file shows it.
	# exec: $TRACER is the tracer itself (its RSS, its signal).
	(eval "exec stdbuf -oL -eL $*") >"$WORK/out" 2>&1 &
	TRACER=$!
	TRACER_CMD=$*
	for i in $(seq 1 2000); do
		if grep -Eq "$ready" "$WORK/out" 2>/dev/null; then
			echo "$(echo "$(now) - $t0" | bc -l)" >"$WORK/startup"
			return 0
		fi
		kill -0 "$TRACER" 2>/dev/null || break
		sleep 0.005
	done
	echo "bench: tracer not ready: $*" >&2
	head -20 "$WORK/out" >&2
	kill -KILL "$TRACER" 2>/dev/null || true
	wait "$TRACER" 2>/dev/null || true
	return 1
}

stop_tracer() {
	local rss i
	rss=$(awk '/VmHWM/ {print $2}' "/proc/$TRACER/status" 2>/dev/null || echo 0)
	echo "$rss" >"$WORK/rss"
	# Ctrl-C as a user would; a tracer still there after 5 s is made to go.
	kill -INT "$TRACER" 2>/dev/null || true
	for i in $(seq 1 500); do
		kill -0 "$TRACER" 2>/dev/null || break
		sleep 0.01
	done
	if kill -0 "$TRACER" 2>/dev/null; then
		echo "bench: $TRACER_CMD did not stop on SIGINT" >&2
		kill -TERM "$TRACER" 2>/dev/null || true
		sleep 1
		kill -KILL "$TRACER" 2>/dev/null || true
	fi
	wait "$TRACER" 2>/dev/null || true
}

# Wall time and CPU time (user + system, children included) of a command.
# The BPF programs run in the workload's own context, so its CPU time is
# what they cost it, and unlike wall time it does not count the time spent
# waiting for a CPU that other load on the host holds.
time_cmd() { # CMD... -> "wall_s cpu_s"
	local TIMEFORMAT='%R %U %S'
	{ time "$@" >/dev/null 2>&1; } 2>&1 | awk '{printf "%s %.3f\n", $1, $2 + $3}'
}

# CPU time (user + system) a process has used so far, in seconds.
proc_cpu() { # PID
	awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo 0
}

# Every BPF program id loaded now, one per line, sorted.
prog_ids() { bpftool prog show -j 2>/dev/null | jq -r '.[].id' | sort; }

# "run_time_ns run_cnt" summed over the programs @ids (kernel.bpf_stats_enabled).
prog_runs() { # IDS
	local id
	for id in $1; do bpftool prog show id "$id" -j 2>/dev/null; done |
		jq -rs '[(map(.run_time_ns // 0) | add), (map(.run_cnt // 0) | add)] | "\(.[0] // 0) \(.[1] // 0)"'
}

# The time the tracer's own BPF programs ran during one workload run, from
# the kernel's per-program statistics (on for this run only: they add two
# clock reads per program run). Precise where the CPU ratios drown in noise
# (biolatency), though it leaves out the hook's own cost (the floors do not).
bpf_time() { # READY CMD WORKLOAD -> "total_ms ns_per_run"
	local ready=$1 cmd=$2 workload=$3 before ids r0 r1
	before=$(prog_ids)
	start_tracer "$ready" "$cmd" || return 1
	ids=$(comm -13 <(echo "$before") <(prog_ids))
	sysctl -q kernel.bpf_stats_enabled=1
	r0=$(prog_runs "$ids")
	"$workload" >/dev/null 2>&1
	r1=$(prog_runs "$ids")
	sysctl -q kernel.bpf_stats_enabled=0
	stop_tracer
	echo "$r0 $r1" | awk '{dt = $3 - $1; dc = $4 - $2; printf "%.1f %.0f\n", dt / 1e6, dc ? dt / dc : 0}'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# Workload programs: small C files in bench/, built here (static where the
# tracer does not probe a shared library, so a run is only the loop).
build_workloads() {
	local cc=${CC:-cc} p
	for p in openloop sigloop diowrite udploop; do
		$cc -O2 -static -o "$WORK/$p" "$BENCH/$p.c" 2>/dev/null ||
			$cc -O2 -o "$WORK/$p" "$BENCH/$p.c"
	done
	$cc -O2 -o "$WORK/gailoop" "$BENCH/gailoop.c"
	reference_copy gailoop libc.so gairef
	if $cc -O2 -o "$WORK/tlsloop" "$BENCH/tlsloop.c" -lssl -lcrypto 2>/dev/null; then
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 1 -subj /CN=bench \
			>/dev/null 2>&1 || rm -f "$WORK/tlsloop"
		[ -x "$WORK/tlsloop" ] && reference_copy tlsloop libssl tlsref
	fi
	: >"$WORK/target"
}

# A reference for a uprobe tool's workload: the same binary as NAME, run
# with a private copy of the library it probes. Uprobes belong to an inode,
# so nothing fires in the copy while a tracer is attached, and NAME (its
# comm) shows whether a tracer saw it anyway.
reference_copy() { # BINARY LIBRARY NAME
	local lib
	lib=$(ldd "$WORK/$1" | awk -v l="$2" 'index($1, l) == 1 {print $3; exit}')
	[ -r "$lib" ] || return 0
	mkdir -p "$WORK/lib-$3"
	cp -L "$lib" "$WORK/lib-$3/"
	cp "$WORK/$1" "$WORK/$3"
}

# Per tool: the workload (bounded: timeout), N events it makes where it
# makes a known number, a pattern matching one output line per event, and
# the tracers as "label|ready-regex|command" (commands are eval'ed).
N_opensnoop=${N_opensnoop:-100000}
N_sigsnoop=${N_sigsnoop:-200000}
N_biolatency=${N_biolatency:-10000}
N_gethostlatency=${N_gethostlatency:-20000}
N_udplife=${N_udplife:-10000}
N_sslsnoop=${N_sslsnoop:-10000}

workload_syscount() { dd if=/dev/zero of=/dev/null bs=1 count=500k; }
describe_syscount() { echo "dd if=/dev/zero of=/dev/null bs=1 count=500k (1M syscalls)"; }
tracers_syscount() {
	if [ -n "${FLOOR:-}" ]; then
		echo "floor: tp_btf counter only|^Tracing|$FLOOR"
		echo "floor -L: counters at sys_enter and sys_exit|^Tracing|$FLOOR -L"
		echo "floor -L with clock reads: counter + bpf_ktime_get_ns at both|^Tracing|$FLOOR -LT"
	fi
	echo "coretrace syscount|^Tracing|$BINDIR/syscount"
	echo "coretrace syscount -L|^Tracing|$BINDIR/syscount -L"
	echo "coretrace syscount -P|^Tracing|$BINDIR/syscount -P"
	echo "coretrace syscount --tree (the benchmark's shell)|^Tracing|$BINDIR/syscount --tree $$"
	if [ -x "$LIBBPF_TOOLS/syscount" ]; then
		echo "libbpf-tools syscount|Tracing|$LIBBPF_TOOLS/syscount"
		echo "libbpf-tools syscount -L|Tracing|$LIBBPF_TOOLS/syscount -L"
		echo "libbpf-tools syscount -P|Tracing|$LIBBPF_TOOLS/syscount -P"
	fi
	if command -v bpftrace >/dev/null; then
		echo "bpftrace count by syscall|Attaching|bpftrace -e 'tracepoint:raw_syscalls:sys_exit{@[args->id]=count();}'"
		echo "bpftrace count by comm|Attaching|bpftrace -e 'tracepoint:raw_syscalls:sys_enter{@[comm]=count();}'"
	fi
}

workload_opensnoop() { timeout 60 "$WORK/openloop" "$WORK/target" "$N_opensnoop"; }
describe_opensnoop() { echo "openloop: open(2)+close(2) of one file, $N_opensnoop times"; }
match_opensnoop() { echo openloop; }
tracers_opensnoop() {
	# The same hooks, counting only (the syscount table's floor -L).
	[ -n "${FLOOR:-}" ] &&
		echo "floor -L: counters at sys_enter and sys_exit|^Tracing|$FLOOR -L"
	echo "coretrace opensnoop|^Tracing|$BINDIR/opensnoop"
	echo "coretrace opensnoop --tree (the benchmark's shell)|^Tracing|$BINDIR/opensnoop --tree $$"
	echo "coretrace opensnoop -C (CONTAINER column)|^Tracing|$BINDIR/opensnoop -C"
	[ -x "$LIBBPF_TOOLS/opensnoop" ] && echo "libbpf-tools opensnoop|PID|$LIBBPF_TOOLS/opensnoop"
	[ -r "$BPFTRACE_TOOLS/opensnoop.bt" ] && echo "bpftrace opensnoop.bt|Tracing|bpftrace $BPFTRACE_TOOLS/opensnoop.bt"
}

workload_sigsnoop() { timeout 60 "$WORK/sigloop" "$N_sigsnoop"; }
describe_sigsnoop() { echo "sigloop: kill(2) SIGUSR1 to a child that ignores it, $N_sigsnoop times"; }
match_sigsnoop() { echo sigloop; }
tracers_sigsnoop() {
	[ -n "${FLOOR:-}" ] && echo "floor -S: counter at signal_generate|^Tracing|$FLOOR -S"
	echo "coretrace sigsnoop|^Tracing|$BINDIR/sigsnoop"
	echo "coretrace sigsnoop --tree (the benchmark's shell)|^Tracing|$BINDIR/sigsnoop --tree $$"
	[ -x "$LIBBPF_TOOLS/sigsnoop" ] && echo "libbpf-tools sigsnoop|PID|$LIBBPF_TOOLS/sigsnoop"
	echo "bpftrace signal_generate one-liner|Attaching|bpftrace -e 'tracepoint:signal:signal_generate{printf(\"%d %s %d %d %d\\n\",pid,comm,args->pid,args->sig,args->result);}'"
}

setup_biolatency() {
	mkdir -p "$WORK/tmpfs"
	mount -t tmpfs -o size=80m tmpfs "$WORK/tmpfs"
	truncate -s 64M "$WORK/tmpfs/disk.img"
	LOOPDEV=$(losetup -f --show "$WORK/tmpfs/disk.img")
}
teardown_biolatency() {
	[ -n "${LOOPDEV:-}" ] && losetup -d "$LOOPDEV"
	umount "$WORK/tmpfs" 2>/dev/null || true
	LOOPDEV=
}
workload_biolatency() { timeout 60 "$WORK/diowrite" "$LOOPDEV" "$N_biolatency"; }
describe_biolatency() { echo "diowrite: 4 KiB O_DIRECT pwrite(2) to a loop device on tmpfs, $N_biolatency times"; }
tracers_biolatency() {
	[ -n "${FLOOR:-}" ] &&
		echo "floor: counters at block_rq_issue and block_rq_complete|^Tracing|$FLOOR -B"
	echo "coretrace biolatency|^Tracing|$BINDIR/biolatency"
	echo "coretrace biolatency --tree (the benchmark's shell)|^Tracing|$BINDIR/biolatency --tree $$"
	[ -x "$LIBBPF_TOOLS/biolatency" ] && echo "libbpf-tools biolatency|Tracing|$LIBBPF_TOOLS/biolatency"
	# biolatency.bt needs kprobes; the same histogram from the tracepoints:
	echo "bpftrace block_rq tracepoints|Attaching|bpftrace -e 'tracepoint:block:block_rq_issue{@s[args->dev,args->sector]=nsecs;} tracepoint:block:block_rq_complete /@s[args->dev,args->sector]/ {@usecs=hist((nsecs-@s[args->dev,args->sector])/1000);delete(@s[args->dev,args->sector]);}'"
}

# Pinned, with its reference (a private libc), to one CPU.
run_gailoop() { # BINARY FAMILY
	timeout 60 taskset -c 0 "$WORK/$1" localhost "$N_gethostlatency" "$2"
}
workload_gethostlatency() { run_gailoop gailoop any; }
describe_gethostlatency() { echo "gailoop: getaddrinfo(\"localhost\", AF_UNSPEC) (in /etc/hosts), $N_gethostlatency times, on CPU 0"; }
match_gethostlatency() { echo gailoop; }
reference_gethostlatency() { [ -x "$WORK/gairef" ] && LD_LIBRARY_PATH=$WORK/lib-gairef run_gailoop gairef any; }
match_reference_gethostlatency() { echo gairef; }
# AF_INET: glibc's getaddrinfo answers it by calling gethostbyname2_r, which
# we probe too (for programs that call it), so each lookup makes twice the traps.
workload_gethostlatency_inet() { run_gailoop gailoop inet; }
describe_gethostlatency_inet() { echo "gailoop: getaddrinfo(\"localhost\", AF_INET) (in /etc/hosts), $N_gethostlatency times, on CPU 0"; }
match_gethostlatency_inet() { echo gailoop; }
reference_gethostlatency_inet() { [ -x "$WORK/gairef" ] && LD_LIBRARY_PATH=$WORK/lib-gairef run_gailoop gairef inet; }
match_reference_gethostlatency_inet() { echo gairef; }
tracers_gethostlatency_inet() { tracers_gethostlatency; }
# The floor of a uprobe tool: empty programs on the same entries and returns
# (bpftrace one-liner; its programs do nothing, so its own cost is the traps).
uprobe_floor() { # LABEL LIB FUNC...
	local label=$1 lib=$2 f entries= returns=
	shift 2
	for f in "$@"; do
		entries+="${entries:+,}uprobe:$lib:$f"
		returns+="${returns:+,}uretprobe:$lib:$f"
	done
	command -v bpftrace >/dev/null &&
		echo "floor: empty uprobes and uretprobes$label (bpftrace)|^Tracing|bpftrace -e 'BEGIN{printf(\"Tracing\\n\");} $entries{} $returns{}'"
}

tracers_gethostlatency() {
	uprobe_floor "" libc getaddrinfo gethostbyname gethostbyname2
	# The same with the _r functions, as we probe them: the floor for
	# getaddrinfo(AF_INET), which calls gethostbyname2_r.
	uprobe_floor ", with the _r functions" libc getaddrinfo gethostbyname gethostbyname2 \
		gethostbyname_r gethostbyname2_r
	echo "coretrace gethostlatency|^Tracing|$BINDIR/gethostlatency"
	echo "coretrace gethostlatency --tree (the benchmark's shell)|^Tracing|$BINDIR/gethostlatency --tree $$"
	[ -x "$LIBBPF_TOOLS/gethostlatency" ] && echo "libbpf-tools gethostlatency|LATms|$LIBBPF_TOOLS/gethostlatency"
	[ -r "$BPFTRACE_TOOLS/gethostlatency.bt" ] && echo "bpftrace gethostlatency.bt|Tracing|bpftrace $BPFTRACE_TOOLS/gethostlatency.bt"
}

workload_udplife() { timeout 60 "$WORK/udploop" "$N_udplife"; }
describe_udplife() { echo "udploop: two UDP sockets on loopback, one datagram, both closed; $N_udplife times (2 sockets each)"; }
match_udplife() { echo udploop; }
tracers_udplife() {
	[ -n "${FLOOR:-}" ] &&
		echo "floor -U: counters at udplife's socket hooks and tracepoints|^Tracing|$FLOOR -U"
	echo "coretrace udplife|^Tracing|$BINDIR/udplife"
	echo "coretrace udplife --tree (the benchmark's shell)|^Tracing|$BINDIR/udplife --tree $$"
	# No peer in libbpf-tools or bpftrace's tools.
}

# Pinned, with its reference, to one CPU: the pair sees the same host speed.
run_tlsloop() { # BINARY
	timeout 60 taskset -c 0 "$WORK/$1" "$WORK/cert.pem" "$WORK/key.pem" "$N_sslsnoop"
}
workload_sslsnoop() { run_tlsloop tlsloop; }
describe_sslsnoop() { echo "tlsloop: one TLS connection on TCP loopback, both ends in one thread, $N_sslsnoop round trips of SSL_write+SSL_read (64 bytes) each way, on CPU 0"; }
match_sslsnoop() { echo tlsloop; }
reference_sslsnoop() { [ -x "$WORK/tlsref" ] && LD_LIBRARY_PATH=$WORK/lib-tlsref run_tlsloop tlsref; }
match_reference_sslsnoop() { echo tlsref; }
tracers_sslsnoop() {
	uprobe_floor "" libssl SSL_read SSL_write
	echo "coretrace sslsnoop|^Tracing|$BINDIR/sslsnoop"
	echo "coretrace sslsnoop --tree (the benchmark's shell)|^Tracing|$BINDIR/sslsnoop --tree $$"
	# sslsnoop.bt's job: latencies of reads, writes and handshakes, no data.
	echo "coretrace sslsnoop --no-data --handshake|^Tracing|$BINDIR/sslsnoop --no-data --handshake"
	# No sslsnoop in Debian's libbpf-tools.
	[ -r "$BPFTRACE_TOOLS/sslsnoop.bt" ] && echo "bpftrace sslsnoop.bt|Tracing|bpftrace $BPFTRACE_TOOLS/sslsnoop.bt"
}

bench_tool() {
	local tool=$1 r k label ready cmd bare bare_cpu ref ref_cpu t t_cpu c0 c1 match= runs=0
	declare -A ratios cpu_ratios tracer_cpus startups rsss events failed bpftimes
	local -a labels=()

	if ! declare -F "tracers_$tool" >/dev/null; then
		echo "bench: no benchmark for $tool" >&2
		return 1
	fi
	declare -F "match_$tool" >/dev/null && match=$("match_$tool")
	# A "tracer" that traces nothing: its ratio is the noise of the others.
	# (Background jobs of a script start with SIGINT ignored: restore it.)
	labels+=("no tracer: the noise of a ratio|^Tracing|sh -c 'echo Tracing; exec env --default-signal=INT sleep 100000'")
	while IFS='|' read -r label ready cmd; do labels+=("$label|$ready|$cmd"); done < <("tracers_$tool")
	declare -F "setup_$tool" >/dev/null && "setup_$tool"
	time_cmd "workload_$tool" >/dev/null # warm up: page cache, tmpfs pages
	# A tool with a reference workload is measured against it while attached.
	declare -F "reference_$tool" >/dev/null && time_cmd "reference_$tool" >/dev/null &&
		runs=$PAIRS
	for r in $(seq 1 "$ROUNDS"); do
		[ "$runs" -eq 0 ] && read -r bare bare_cpu < <(time_cmd "workload_$tool")
		for entry in "${labels[@]}"; do
			IFS='|' read -r label ready cmd <<<"$entry"
			if ! start_tracer "$ready" "$cmd"; then
				failed[$label]=1
				continue
			fi
			c0=$(proc_cpu "$TRACER")
			if [ "$runs" -eq 0 ]; then
				read -r t t_cpu < <(time_cmd "workload_$tool")
				ratios[$label]+="$(echo "$t / $bare" | bc -l) "
				cpu_ratios[$label]+="$(echo "$t_cpu / $bare_cpu" | bc -l) "
			else
				# reference, traced, reference, traced, ...: each traced
				# run against the two references beside it.
				read -r bare bare_cpu < <(time_cmd "reference_$tool")
				for k in $(seq 1 "$runs"); do
					read -r t t_cpu < <(time_cmd "workload_$tool")
					read -r ref ref_cpu < <(time_cmd "reference_$tool")
					ratios[$label]+="$(echo "2 * $t / ($bare + $ref)" | bc -l) "
					cpu_ratios[$label]+="$(echo "2 * $t_cpu / ($bare_cpu + $ref_cpu)" | bc -l) "
					bare=$ref bare_cpu=$ref_cpu
				done
			fi
			c1=$(proc_cpu "$TRACER")
			stop_tracer
			tracer_cpus[$label]+="$(echo "($c1 - $c0) * 1000 / $((runs ? runs : 1))" | bc -l) "
			startups[$label]+="$(cat "$WORK/startup") "
			rsss[$label]+="$(cat "$WORK/rss") "
			[ -n "$match" ] && events[$label]+="$({ grep -c -- "$match" "$WORK/out" || true; } | awk -v n="$runs" '{printf "%.0f", n ? $1 / n : $1}') "
			if [ "$runs" -gt 0 ] && grep -q -- "$("match_reference_$tool")" "$WORK/out"; then
				echo "bench: $label traced the reference workload: the ratios would be void" >&2
				exit 1
			fi
		done
		echo "bench: $tool round $r/$ROUNDS done (bare $bare s, CPU $bare_cpu s)" >&2
	done
	# Three runs each, interleaved; the median of each column.
	for r in 1 2 3; do
		for entry in "${labels[@]}"; do
			IFS='|' read -r label ready cmd <<<"$entry"
			[ -n "${failed[$label]:-}" ] && continue
			bpftimes[$label]+="$(bpf_time "$ready" "$cmd" "workload_$tool" || echo "- -")
"
		done
	done
	declare -F "teardown_$tool" >/dev/null && "teardown_$tool"
	echo
	echo "### $tool"
	echo
	echo "Workload: $("describe_$tool"), $ROUNDS interleaved rounds."
	if [ "$runs" -gt 0 ]; then
		echo
		echo "Ratios here are to a reference run, not a bare one: the same workload with"
		echo "a private copy of the probed library (no probe fires in it), run just"
		echo "before and after each traced run while the tracer is attached; $runs traced"
		echo "runs per round. Events shown and the tracer's CPU are per traced run."
	fi
	echo
	echo "| tracer | CPU ratio to $([ "$runs" -gt 0 ] && echo reference || echo bare) | added CPU | wall ratio | added wall | BPF programs' time (ms) | ns per program run | tracer's own CPU (ms) | start-up (ms) | peak RSS (KiB) | events shown (min / median) |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|"
	for entry in "${labels[@]}"; do
		IFS='|' read -r label ready cmd <<<"$entry"
		local ratio cratio tcpu startup rss ev=- bpf_ms bpf_ns
		if [ -n "${failed[$label]:-}" ]; then
			printf '| %s | could not start (see the log) | | | | | | | | | |\n' "$label"
			continue
		fi
		bpf_ms=$(echo "${bpftimes[$label]}" | awk '$1 != "-" && NF {print $1}' | median)
		bpf_ns=$(echo "${bpftimes[$label]}" | awk '$2 != "-" && NF {print $2}' | median)
		ratio=$(echo "${ratios[$label]}" | tr ' ' '\n' | grep . | median)
		cratio=$(echo "${cpu_ratios[$label]}" | tr ' ' '\n' | grep . | median)
		tcpu=$(echo "${tracer_cpus[$label]}" | tr ' ' '\n' | grep . | median)
		startup=$(echo "${startups[$label]}" | tr ' ' '\n' | grep . | median)
		rss=$(echo "${rsss[$label]}" | tr ' ' '\n' | grep . | median)
		if [ -n "$match" ]; then
			ev="$(echo "${events[$label]}" | tr ' ' '\n' | grep . | sort -g | head -1) / $(echo "${events[$label]}" | tr ' ' '\n' | grep . | median)"
		fi
		summary_note "$tool" "$label" "$cratio" "$startup" "$rss" "$bpf_ns"
		printf '| %s | %.3f | %+.1f%% | %.3f | %+.1f%% | %s | %s | %.0f | %.0f | %.0f | %s |\n' "$label" \
			"$cratio" "$(echo "($cratio - 1) * 100" | bc -l)" \
			"$ratio" "$(echo "($ratio - 1) * 100" | bc -l)" "$bpf_ms" "$bpf_ns" "$tcpu" \
			"$(echo "$startup * 1000" | bc -l)" "$rss" "$ev"
	done
	echo
	echo "Commands:"
	echo
	for entry in "${labels[@]}"; do
		IFS='|' read -r label ready cmd <<<"$entry"
		echo "- $label: \`${cmd//$BINDIR/BINDIR}\`"
	done
}

# For the summary: the first row of each kind in a tool's table (its
# default mode, and the floor that hooks what that mode hooks).
summary_note() { # TOOL LABEL CPU_RATIO STARTUP_S RSS BPF_NS
	local kind
	case $2 in
	coretrace*) kind=ours ;;
	floor*) kind=floor ;;
	libbpf-tools*) kind=libbpf ;;
	bpftrace*) kind=bpftrace ;;
	*) return 0 ;;
	esac
	grep -qs "^$kind|" "$WORK/summary.$1" && return 0
	printf '%s|%s|%.0f|%s|%s\n' "$kind" "$(echo "($3 - 1) * 100" | bc -l)" \
		"$(echo "$4 * 1000" | bc -l)" "$5" "$6" >>"$WORK/summary.$1"
}

# One line per tool, from the tables below it.
summary() {
	local tool f ours floor lib bt ratio
	echo
	echo "### How to read this: one line per tool"
	echo
	echo "The added CPU of the traced workload under each tool's default mode (the"
	echo "first row of its kind in the tool's table below), against the floor: the"
	echo "cheapest program on the same hooks, which records nothing. coretrace /"
	echo "floor is the ratio of the two added costs (1.00: all of it is the hooks'),"
	echo "shown where the floor's is above the noise (5%). biolatency's completions"
	echo "run in the loop device's worker, not the workload: its table's ns per"
	echo "program run is its measure (in brackets here: coretrace's / the floor's)."
	echo "Start-up and peak RSS: coretrace's, in that run."
	echo
	echo "| tool | coretrace | floor | coretrace / floor | libbpf-tools | bpftrace | start-up (ms) | peak RSS (KiB) |"
	echo "|---|---|---|---|---|---|---|---|"
	for tool in $TOOLS; do
		[[ $tool == *_* ]] && continue # a variant: its own table only
		f=$WORK/summary.$tool
		[ -f "$f" ] || continue
		ours=$(awk -F'|' '$1 == "ours" {print $2}' "$f")
		floor=$(awk -F'|' '$1 == "floor" {print $2}' "$f")
		lib=$(awk -F'|' '$1 == "libbpf" {printf "%+.1f%%", $2}' "$f")
		bt=$(awk -F'|' '$1 == "bpftrace" {printf "%+.1f%%", $2}' "$f")
		ratio=-
		if [ "$tool" = biolatency ]; then
			ratio="($(awk -F'|' '$1 == "ours" {o = $5} $1 == "floor" {f = $5}
				END {print (o != "" && f != "" && f > 0) ? sprintf("%.2f", o / f) : "-"}' "$f"))"
		elif [ -n "$floor" ] && [ "$(echo "$floor > 5" | bc -l)" = 1 ]; then
			ratio=$(printf '%.2f' "$(echo "$ours / $floor" | bc -l)")
		fi
		printf '| %s | %+.1f%% | %s | %s | %s | %s | %s | %s |\n' "$tool" "$ours" \
			"$([ -n "$floor" ] && printf '%+.1f%%' "$floor" || echo -)" "$ratio" \
			"${lib:--}" "${bt:--}" "$(awk -F'|' '$1 == "ours" {print $3}' "$f")" \
			"$(awk -F'|' '$1 == "ours" {print $4}' "$f")"
	done
}

# Idle start-up and peak RSS of one binary: median of 5 starts.
idle_cost() { # BIN -> "startup_ms rss_kib"
	local i s=() m=()
	for i in 1 2 3 4 5; do
		start_tracer "^Tracing" "$1" || return 1
		stop_tracer
		s+=("$(cat "$WORK/startup")")
		m+=("$(cat "$WORK/rss")")
	done
	printf '%.0f %s\n' "$(printf '%s\n' "${s[@]}" | median | awk '{print $1 * 1000}')" \
		"$(printf '%s\n' "${m[@]}" | median)"
}

sizes() {
	local f dyn sep ours a b total=0 n=0 one
	one=$(stat -L -c %s "$BINDIR/coretrace")
	echo
	echo "### Binary sizes and start-up: one program or seven"
	echo
	echo "Bytes on disk. BINDIR holds one static coretrace and a link per tool;"
	echo "SEPARATE_BINDIR, where given, seven static binaries of the same tools"
	echo "(stripped, static-pie), one per tool, as before coretrace was one program${SEPARATE_FROM:+ (built from $SEPARATE_FROM)}."
	echo "Start-up (ms) and peak RSS (KiB): idle, median of 5 starts, exec until"
	echo "attached; the dynamic build (libbpf.so, libelf, libz shared) likewise."
	echo
	echo "| tool | coretrace (one file, BINDIR) | separate static binary | libbpf-tools (libbpf static, libc dynamic) | start-up ms / peak RSS KiB: coretrace | separate binary | dynamic build |"
	echo "|---|---|---|---|---|---|---|"
	mkdir -p "$WORK/idle"
	for f in $TOOLS; do
		[[ $f == *_* ]] && continue # a variant: the same binary
		ln -sfn "$BINDIR/coretrace" "$WORK/idle/$f"
		ours=-
		read -r a b < <(idle_cost "$WORK/idle/$f") && ours="$a / $b"
		dyn=- sep=-
		if [ -x "${DYNAMIC_BINDIR:-/nonexistent}/$f" ]; then
			rm -f "$WORK/idle/$f"
			cp -L "$DYNAMIC_BINDIR/$f" "$WORK/idle/$f"
			read -r a b < <(idle_cost "$WORK/idle/$f") && dyn="$a / $b"
		fi
		if [ -x "${SEPARATE_BINDIR:-/nonexistent}/$f" ]; then
			rm -f "$WORK/idle/$f"
			cp -L "$SEPARATE_BINDIR/$f" "$WORK/idle/$f"
			read -r a b < <(idle_cost "$WORK/idle/$f") && sep="$a / $b"
			total=$((total + $(stat -L -c %s "$SEPARATE_BINDIR/$f")))
			n=$((n + 1))
		fi
		rm -f "$WORK/idle/$f"
		printf '| %s | (the one file) | %s | %s | %s | %s | %s |\n' "$f" \
			"$(stat -L -c %s "${SEPARATE_BINDIR:-/nonexistent}/$f" 2>/dev/null || echo -)" \
			"$(stat -c %s "$LIBBPF_TOOLS/$f" 2>/dev/null || echo -)" "$ours" "$sep" "$dyn"
	done
	printf '| **all seven** | **%s** | **%s** (%s files) | | | | |\n' "$one" \
		"$([ "$n" -gt 0 ] && echo "$total" || echo -)" "$n"
}

report() {
	echo "# Benchmark results"
	echo
	echo "Generated by \`bench/run.sh\` (\`make bench\`, ROUNDS=$ROUNDS) on $(date -u +%Y-%m-%d):"
	echo "kernel $(uname -r), $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)),"
	echo "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM. Ratios are medians of per-round ratios"
	echo "(traced / bare) over interleaved rounds; only ratios from one run compare."
	echo "Start-up: exec until the tool reports it is attached. Peak RSS: VmHWM."
	echo "BINDIR: $BINDIR (\`make bench\`: the static build)."
	echo
	echo "Ratios: traced / bare, per round, median over rounds (uprobe tools: traced"
	echo "/ reference, see their tables). CPU: the workload's"
	echo "user + system time (children included); BPF programs run in its context, so"
	echo "this is what a tracer costs the traced process, and it is not inflated by"
	echo "other load waiting for CPU the way wall time is on this shared machine."
	echo "Tracer's own CPU: user + system time of the tracer process during the run"
	echo "(reading and printing events; 10 ms resolution). Added = ratio - 1."
	echo "BPF programs' time: what the tracer's programs ran in all during a workload"
	echo "run (median of 3 more), from kernel.bpf_stats_enabled (which adds two clock reads to"
	echo "every program run, so both columns read high; the hook's own cost is not"
	echo "in them). Exact where the ratios are within noise."
	echo "No tracer: a process that traces nothing, started and stopped like the"
	echo "tracers: how far from 1 a ratio strays by chance in that run. biolatency's"
	echo "block completions run in the loop device's worker, not the workload, so"
	echo "there the BPF programs' time is the measure that resolves the tools."
	echo "Events shown: output lines naming the workload's"
	echo "process, lowest and median over the rounds (the workload makes the count"
	echo "in its description; more are other events of the same process)."
	build_workloads
	# Copies: a rebuild during the run changes nothing here.
	mkdir -p "$WORK/bin"
	cp -P "$BINDIR"/* "$WORK/bin/" # coretrace and its links
	BINDIR=$WORK/bin
	for tool in $TOOLS; do
		bench_tool "$tool" >>"$WORK/tables"
	done
	summary
	cat "$WORK/tables"
	sizes
}

RESULTS=${RESULTS:-$(dirname "$0")/RESULTS.md}
if [ "$RESULTS" = - ]; then
	report
else
	report >"$RESULTS.tmp"
	mv "$RESULTS.tmp" "$RESULTS"
	echo "bench: results in $RESULTS" >&2
fi
