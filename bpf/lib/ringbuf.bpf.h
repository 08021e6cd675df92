/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * When to wake the reader of a ring buffer.
 *
 * By default every record whose reader is idle raises an irq_work to wake
 * it, and in a VM that interrupt is a VM exit: several microseconds per
 * record, more than the rest of a program's work. So records are committed
 * without a wakeup, the reader drains the buffer on its own at every poll
 * timeout (common/stream.c, at most 100 ms), and is woken at once only
 * when a quarter of the buffer waits, long before it could overflow. The
 * fill level is looked at for every record: sampling it less often let a
 * flood overrun the buffer.
 *
 * Past that level, only a record that crosses into a new step (a sixteenth
 * of the buffer) wakes the reader (lib/ringbuf_wakeup.h): waking on every
 * record there would raise an interrupt per record until the reader had
 * drained below the level. A wakeup the reader misses (it was just going
 * to sleep) is retried a step later.
 */
#ifndef CORETRACE_RINGBUF_BPF_H
#define CORETRACE_RINGBUF_BPF_H

#include "lib/ringbuf_wakeup.h"

/* Set by user space (stream_size_ring): a quarter of the ring buffer's
 * size, and log2 of a sixteenth. 0 and 0: always wake. */
const volatile __u64 rb_wakeup_bytes = 0;
const volatile __u32 rb_wakeup_step_shift = 0;

/* Flags for committing a record of @size bytes to @rb. */
static __always_inline __u64 rb_commit_flags(void *rb, __u64 size)
{
	if (rb_record_wakes(bpf_ringbuf_query(rb, BPF_RB_AVAIL_DATA), size, rb_wakeup_bytes,
			    rb_wakeup_step_shift))
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}

#endif
