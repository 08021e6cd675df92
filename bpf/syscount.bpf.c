// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * syscount: count syscalls (per syscall, or per process with -P).
 *
 * The hottest path in the suite: it runs on every syscall of the host. The
 * default mode is one raw tracepoint at sys_exit bumping a per-CPU array
 * slot; no timestamp, no comm, no hash lookup. Latency (-L) adds sys_enter
 * and keeps the entry time in a per-CPU slot, parked in task storage when
 * the call is switched out (a tid-keyed hash before 5.11).
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "lib/drops.bpf.h"
#include "lib/filter.bpf.h"
#include "lib/syscall_regs.bpf.h"
#include "syscount.h"

const volatile bool targ_failures = false;    /* -x */
const volatile int targ_errno = 0;	      /* -e */
const volatile bool targ_per_process = false; /* -P */

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SYSCOUNT_MAX_NR);
	__type(key, __u32);
	__type(value, struct syscall_stat);
} syscalls SEC(".maps");

/* Numbers outside the array: a program's syscall(100000), a call a
 * tracer skipped (-1). Rare, so a hash; keyed by the number as a __u32. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, SYSCOUNT_ODD_NRS);
	__type(key, __u32);
	__type(value, struct syscall_stat);
} odd_syscalls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, SYSCOUNT_MAX_PROCS);
	__type(key, __u32);
	__type(value, struct proc_stat);
} procs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SYSCOUNT_PROC_SLOTS);
	__type(key, __u32);
	__type(value, struct proc_slot);
} proc_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} start_task SEC(".maps");

/*
 * -P: the name each process took at its last exec. A process is named by
 * its first syscall, so a shell that execs a program would keep the
 * shell's name; user space renames its row from here. LRU: when more
 * processes exec between two reads than it holds, the oldest keep their
 * first name.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, SYSCOUNT_MAX_PROCS);
	__type(key, __u32);
	__type(value, char[SYSCOUNT_COMM_LEN]);
} exec_comms SEC(".maps");

/* Fallback for kernels without task storage for tracing (before 5.11). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u64);
} start_tid SEC(".maps");

static __always_inline bool skip_result(long ret)
{
	if (targ_failures && ret >= 0)
		return true;
	if (targ_errno && ret != -targ_errno)
		return true;
	return false;
}

/*
 * Plain adds, not atomics: both maps are per-CPU, and the kernel never runs
 * a program nested in itself on one CPU (a nested hit is skipped and
 * counted in its recursion misses), so each slot has one writer at a time.
 * A locked add cost ~10% of a bare syscall here (bench/RESULTS.md).
 */
static __always_inline void account(struct syscall_stat *s, long ret, __u64 ns)
{
	s->count++;
	if (ret < 0)
		s->errors++;
	if (ns)
		s->total_ns += ns;
}

static __always_inline void record_odd(__u32 nr, long ret, __u64 ns)
{
	struct syscall_stat *s = bpf_map_lookup_elem(&odd_syscalls, &nr);

	if (!s) {
		struct syscall_stat zero = {};

		bpf_map_update_elem(&odd_syscalls, &nr, &zero, BPF_NOEXIST);
		s = bpf_map_lookup_elem(&odd_syscalls, &nr);
		if (!s) {
			count_lost(); /* more than SYSCOUNT_ODD_NRS odd numbers */
			return;
		}
	}
	account(s, ret, ns);
}

static __always_inline void record(struct pt_regs *regs, long ret, __u64 ns, bool btf_regs)
{
	struct syscall_stat *s;
	struct proc_stat *p;
	__u32 key;
	long nr;

	if (targ_per_process) {
		__u32 tgid = bpf_get_current_pid_tgid() >> 32;
		struct proc_slot *slot;

		key = tgid & (SYSCOUNT_PROC_SLOTS - 1);
		slot = bpf_map_lookup_elem(&proc_slots, &key);
		if (slot && slot->used && slot->tgid == tgid) {
			account(&slot->p.stat, ret, ns);
			return;
		}
		if (slot && !slot->used) {
			slot->tgid = tgid;
			bpf_get_current_comm(slot->p.comm, sizeof(slot->p.comm));
			/* Published after tgid and comm. A reader on another
			 * CPU of a weakly ordered arch may still see them
			 * zero: user space skips such a slot until it doesn't. */
			asm volatile("" ::: "memory");
			slot->used = 1;
			account(&slot->p.stat, ret, ns);
			return;
		}
		key = tgid;
		p = bpf_map_lookup_elem(&procs, &key);
		if (!p) {
			struct proc_stat init = {};

			bpf_get_current_comm(init.comm, sizeof(init.comm));
			bpf_map_update_elem(&procs, &key, &init, BPF_NOEXIST);
			p = bpf_map_lookup_elem(&procs, &key);
			if (!p) {
				count_lost(); /* more than SYSCOUNT_MAX_PROCS processes */
				return;
			}
		}
		account(&p->stat, ret, ns);
		return;
	}
	/* With tp_btf, @regs is a BTF pointer the verifier lets us load from
	 * directly; a raw_tp (kernel BTF from --btf) must copy it out. */
	nr = btf_regs ? syscall_nr_of(regs) : syscall_nr_of_core(regs);
	/* The kernel takes the number as an int (syscall_get_nr()): the
	 * upper half of the register is not part of it. */
	key = (__u32)(int)nr;
	if (key >= SYSCOUNT_MAX_NR) {
		record_odd(key, ret, ns);
		return;
	}
	s = bpf_map_lookup_elem(&syscalls, &key);
	if (s)
		account(s, ret, ns);
}

