/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Per-thread state carried from a syscall's entry to its exit.
 *
 * Task storage (5.11+) is the fast path: no hash lookup, and the entry
 * dies with the task. Older kernels get a tid-keyed hash. Each tool loads
 * one of two program variants (user space picks with
 * libbpf_probe_bpf_map_type), so a program only references the map its
 * kernel can create:
 *
 *   TASK_STATE_DEFINE(open_state, struct open_args, 10240);
 *   struct open_args *a = open_state_get(true, true);   // by task, create
 *   open_state_put(true, a);                             // done with it
 *
 * @vtype must start with "__u32 armed": set while a syscall is in flight.
 * Task storage entries are kept and disarmed rather than freed, so a busy
 * thread does not allocate on every call.
 */
#ifndef CORETRACE_TASK_STATE_BPF_H
#define CORETRACE_TASK_STATE_BPF_H

#define TASK_STATE_DEFINE(name, vtype, max)                                                        \
	struct {                                                                                   \
		__uint(type, BPF_MAP_TYPE_TASK_STORAGE);                                           \
		__uint(map_flags, BPF_F_NO_PREALLOC);                                              \
		__type(key, int);                                                                  \
		__type(value, vtype);                                                              \
	} name##_task SEC(".maps");                                                                \
	/* Threads inside a traced syscall at once, before 5.11. */                                \
	struct {                                                                                   \
		__uint(type, BPF_MAP_TYPE_HASH);                                                   \
		__uint(max_entries, max);                                                          \
		__type(key, __u32);                                                                \
		__type(value, vtype);                                                              \
	} name##_tid SEC(".maps");                                                                 \
                                                                                                   \
	static __always_inline vtype *name##_get(bool by_task, bool create)                        \
	{                                                                                          \
		__u32 tid;                                                                         \
		vtype zero = {};                                                                   \
                                                                                                   \
		if (by_task)                                                                       \
			return bpf_task_storage_get(&name##_task, bpf_get_current_task_btf(), 0,   \
						    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);  \
		tid = (__u32)bpf_get_current_pid_tgid();                                           \
		if (create && bpf_map_update_elem(&name##_tid, &tid, &zero, BPF_ANY))              \
			return NULL;                                                               \
		return bpf_map_lookup_elem(&name##_tid, &tid);                                     \
	}                                                                                          \
                                                                                                   \
	static __always_inline void name##_put(bool by_task, vtype *state)                         \
	{                                                                                          \
		__u32 tid;                                                                         \
                                                                                                   \
		if (by_task) {                                                                     \
			state->armed = 0;                                                          \
			return;                                                                    \
		}                                                                                  \
		tid = (__u32)bpf_get_current_pid_tgid();                                           \
		bpf_map_delete_elem(&name##_tid, &tid);                                            \
	}

#endif
