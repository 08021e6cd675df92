// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* forksnoop: one record per new task (README, "Adding a tool"). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "forksnoop.h"
#include "lib/drops.bpf.h"
#include "lib/filter.bpf.h"
#include "lib/ringbuf.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tp_btf/sched_process_fork")
int BPF_PROG(fork, struct task_struct *parent, struct task_struct *child)
{
	struct forksnoop_event *e;

	if (filter_skip_current())
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost();
		return 0;
	}
	e->ts_ns = bpf_ktime_get_ns();
	e->ppid = parent->tgid;
	e->pid = child->tgid;
	e->tid = child->pid;
	e->pad = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, rb_commit_flags(&events, sizeof(*e)));
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
