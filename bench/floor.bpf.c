// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The floor for a syscall tracer: a tp_btf program at sys_exit that only
 * bumps one per-CPU counter. No tool that runs on every syscall can cost
 * less than this; bench/run.sh reports it next to the tools. With -L the
 * loader also attaches the same at sys_enter: the floor of anything that
 * needs both hooks (syscount -L). With -LT it also reads the clock
 * (bpf_ktime_get_ns) in both: the floor of anything that times calls.
 * With -B it counts at block_rq_issue and block_rq_complete instead: the
 * floor of a block I/O latency tool (biolatency). With -S at
 * signal_generate: the floor of a signal tracer (sigsnoop). With -U at
 * udplife's hooks of the cgroup method (socket create and release, the
 * sendmsg/recvmsg address hooks on the cgroup v2 root, sock_send_length
 * and sock_recv_length). opensnoop's floor is -L: it hooks sys_enter and
 * sys_exit.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static __always_inline void bump(__u64 by)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&hits, &key);

	if (n)
		*n += by;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_sys_exit, struct pt_regs *regs, long ret)
{
	bump(1);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(floor_sys_enter, struct pt_regs *regs, long id)
{
	bump(1);
	return 0;
}

/* The clock's value is added so the call can't be optimized away. */
SEC("tp_btf/sys_enter")
int BPF_PROG(floor_sys_enter_clock, struct pt_regs *regs, long id)
{
	bump(bpf_ktime_get_ns());
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_sys_exit_clock, struct pt_regs *regs, long ret)
{
	bump(bpf_ktime_get_ns());
	return 0;
}

SEC("raw_tp/block_rq_issue")
int floor_block_issue(void *ctx)
{
	bump(1);
	return 0;
}

SEC("raw_tp/block_rq_complete")
int floor_block_complete(void *ctx)
{
	bump(1);
	return 0;
}

SEC("tp_btf/signal_generate")
int BPF_PROG(floor_signal_generate, int sig)
{
	bump(1);
	return 0;
}

/* -U. Cgroup socket programs return 1: never refuse. */
SEC("cgroup/sock_create")
int floor_sock_create(struct bpf_sock *ctx)
{
	bump(1);
	return 1;
}

SEC("cgroup/sock_release")
int floor_sock_release(struct bpf_sock *ctx)
{
	bump(1);
	return 1;
}

#define FLOOR_SOCK_ADDR(name, sec)                                                                 \
	SEC(sec)                                                                                   \
	int name(struct bpf_sock_addr *ctx)                                                        \
	{                                                                                          \
		bump(1);                                                                           \
		return 1;                                                                          \
	}

FLOOR_SOCK_ADDR(floor_sendmsg4, "cgroup/sendmsg4")
FLOOR_SOCK_ADDR(floor_sendmsg6, "cgroup/sendmsg6")
FLOOR_SOCK_ADDR(floor_recvmsg4, "cgroup/recvmsg4")
FLOOR_SOCK_ADDR(floor_recvmsg6, "cgroup/recvmsg6")

SEC("tp_btf/sock_send_length")
int BPF_PROG(floor_send_length, struct sock *sk, int ret, int flags)
{
	bump(1);
	return 0;
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(floor_recv_length, struct sock *sk, int ret, int flags)
{
	bump(1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