static __always_inline int exit_count(struct pt_regs *regs, long ret, bool btf_regs)
{
	if (filter_skip_current() || skip_result(ret))
		return 0;
	record(regs, ret, 0, btf_regs);
	return 0;
}

static __always_inline int enter_tid(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 ts;

	if (filter_skip_current())
		return 0;
	ts = bpf_ktime_get_ns();
	if (bpf_map_update_elem(&start_tid, &tid, &ts, BPF_ANY))
		count_lost();
	return 0;
}

static __always_inline int exit_tid(struct pt_regs *regs, long ret, bool btf_regs)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *ts, delta;

	if (filter_skip_current())
		return 0;
	ts = bpf_map_lookup_elem(&start_tid, &tid);
	if (!ts)
		return 0;
	delta = bpf_ktime_get_ns() - *ts;
	bpf_map_delete_elem(&start_tid, &tid);
	if (skip_result(ret))
		return 0;
	record(regs, ret, delta ? delta : 1, btf_regs);
	return 0;
}

/* -P only. A raw tracepoint needs neither tracefs nor kernel BTF; by the
 * time it fires the new program's name is in place. */
SEC("raw_tp/sched_process_exec")
int exec_comm(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	char comm[SYSCOUNT_COMM_LEN];

	if (filter_skip_current())
		return 0;
	bpf_get_current_comm(comm, sizeof(comm));
	bpf_map_update_elem(&exec_comms, &tgid, comm, BPF_ANY);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_count, struct pt_regs *regs, long ret)
{
	return exit_count(regs, ret, true);
}

/*
 * -L with task storage. Most calls run start to end on one CPU without a
 * context switch: their entry time stays in a per-CPU slot, which costs
 * far less than task storage (bench/RESULTS.md). Only a call that blocks
 * or is preempted has its entry time parked in task storage, at the
 * switch away from it. Syscall tracepoints run BPF programs with
 * preemption off, so no switch can fall between writing the slot and
 * reading it back.
 *
 * The slot needs no owner: every switch away from a task empties it, so a
 * full slot at sys_exit was filled by this task's own sys_enter, and no
 * helper call names the task on every entry.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64); /* entry time of the call in flight here; 0: none */
} cpu_entry SEC(".maps");

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter_task, struct pt_regs *regs, long id)
{
	__u32 zero = 0;
	__u64 *slot;

	if (filter_skip_current())
		return 0;
	slot = bpf_map_lookup_elem(&cpu_entry, &zero);
	if (slot)
		*slot = bpf_ktime_get_ns();
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(park_entry, bool preempt, struct task_struct *prev)
{
	__u64 *slot, *ts;
	__u32 zero = 0;

	slot = bpf_map_lookup_elem(&cpu_entry, &zero);
	if (!slot || !*slot)
		return 0; /* prev is not inside a traced call */
	ts = bpf_task_storage_get(&start_task, prev, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (ts)
		*ts = *slot;
	else
		count_lost();
	*slot = 0;
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_task, struct pt_regs *regs, long ret)
{
	__u64 *slot, *ts, start;
	__u32 zero = 0;

	if (filter_skip_current())
		return 0;
	slot = bpf_map_lookup_elem(&cpu_entry, &zero);
	if (slot && *slot) {
		start = *slot;
		*slot = 0;
	} else {
		ts = bpf_task_storage_get(&start_task, bpf_get_current_task_btf(), 0, 0);
		if (!ts || !*ts)
			return 0; /* entered before we attached */
		start = *ts;
		*ts = 0;
	}
	start = bpf_ktime_get_ns() - start;
	if (skip_result(ret))
		return 0;
	record(regs, ret, start ? start : 1, true);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter_tid, struct pt_regs *regs, long id)
{
	return enter_tid();
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_tid, struct pt_regs *regs, long ret)
{
	return exit_tid(regs, ret, true);
}

/* Raw tracepoints, for kernels whose BTF comes from --btf (tp_btf needs the
 * kernel's own). Entry times then go in the tid hash: task storage helpers
 * need kernel BTF too. */
SEC("raw_tp/sys_exit")
int BPF_PROG(raw_sys_exit_count, struct pt_regs *regs, long ret)
{
	return exit_count(regs, ret, false);
}

SEC("raw_tp/sys_enter")
int BPF_PROG(raw_sys_enter_tid, struct pt_regs *regs, long id)
{
	return enter_tid();
}

SEC("raw_tp/sys_exit")
int BPF_PROG(raw_sys_exit_tid, struct pt_regs *regs, long ret)
{
	return exit_tid(regs, ret, false);
}

/* exit and exit_group never reach sys_exit, and a thread can die inside
 * any call: without this, every exiting thread left its entry time in the
 * tid hash until the hash filled up and every later call was lost.
 * Runs in the exiting thread. raw_tp: no kernel BTF needed, as above. */
SEC("raw_tp/sched_process_exit")
int raw_thread_exit_tid(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&start_tid, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
