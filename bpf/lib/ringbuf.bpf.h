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
 * buffer is a quarter full, long before it could overflow.
 *
 * The fill level is looked at for every record (bpf_ringbuf_query, ~150 ns
 * on 6.18). Looking once per CPU-share of the threshold instead let a
 * 200000-signal sigsnoop flood lose events in 1 run of 3 to 6, where
 * looking every time lost none in 6: not worth it.
 */
#ifndef CORETRACE_RINGBUF_BPF_H
#define CORETRACE_RINGBUF_BPF_H

/* Set by user space (stream_size_ring): a quarter of the ring buffer's
 * size. 0: always wake. */
const volatile __u64 rb_wakeup_bytes = 0;

/* Flags for committing a record of @size bytes to @rb. */
static __always_inline __u64 rb_commit_flags(void *rb, __u64 size)
{
	if (bpf_ringbuf_query(rb, BPF_RB_AVAIL_DATA) + size >= rb_wakeup_bytes)
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}

#endif
