// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sigsnoop: one record per signal.
 *
 * Default: signal:signal_generate (tp_btf), which sees every signal the
 * kernel generates, whoever asked for it (kill(2), a fault, a child's
 * exit, a broken pipe), with what became of it in its result argument.
 *
 * -k: the syscalls that send signals, at sys_enter/sys_exit (raw_syscalls
 * tp_btf, filtered by number: no tracefs needed, one program for all six),
 * with their return value. signal_generate still runs alongside to name the
 * target task, which the syscall arguments only give as a number.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "lib/drops.bpf.h"
#include "lib/filter.bpf.h"
#include "lib/ringbuf.bpf.h"
#include "lib/syscall_regs.bpf.h"
#include "lib/task_state.bpf.h"
#include "sigsnoop.h"

/* Syscall numbers of this architecture (-1: none), set by user space;
 * indexed by enum sigsnoop_source. */
const volatile long nr_of[SIGSNOOP_NR_SOURCES] = {};

const volatile bool targ_failed = false; /* -x */
const volatile __s32 targ_tpid = 0;	 /* --target */
const volatile bool targ_sig_filter = false;
/* -s: bit N of word N / 64 set for signal N. Bits, not a byte array: the
 * verifier rejects an array index it cannot bound, and clang likes to move
 * the bounds check. */
const volatile __u64 targ_sigmask[2] = {};

struct kill_args {
	__u32 armed;
	__u32 source;
	__s32 tpid;
	__s32 sig;
	__u32 has_tcomm;
	char tcomm[SIGSNOOP_COMM_LEN];
};

TASK_STATE_DEFINE(kill_state, struct kill_args, 10240);

/* Fixed-size records: nothing in them varies in length. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

static __always_inline bool sig_wanted(int sig)
{
	__u32 s = (__u32)sig;

	if (!targ_sig_filter)
		return true;
	if (s < 64)
		return (targ_sigmask[0] >> s) & 1;
	return s == 64 && (targ_sigmask[1] & 1);
}

static __always_inline struct sigsnoop_event *reserve(void)
{
	struct sigsnoop_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	__u64 id = bpf_get_current_pid_tgid();

	if (!e) {
		count_lost();
		return NULL;
	}
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->cgroup_id = filter_cgroup_id();
	e->pad[0] = e->pad[1] = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	return e;
}

static __always_inline int on_signal(int sig, struct task_struct *task, int result)
{
	struct sigsnoop_event *e;
	__s32 tgid;

	if (filter_skip_current() || !sig_wanted(sig))
		return 0;
	if (targ_failed && result == SIGSNOOP_DELIVERED)
		return 0;
	tgid = BPF_CORE_READ(task, tgid);
	if (targ_tpid && tgid != targ_tpid)
		return 0;
	e = reserve();
	if (!e)
		return 0;
	e->tpid = tgid;
	e->sig = sig;
	e->result = result;
	e->source = SIGSNOOP_GENERATE;
	e->has_tcomm = 1;
	BPF_CORE_READ_STR_INTO(&e->tcomm, task, comm);
	bpf_ringbuf_submit(e, rb_commit_flags(&events, sizeof(*e)));
	return 0;
}

SEC("tp_btf/signal_generate")
int BPF_PROG(signal_generate, int sig, struct kernel_siginfo *info, struct task_struct *task,
	     int group, int result)
{
	return on_signal(sig, task, result);
}

static __always_inline int which_source(long nr)
{
	int i;

	for (i = SIGSNOOP_KILL; i < SIGSNOOP_NR_SOURCES; i++)
		if (nr == nr_of[i])
			return i;
	return -1;
}

static __always_inline int on_enter(struct pt_regs *regs, long id, bool by_task)
{
	int src = which_source(id);
	struct kill_args *a;
	__s32 tpid = 0, sig;

	if (src < 0 || syscall_is_compat() || filter_skip_current())
		return 0;
	switch (src) {
	case SIGSNOOP_TGKILL:
	case SIGSNOOP_RT_TGSIGQUEUEINFO:
		tpid = (__s32)syscall_arg1(regs);
		sig = (__s32)syscall_arg3(regs);
		break;
	case SIGSNOOP_PIDFD_SEND_SIGNAL:
		/* A pidfd, not a pid: the target comes from signal_generate. */
		sig = (__s32)syscall_arg2(regs);
		break;
	default: tpid = (__s32)syscall_arg1(regs); sig = (__s32)syscall_arg2(regs);
	}
	if (!sig_wanted(sig))
		return 0;
	a = kill_state_get(by_task, true);
	if (!a) {
		count_lost(); /* this call will not be shown */
		return 0;
	}
	a->source = src;
	a->tpid = tpid;
	a->sig = sig;
	a->has_tcomm = 0;
	a->armed = 1;
	return 0;
}

