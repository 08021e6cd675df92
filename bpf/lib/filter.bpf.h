/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * pid/tid/uid/cgroup/tree filters, checked first thing in every program.
 * The configuration is in .rodata, so the verifier prunes the checks that
 * are off and an unfiltered run pays nothing for them.
 */
#ifndef CORETRACE_FILTER_BPF_H
#define CORETRACE_FILTER_BPF_H

#include "lib/filter.h"

const volatile struct filter_cfg filter = {};

/* Cgroup v2 directory for -c: one fd, put in by user space after load. */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} filter_cgroup SEC(".maps");

/* The traced tree (--tree, -- COMMAND): bpf/tree.bpf.c's map, shared in
 * by user space before load; this one entry stands in when it is off. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8);
} filter_tree SEC(".maps");

/* True when the current task is not one the user asked for. */
static __always_inline bool filter_skip_current(void)
{
	if (filter.tgid || filter.tid || filter.tree_on) {
		__u64 id = bpf_get_current_pid_tgid();
		__u32 tgid = (__u32)(id >> 32);

		if (filter.tgid && tgid != filter.tgid)
			return true;
		if (filter.tid && (__u32)id != filter.tid)
			return true;
		if (filter.tree_on) {
			__u8 *state = bpf_map_lookup_elem(&filter_tree, &tgid);

			if (!state || *state != FILTER_TREE_IN)
				return true;
		}
	}
	if (filter.uid_on && (__u32)bpf_get_current_uid_gid() != filter.uid)
		return true;
	if (filter.cgroup_on && bpf_current_task_under_cgroup(&filter_cgroup, 0) != 1)
		return true;
	return false;
}

/* The cgroup v2 id of the current task for -C's CONTAINER column, else 0:
 * the helper runs only when asked for. */
static __always_inline __u64 filter_cgroup_id(void)
{
	return filter.cgroup_id_on ? bpf_get_current_cgroup_id() : 0;
}

#endif
