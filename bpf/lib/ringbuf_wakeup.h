/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * When a record wakes a ring buffer's reader: shared by the BPF programs
 * (lib/ringbuf.bpf.h) and user space (common/stream.c sets the levels, the
 * unit tests check the rule).
 *
 * A record wakes the reader when the data waiting reaches @wakeup_bytes
 * (a quarter of the buffer), and past that only when it crosses into a new
 * step of 2^@step_shift bytes (a sixteenth). Levels 0 and 0: every record.
 *
 * The includer provides __u32/__u64 (vmlinux.h in BPF, <linux/types.h> in
 * user space).
 */
#ifndef CORETRACE_RINGBUF_WAKEUP_H
#define CORETRACE_RINGBUF_WAKEUP_H

/* @waiting: bytes in the buffer before this record of @size bytes. */
static inline __attribute__((always_inline)) int
rb_record_wakes(__u64 waiting, __u64 size, __u64 wakeup_bytes, __u32 step_shift)
{
	__u64 after = waiting + size;

	return after >= wakeup_bytes && (after >> step_shift) != (waiting >> step_shift);
}

#endif
