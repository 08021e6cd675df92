/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* ABI between bpf/sigsnoop.bpf.c and tools/sigsnoop.c. */
#ifndef CORETRACE_SIGSNOOP_H
#define CORETRACE_SIGSNOOP_H

#define SIGSNOOP_COMM_LEN 16
/* Signals 0 (the existence check of kill) to 64 (SIGRTMAX). */
#define SIGSNOOP_NSIG 65

/* event.source: signal:signal_generate, or the syscall that sent it (-k). */
enum sigsnoop_source {
	SIGSNOOP_GENERATE,
	SIGSNOOP_KILL,
	SIGSNOOP_TKILL,
	SIGSNOOP_TGKILL,
	SIGSNOOP_RT_SIGQUEUEINFO,
	SIGSNOOP_RT_TGSIGQUEUEINFO,
	SIGSNOOP_PIDFD_SEND_SIGNAL,
	SIGSNOOP_NR_SOURCES,
};

/* signal_generate's result: include/trace/events/signal.h, unchanged
 * since the tracepoint got it in 3.7. */
enum sigsnoop_result {
	SIGSNOOP_DELIVERED = 0,
	SIGSNOOP_IGNORED = 1,
	SIGSNOOP_ALREADY_PENDING = 2,
	SIGSNOOP_OVERFLOW_FAIL = 3,
	SIGSNOOP_LOSE_INFO = 4,
};

struct sigsnoop_event {
	__u64 ts_ns;
	__u64 cgroup_id; /* -C: the sender's cgroup v2 id, else 0 */
	__u32 pid;	 /* sender */
	__u32 tid;
	__s32 tpid; /* target process; with -k the pid the caller named */
	__s32 sig;
	__s32 result; /* enum sigsnoop_result, or with -k 0 / -errno */
	__u8 source;  /* enum sigsnoop_source */
	__u8 has_tcomm;
	__u8 pad[2];
	char comm[SIGSNOOP_COMM_LEN];
	char tcomm[SIGSNOOP_COMM_LEN];
};

#endif
