# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Helpers for tests/kernels/checks/*.sh. Sourced by check.sh, which runs each
# check in its own subshell, in a guest (busybox sh) or on the host.
#
# A check calls, in order, as often as it likes:
#   ct_case NAME                 start a named case (shown when it fails)
#   ct_start TOOL ARGS...        run $CT_BIN/TOOL -v ARGS in the background,
#                                return once it printed "Tracing" (attached)
#   ct_stop [SIG]                signal it (default INT), wait; $CT_RC = exit
#                                status, $CT_OUT / $CT_ERR = its output files
#   ct_wait                      wait for a tool that ends by itself (-d, count)
#   ct_run TOOL ARGS...          run it to its end, any exit status ($CT_RC)
#   ct_expect DESC CMD...        CMD must succeed, else the case fails with DESC
#   ct_method TEXT               record the attach method the tool chose
#   ct_na REASON                 the kernel cannot support this: mark n/a
#   ct_between V LO HI           V is a number, LO <= V < HI
# and check.sh prints one result line for the tool. Workload helpers
# (tests/kernels/helpers/*.c, built static) are on $PATH.

CT_TIMEOUT=${CT_TIMEOUT:-120} # seconds for a tool to attach (TCG is slow)
CT_FAILED=
CT_METHOD=
CT_NA=
CT_CASE=
CT_PID=
CT_N=0
CT_NNA=0

ct_log() { echo "  [$CT_TOOL/$CT_CASE] $*"; }

ct_case() {
	CT_CASE=$1
	CT_N=$((CT_N + 1))
	CT_OUT=$CT_WORK/$CT_TOOL.$CT_N.out
	CT_ERR=$CT_WORK/$CT_TOOL.$CT_N.err
}

ct_fail() {
	ct_log "FAIL: $*"
	case " $CT_FAILED " in *" $CT_CASE "*) ;; *) CT_FAILED="$CT_FAILED $CT_CASE" ;; esac
	if [ -n "$CT_PID" ]; then
		kill -KILL "$CT_PID" 2>/dev/null
		wait "$CT_PID" 2>/dev/null
		CT_PID=
	fi
	for f in "$CT_OUT" "$CT_ERR"; do
		[ -s "$f" ] || continue
		echo "  --- $(basename "$f") (last 40 lines)"
		tail -n 40 "$f" | sed 's/^/  | /'
	done
	return 1
}

ct_start() {
	tool=$1
	shift
	: >"$CT_OUT"
	: >"$CT_ERR"
	"$CT_BIN/$tool" -v "$@" >"$CT_OUT" 2>"$CT_ERR" &
	CT_PID=$!
	i=0
	while ! grep -q '^Tracing' "$CT_ERR"; do
		if ! kill -0 "$CT_PID" 2>/dev/null; then
			wait "$CT_PID"
			CT_RC=$?
			CT_PID=
			ct_fail "$tool $* exited ($CT_RC) before attaching"
			return 1
		fi
		i=$((i + 1))
		if [ "$i" -gt $((CT_TIMEOUT * 10)) ]; then
			ct_fail "$tool $* did not attach within ${CT_TIMEOUT}s"
			return 1
		fi
		sleep 0.1
	done
	return 0
}

# Reap the tool; a tool that hangs is killed after $CT_TIMEOUT seconds (the
# exit status then says 137) so one stuck tool can't eat the guest's time.
ct_reap() {
	# The dog polls, so it is gone a second after the tool (no stray sleep).
	(
		i=0
		while kill -0 "$CT_PID" 2>/dev/null; do
			if [ "$i" -ge "$CT_TIMEOUT" ]; then
				kill -KILL "$CT_PID"
				break
			fi
			sleep 1
			i=$((i + 1))
		done
	) &
	wait "$CT_PID"
	CT_RC=$?
	CT_PID=
}

# Run a tool that should end by itself (a usage or setup error): $CT_RC is
# its exit status, whatever it is.
ct_run() {
	tool=$1
	shift
	"$CT_BIN/$tool" "$@" >"$CT_OUT" 2>"$CT_ERR" &
	CT_PID=$!
	ct_reap
	return 0
}

ct_stop() {
	[ -n "$CT_PID" ] || return 1
	kill "-${1:-INT}" "$CT_PID" 2>/dev/null
	ct_reap
	[ "$CT_RC" -eq 0 ] || { ct_fail "exit status $CT_RC"; return 1; }
}

# Wait for a tool that ends by itself (interval/count, -d).
ct_wait() {
	[ -n "$CT_PID" ] || return 1
	ct_reap
	[ "$CT_RC" -eq 0 ] || { ct_fail "exit status $CT_RC"; return 1; }
}

ct_expect() {
	desc=$1
	shift
	"$@" || { ct_fail "$desc"; return 1; }
	return 0
}

ct_method() {
	[ -n "$1" ] || return 0
	# Items are kept as "a, b, c": match whole items only.
	case ", $CT_METHOD, " in *", $1, "*) return 0 ;; esac
	CT_METHOD="${CT_METHOD:+$CT_METHOD, }$1"
}

# How -v says the tool attached its uprobes, as a method: uprobe_multi
# links, which every kernel from 6.10 on must use, sessions (6.13 on) for a
# tool that asks for them (ct_uprobe_kind sessions), or perf events.
ct_uprobe_kind() {
	kind=
	grep -q "method: uprobe_multi links" "$CT_ERR" && kind=uprobe_multi
	grep -q "method: uprobe_multi sessions" "$CT_ERR" && kind=uprobe_session
	grep -q "method: perf events" "$CT_ERR" && kind=perf-uprobes
	ct_expect "-v does not say how uprobes attached" [ -n "$kind" ] || return 1
	kv=$(uname -r | awk -F. '{ print $1 * 1000 + $2 }')
	want=perf-uprobes
	[ "$kv" -lt 6010 ] || want=uprobe_multi
	[ "$kv" -lt 6013 ] || [ "${1:-}" != sessions ] || want=uprobe_session
	ct_expect "uprobes attached as $kind on $(uname -r), want $want" [ "$kind" = "$want" ] ||
		return 1
	ct_method "$kind"
}

ct_na() {
	CT_NNA=$((CT_NNA + 1))
	CT_NA="${CT_NA:+$CT_NA; }$CT_CASE: $*"
	ct_log "n/a: $*"
}

# V is a number and LO <= V < HI.
ct_between() {
	case $1 in '' | *[!0-9]*) return 1 ;; esac
	[ "$1" -ge "$2" ] && [ "$1" -lt "$3" ]
}

# The first line of the tool's -v diagnostics matching a sed expression.
ct_info() { sed -n "$1" "$CT_ERR" | head -n1; }

# Value in column 2 of the line starting with "$1 " in $CT_OUT ("" if none).
ct_col() { awk -v k="$1" '$1 == k { print $2; exit }' "$CT_OUT"; }

# A gate for helpers started with -g: they start when it is written to.
ct_gate() {
	CT_GATE=$CT_WORK/gate.$CT_N
	CT_GATE_OPEN=
	rm -f "$CT_GATE"
	mkfifo "$CT_GATE"
}
# Once only: a second write would wait forever for a reader.
ct_open_gate() {
	[ -z "$CT_GATE_OPEN" ] || return 0
	CT_GATE_OPEN=1
	echo go >"$CT_GATE"
}
