// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The process tree filter's own programs (--tree PID, -- COMMAND), one
 * object every tool shares: loaded only with a tree, so a tool without one
 * carries no CO-RE relocation for it and loads no kernel BTF on its behalf.
 * Each tool's filter_tree (bpf/lib/filter.bpf.h) is this object's map.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "lib/filter.h"

/* tgids seeded by user space (the command, --tree's processes), grown at
 * fork, pruned when the last thread exits so a recycled pid is not traced. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FILTER_TREE_MAX);
	__type(key, __u32);
	__type(value, __u8);
} filter_tree SEC(".maps");

/* Processes born into the tree that did not fit in filter_tree. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} filter_tree_missed SEC(".maps");

/* A process created by a traced one is traced: whoever called fork or
 * clone, so a daemon reparented to init stays in. Threads share their
 * creator's tgid and need no entry. */
SEC("raw_tp/sched_process_fork")
int BPF_PROG(filter_tree_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	__u32 pid = BPF_CORE_READ(child, pid), zero = 0;
	__u8 *state;
	__u64 *missed;

	if (pid != (__u32)BPF_CORE_READ(child, tgid))
		return 0;
	state = bpf_map_lookup_elem(&filter_tree, &tgid);
	if (!state)
		return 0;
	if (bpf_map_update_elem(&filter_tree, &pid, state, BPF_ANY)) {
		missed = bpf_map_lookup_elem(&filter_tree_missed, &zero);
		if (missed)
			__sync_fetch_and_add(missed, 1);
	}
	return 0;
}

/* The command's process becomes traced as it execs the command. */
SEC("raw_tp/sched_process_exec")
int BPF_PROG(filter_tree_exec)
{
	__u32 tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	__u8 *state = bpf_map_lookup_elem(&filter_tree, &tgid);

	if (state && *state == FILTER_TREE_HELD)
		*state = FILTER_TREE_IN;
	return 0;
}

/* The last thread of a traced process leaves: its pid may be reused. */
SEC("raw_tp/sched_process_exit")
int BPF_PROG(filter_tree_exit)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);

	if (BPF_CORE_READ(task, signal, live.counter) == 0)
		bpf_map_delete_elem(&filter_tree, &tgid);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
