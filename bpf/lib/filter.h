/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Who to trace: set by user space in .rodata before load (ABI, POD only). */
#ifndef CORETRACE_FILTER_H
#define CORETRACE_FILTER_H

struct filter_cfg {
	__u32 tgid; /* 0: any process */
	__u32 tid;  /* 0: any thread */
	__u32 uid;  /* valid when uid_on */
	__u8 uid_on;
	__u8 cgroup_on;	   /* current task must be under the cgroup in filter_cgroup */
	__u8 tree_on;	   /* current process must be in filter_tree (--tree, -- COMMAND) */
	__u8 cgroup_id_on; /* -C: events carry the current cgroup id (filter_cgroup_id()) */
};

/* Processes of a traced tree alive at once: a parallel build of a large
 * project stays well below this; past it, forks are counted untraced. */
#define FILTER_TREE_MAX 32768

/* A filter_tree entry: the command's process is put in HELD before it
 * execs, so what our own code does in it before exec is not traced. */
enum filter_tree_state {
	FILTER_TREE_HELD = 1,
	FILTER_TREE_IN = 2,
};

#endif
