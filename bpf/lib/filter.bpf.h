/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * pid/tid/uid/cgroup filters, checked first thing in every program. The
 * configuration is in .rodata, so the verifier prunes the checks that are
 * off and an unfiltered run pays nothing for them.
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

/* True when the current task is not one the user asked for. */
static __always_inline bool filter_skip_current(void)
{
	if (filter.tgid || filter.tid) {
		__u64 id = bpf_get_current_pid_tgid();

		if (filter.tgid && (__u32)(id >> 32) != filter.tgid)
			return true;
		if (filter.tid && (__u32)id != filter.tid)
			return true;
	}
	if (filter.uid_on && (__u32)bpf_get_current_uid_gid() != filter.uid)
		return true;
	if (filter.cgroup_on && bpf_current_task_under_cgroup(&filter_cgroup, 0) != 1)
		return true;
	return false;
}

#endif
