/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Counting a value into a histogram from BPF, the one way every kernel's
 * verifier accepts.
 */
#ifndef CORETRACE_HIST_BPF_H
#define CORETRACE_HIST_BPF_H

#include <bpf/bpf_helpers.h>

#include "lib/hist_slots.h"

/* Add @v to @h; atomic, since @h may be shared between CPUs. */
static __always_inline void hist_add(struct hist *h, __u64 v)
{
	__u32 slot = hist_slot(v);

	/* clang proves slot < HIST_SLOTS and drops the check, but verifiers
	 * before ~6.3 can't follow hist_slot()'s shifts: Debian's 5.10 and
	 * 6.1 reject the load with "unbounded memory access". Hiding the
	 * value keeps the check in the program. */
	barrier_var(slot);
	if (slot >= (__u32)HIST_SLOTS)
		return;
	__sync_fetch_and_add(&h->slots[slot], 1);
	__sync_fetch_and_add(&h->count, 1);
	__sync_fetch_and_add(&h->sum, v);
}

#endif
