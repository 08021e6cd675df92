/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* When the BPF side wakes a ring buffer's reader (lib/ringbuf.bpf.h): set
 * by user space in .rodata before load (common/stream.c, ABI, POD only). */
#ifndef CORETRACE_RINGBUF_H
#define CORETRACE_RINGBUF_H

struct rb_wakeup_cfg {
	__u64 wake_bytes; /* wake the reader once this much waits; 0: every record */
};

#endif
