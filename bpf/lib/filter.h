/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Who to trace: set by user space in .rodata before load (ABI, POD only). */
#ifndef CORETRACE_FILTER_H
#define CORETRACE_FILTER_H

struct filter_cfg {
	__u32 tgid; /* 0: any process */
	__u32 tid;  /* 0: any thread */
	__u32 uid;  /* valid when uid_on */
	__u8 uid_on;
	__u8 cgroup_on; /* current task must be under the cgroup in filter_cgroup */
	__u8 pad[2];
};

#endif