/* Inside a traced kill(): remember the target the kernel picked. */
static __always_inline int on_generate(struct task_struct *task, bool by_task)
{
	struct kill_args *a = kill_state_get(by_task, false);

	if (!a || !a->armed || a->has_tcomm)
		return 0;
	BPF_CORE_READ_STR_INTO(&a->tcomm, task, comm);
	if (a->source == SIGSNOOP_PIDFD_SEND_SIGNAL)
		a->tpid = BPF_CORE_READ(task, tgid);
	a->has_tcomm = 1;
	return 0;
}

/* @btf_regs: tp_btf, whose @regs the verifier lets us load from directly;
 * a raw_tp must copy the number out. */
static __always_inline int on_exit(struct pt_regs *regs, long ret, bool by_task, bool btf_regs)
{
	long nr = btf_regs ? syscall_nr_of(regs) : syscall_nr_of_core(regs);
	struct sigsnoop_event *e;
	struct kill_args *a, args;

	if (which_source(nr) < 0)
		return 0;
	a = kill_state_get(by_task, false);
	if (!a || !a->armed)
		return 0;
	args = *a;
	kill_state_put(by_task, a);
	if (targ_failed && ret == 0)
		return 0;
	if (targ_tpid && args.tpid != targ_tpid)
		return 0;
	e = reserve();
	if (!e)
		return 0;
	e->tpid = args.tpid;
	e->sig = args.sig;
	e->result = (__s32)ret;
	e->source = (__u8)args.source;
	e->has_tcomm = (__u8)args.has_tcomm;
	__builtin_memcpy(e->tcomm, args.tcomm, sizeof(e->tcomm));
	bpf_ringbuf_submit(e, rb_commit_flags(&events, sizeof(*e)));
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter_task, struct pt_regs *regs, long id)
{
	return on_enter(regs, id, true);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_task, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, true, true);
}

SEC("tp_btf/signal_generate")
int BPF_PROG(signal_generate_task, int sig, struct kernel_siginfo *info, struct task_struct *task)
{
	return on_generate(task, true);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter_tid, struct pt_regs *regs, long id)
{
	return on_enter(regs, id, false);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_tid, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, false, true);
}

SEC("tp_btf/signal_generate")
int BPF_PROG(signal_generate_tid, int sig, struct kernel_siginfo *info, struct task_struct *task)
{
	return on_generate(task, false);
}

/* Raw tracepoints, for kernels whose BTF comes from --btf (tp_btf needs the
 * kernel's own): @task is then a plain number, read with CO-RE only, and
 * -k keeps its state in the tid hash (task storage helpers need kernel BTF
 * too). */
SEC("raw_tp/signal_generate")
int BPF_PROG(raw_signal_generate, int sig, struct kernel_siginfo *info, struct task_struct *task,
	     int group, int result)
{
	return on_signal(sig, task, result);
}

SEC("raw_tp/sys_enter")
int BPF_PROG(raw_sys_enter_tid, struct pt_regs *regs, long id)
{
	return on_enter(regs, id, false);
}

SEC("raw_tp/sys_exit")
int BPF_PROG(raw_sys_exit_tid, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, false, false);
}

SEC("raw_tp/signal_generate")
int BPF_PROG(raw_signal_generate_tid, int sig, struct kernel_siginfo *info,
	     struct task_struct *task)
{
	return on_generate(task, false);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
