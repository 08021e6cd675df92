# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# syscount: workloads with exact syscall counts, as tests/integration/test_syscount.c.
# needs: /usr/bin/jq

N=1234
F=321

# syscount -p <workload> ARGS... around ct-syscalls WORKLOAD...; the
# workload waits on a gate until the tool is attached.
sc_run() {
	workload=$1
	shift
	ct_gate
	# shellcheck disable=SC2086
	ct-syscalls -g "$CT_GATE" $workload &
	wpid=$!
	if ! ct_start syscount -p "$wpid" "$@"; then
		ct_open_gate
		wait "$wpid"
		return 1
	fi
	ct_open_gate
	wait "$wpid" || { ct_fail "workload $workload failed"; return 1; }
	ct_stop
}

# -v says how syscount attached and where -L keeps entry times.
sc_method() {
	ct_method "$(ct_info 's/.*method: \([a-z_]*\) on .*/\1/p')"
	case $(ct_info 's/.*entry times in //p') in
	"per-CPU slots and task storage") ct_method "-L:cpu-slot+task-storage" ;;
	"a tid hash") ct_method "-L:tid-hash" ;;
	esac
}

ct_case exact_count
if sc_run "getppid $N"; then
	sc_method
	ct_expect "no header" grep -q '^SYSCALL' "$CT_OUT"
	ct_expect "getppid count '$(ct_col getppid)', want $N" [ "$(ct_col getppid)" = "$N" ]
fi

ct_case failures_only
if sc_run "fail $N $F" -x; then
	ct_expect "close count '$(ct_col close)', want $F" [ "$(ct_col close)" = "$F" ]
	ct_expect "openat count '$(ct_col openat)', want $((2 * F))" [ "$(ct_col openat)" = "$((2 * F))" ]
	ct_expect "successful getppid counted" [ -z "$(ct_col getppid)" ]
fi

ct_case errno_filter
if sc_run "fail $N $F" -e ENOENT; then
	ct_expect "openat count '$(ct_col openat)', want $((2 * F))" [ "$(ct_col openat)" = "$((2 * F))" ]
	ct_expect "EBADF counted under -e ENOENT" [ -z "$(ct_col close)" ]
fi

ct_case errno_by_number
if sc_run "fail $N $F" -e 9; then # EBADF
	ct_expect "close count '$(ct_col close)', want $F" [ "$(ct_col close)" = "$F" ]
	ct_expect "ENOENT counted under -e 9" [ -z "$(ct_col openat)" ]
fi

ct_case json
if sc_run "getppid $N" -j; then
	v=$(jq -c 'select(.type == "syscalls") | [.rows[] | select(.syscall == "getppid")][0] | [.count, .errors]' "$CT_OUT")
	ct_expect "getppid [count,errors] '$v', want [$N,0]" [ "$v" = "[$N,0]" ]
fi

# -L: per-CPU slots and task storage on 5.11+, a tid-keyed hash before.
ct_case latency
if sc_run "sleep 300" -L -j; then
	sc_method
	ns=$(jq '[.rows[] | select(.syscall == "nanosleep")][0].total_ns' "$CT_OUT")
	ct_expect "nanosleep total_ns '$ns', want 300ms..5s" ct_between "$ns" 300000000 5000000000
fi

# -L on calls that never block: each one's entry time stays in the per-CPU
# slot; every call is counted once.
ct_case latency_counts
if sc_run "getppid $N" -L -j; then
	v=$(jq -c 'select(.type == "syscalls") | [.rows[] | select(.syscall == "getppid")][0] | .count' "$CT_OUT")
	ct_expect "getppid count under -L '$v', want $N" [ "$v" = "$N" ]
fi

ct_case latency_text
if sc_run "sleep 300" -L -m; then
	ct_expect "no TIME (ms) column" grep -q 'TIME (ms)' "$CT_OUT"
	ms=$(awk '$1 == "nanosleep" { print int($3); exit }' "$CT_OUT")
	ct_expect "nanosleep time '$ms' ms, want 300..4999" ct_between "$ms" 300 5000
fi

ct_case per_process
if sc_run "getppid $N" -P -j; then
	v=$(jq "[.rows[] | select(.pid == $wpid)][0].count" "$CT_OUT")
	ct_expect "count for pid $wpid '$v', want $N..$((N + 99))" ct_between "$v" "$N" $((N + 100))
	ct_expect "-p with -P shows more than one process" [ "$(jq '[.rows[] | .pid] | length' "$CT_OUT")" = 1 ]
fi

ct_case duration
if ct_start syscount -d 1 -j && ct_wait; then
	ct_expect "-d 1 -j printed no syscalls record" [ "$(jq -r .type "$CT_OUT")" = syscalls ]
fi

# -c: the shared cgroup filter (bpf_current_task_under_cgroup) on every kernel.
ct_case cgroup_filter
cgroot=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
cg=$cgroot/coretrace-kernels-$$
if [ -n "$cgroot" ] && mkdir "$cg"; then
	ct_gate
	ct-syscalls -g "$CT_GATE" getppid "$N" &
	wpid=$!
	if ! echo "$wpid" >"$cg/cgroup.procs"; then
		ct_fail "cannot move $wpid into $cg"
	elif ct_start syscount -c "$cg"; then
		ct_open_gate
		wait "$wpid"
		if ct_stop; then
			ct_expect "getppid count in $cg '$(ct_col getppid)', want $N" [ "$(ct_col getppid)" = "$N" ]
		fi
	fi
	ct_open_gate
	wait "$wpid"
	rmdir "$cg"
else
	ct_fail "no cgroup v2 hierarchy to make $cg in"
fi

ct_case missing_pid
ct_run syscount -p 4194303
ct_expect "exit status $CT_RC for a missing pid, want 1" [ "$CT_RC" = 1 ]
ct_expect "no 'no process with pid' message" grep -q 'no process with pid 4194303' "$CT_ERR"
