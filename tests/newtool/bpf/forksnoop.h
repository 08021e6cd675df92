/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* ABI between bpf/forksnoop.bpf.c and tools/forksnoop.c. */
#ifndef CORETRACE_FORKSNOOP_H
#define CORETRACE_FORKSNOOP_H

#define FORKSNOOP_COMM_LEN 16

struct forksnoop_event {
	__u64 ts_ns;
	__u32 ppid; /* the process that forked */
	__u32 pid;  /* the new one (or the parent's, for a new thread) */
	__u32 tid;  /* the new task */
	__u32 pad;
	char comm[FORKSNOOP_COMM_LEN];
};

#endif
