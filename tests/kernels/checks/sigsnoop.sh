# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# sigsnoop: signals with known senders, targets and results, as tests/integration/test_sigsnoop.c.
# needs: /usr/bin/jq

# -v says how sigsnoop attached and, with -k, where it keeps entry state.
sg_method() {
	ct_method "$(ct_info 's/.*method: \([a-z_]*\) on .*/\1/p')"
	case $(ct_info 's/.*entry state in //p') in
	"task storage") ct_method "-k:task-storage" ;;
	"a tid hash") ct_method "-k:tid-hash" ;;
	esac
}

# sigsnoop ARGS... around ct-sig SCENARIO (arguments S and T are replaced
# by the sender's and the target's pid); the scenario waits on a gate until
# the tool is attached.
sg_run() {
	scenario=$1
	shift
	pids=$CT_WORK/ct-sig.pids
	rm -f "$pids"
	ct_gate
	ct-sig "$scenario" "$pids" "$CT_GATE" &
	wpid=$!
	i=0
	while [ ! -s "$pids" ] && kill -0 "$wpid" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if ! read -r S T <"$pids"; then
		ct_fail "ct-sig $scenario did not start"
		kill "$wpid" 2>/dev/null
		wait "$wpid"
		return 1
	fi
	args=
	for a in "$@"; do
		case $a in S) a=$S ;; T) a=$T ;; esac
		args="$args $a"
	done
	# shellcheck disable=SC2086
	if ! ct_start sigsnoop $args; then
		ct_open_gate
		wait "$wpid"
		return 1
	fi
	sg_method
	ct_open_gate
	wait "$wpid" || { ct_fail "workload $scenario failed"; return 1; }
	ct_stop
}

# JQ over the array of all event records matching SEL.
sg_jq() { jq -sc "map(select(.type == \"event\" and ($1))) | $2" "$CT_OUT"; }

ct_case delivered_ignored_pending
if sg_run four --target T -j; then
	v=$(sg_jq true 'map([.pid, .sig, .tpid, .tcomm, .result])')
	w="[[$S,10,$T,\"ctsig-target\",\"delivered\"],[$S,12,$T,\"ctsig-target\",\"ignored\"],"
	w="${w}[$S,1,$T,\"ctsig-target\",\"delivered\"],[$S,1,$T,\"ctsig-target\",\"pending\"]]"
	ct_expect "got $v, want $w" [ "$v" = "$w" ]
fi

ct_case failed_only
if sg_run four --target T -x -j; then
	v=$(sg_jq true 'map([.sig, .result])')
	ct_expect "-x shows $v, want [[12,\"ignored\"],[1,\"pending\"]]" \
		[ "$v" = '[[12,"ignored"],[1,"pending"]]' ]
fi

ct_case overflow_lose_info
if sg_run queue --target T -n -j; then
	v=$(sg_jq true 'map([.signal, .result])')
	ct_expect "got $v, want [[\"SIGRTMIN+3\",\"overflow\"],[\"SIGUSR1\",\"lose_info\"]]" \
		[ "$v" = '[["SIGRTMIN+3","overflow"],["SIGUSR1","lose_info"]]' ]
fi

# The kernel's own signals: the fault, and the child's SIGCHLD to us.
for k in segv:11 pipe:13; do
	ct_case "kernel_${k%:*}_sigchld"
	if sg_run "${k%:*}" -p T -j; then
		v=$(sg_jq true 'map([.pid, .sig, .tpid, .result])')
		w="[[$T,${k#*:},$T,\"delivered\"],[$T,17,$S,\"delivered\"]]"
		ct_expect "got $v, want $w" [ "$v" = "$w" ]
	fi
done

# -k: rt_sigqueueinfo, pidfd_send_signal (5.1+; the target from
# signal_generate), and kill of a reaped pid.
ct_case kill_syscalls
if sg_run kill -k -p S -j; then
	v=$(sg_jq ".tpid == $T" 'map([.pid, .sig, .tpid, .tcomm, .result])')
	w="[[$S,10,$T,\"ctsig-target\",\"0\"],[$S,10,$T,\"ctsig-target\",\"0\"],[$S,15,$T,\"?\",\"ESRCH\"]]"
	ct_expect "got $v, want $w" [ "$v" = "$w" ]
fi

ct_case kill_syscalls_failed_only
if sg_run killx -k -x -p S -j; then
	v=$(sg_jq true 'map([.sig, .tpid, .result])')
	ct_expect "-k -x shows $v, want [[12,$T,\"ESRCH\"]]" [ "$v" = "[[12,$T,\"ESRCH\"]]" ]
fi

ct_case signal_list
if sg_run list --target T -s usr1,SIGRTMIN+3 -n -j; then
	v=$(sg_jq true 'map([.signal, .result])')
	ct_expect "-s shows $v, want [[\"SIGUSR1\",\"delivered\"],[\"SIGRTMIN+3\",\"delivered\"]]" \
		[ "$v" = '[["SIGUSR1","delivered"],["SIGRTMIN+3","delivered"]]' ]
fi

ct_case sender_filter_text
if sg_run usr1 -p S -n; then
	ct_expect "no header" grep -q '^TIME  *PID COMM  *SIG  *TPID TCOMM  *RESULT' "$CT_OUT"
	# Its own SIGCHLD to the shell is ct-sig's; the target's to ct-sig is not.
	v=$(awk -v s="$S" 'NR > 1 && $2 != s' "$CT_OUT")
	ct_expect "signals of other senders under -p $S: $v" [ -z "$v" ]
	v=$(awk '$4 == "SIGUSR1" { print $2, $3, $5, $6, $7 }' "$CT_OUT")
	ct_expect "SIGUSR1 line '$v', want '$S ct-sig $T ctsig-target delivered'" \
		[ "$v" = "$S ct-sig $T ctsig-target delivered" ]
fi

# --btf FILE makes the tool use raw_tp (for kernels without their own BTF);
# with the kernel's own file we can test that path everywhere.
ct_case raw_tp
if sg_run four --target T -j --btf /sys/kernel/btf/vmlinux; then
	v=$(sg_jq true 'map([.pid, .sig, .tpid, .tcomm, .result])')
	w="[[$S,10,$T,\"ctsig-target\",\"delivered\"],[$S,12,$T,\"ctsig-target\",\"ignored\"],"
	w="${w}[$S,1,$T,\"ctsig-target\",\"delivered\"],[$S,1,$T,\"ctsig-target\",\"pending\"]]"
	ct_expect "raw_tp: got $v, want $w" [ "$v" = "$w" ]
fi
ct_case raw_tp_kill_syscalls
if sg_run kill -k -p S -j --btf /sys/kernel/btf/vmlinux; then
	v=$(sg_jq ".tpid == $T" 'map([.pid, .sig, .tpid, .tcomm, .result])')
	w="[[$S,10,$T,\"ctsig-target\",\"0\"],[$S,10,$T,\"ctsig-target\",\"0\"],[$S,15,$T,\"?\",\"ESRCH\"]]"
	ct_expect "raw_tp -k: got $v, want $w" [ "$v" = "$w" ]
fi

ct_case bad_signal
ct_run sigsnoop -s TERM,NOPE
ct_expect "exit status $CT_RC for -s TERM,NOPE, want 2" [ "$CT_RC" = 2 ]
ct_expect "no 'invalid signal' message" grep -q "sigsnoop: invalid signal: 'NOPE'" "$CT_ERR"
