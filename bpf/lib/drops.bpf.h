/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Every event the BPF side cannot record (ring buffer full, map full) is
 * counted here; user space reads it from .bss and reports it. Nothing is
 * dropped silently.
 */
#ifndef CORETRACE_DROPS_BPF_H
#define CORETRACE_DROPS_BPF_H

__u64 lost_events = 0;

static __always_inline void count_lost(void)
{
	__sync_fetch_and_add(&lost_events, 1);
}

#endif
