/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * When to wake the reader of a ring buffer.
 *
 * By default every record whose reader is idle raises an irq_work to wake
 * it: measured here at several microseconds per record in a VM, where
 * the interrupt is a VM exit (opensnoop's sys_exit went from ~2 us to
 * ~0.3 us per open without it). So records are committed without a
 * wakeup, the reader drains the buffer on its own every poll timeout
 * (common/stream.c, at most 100 ms), and is woken at once only when the
 * buffer is a quarter full (wake_bytes), long before it could overflow.
 *
 * Looking at the fill level (bpf_ringbuf_query) cost ~150 ns a record on
 * 6.18, so a CPU looks only after committing check_bytes since its last
 * look: a quarter of the buffer shared out over the CPUs. The fill level
 * can then pass wake_bytes by at most ncpus * check_bytes before someone
 * looks: the reader is woken by the time the buffer is half full.
 */
#ifndef CORETRACE_RINGBUF_BPF_H
#define CORETRACE_RINGBUF_BPF_H

#include "lib/ringbuf.h"

const volatile struct rb_wakeup_cfg rb_wakeup = {};

/* Per CPU: bytes committed since this CPU last looked at the fill level.
 * Not atomic: a preempted update loses a few bytes of count, no more. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rb_unchecked SEC(".maps");

/* Flags for committing a record of @size bytes to @rb. */
static __always_inline __u64 rb_commit_flags(void *rb, __u64 size)
{
	__u32 zero = 0;
	__u64 *unchecked = bpf_map_lookup_elem(&rb_unchecked, &zero);

	if (unchecked) {
		*unchecked += size;
		if (*unchecked < rb_wakeup.check_bytes)
			return BPF_RB_NO_WAKEUP;
		*unchecked = 0;
	}
	if (bpf_ringbuf_query(rb, BPF_RB_AVAIL_DATA) + size >= rb_wakeup.wake_bytes)
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}

#endif
