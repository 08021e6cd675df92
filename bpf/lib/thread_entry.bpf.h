/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A uprobe tool's per-thread call state, in a pid_tgid-keyed (LRU) hash.
 *
 * The entry is made idle at a thread's first call and kept, not deleted
 * at each return: a hash insert plus delete per call cost ~0.5 us on
 * 6.18, more than the rest of a call's bookkeeping. The tool deletes it
 * when the thread exits (sched_process_exit); an LRU map also makes room
 * if it fills with threads that never exit.
 */
#ifndef CORETRACE_THREAD_ENTRY_BPF_H
#define CORETRACE_THREAD_ENTRY_BPF_H

/* The current thread's entry in @map (@id: its pid_tgid), made from @idle
 * the first time; NULL only if the map has no room. */
static __always_inline void *thread_entry(void *map, __u64 id, const void *idle)
{
	void *c = bpf_map_lookup_elem(map, &id);

	if (c)
		return c;
	bpf_map_update_elem(map, &id, idle, BPF_NOEXIST);
	return bpf_map_lookup_elem(map, &id);
}

#endif
