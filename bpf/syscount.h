/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* ABI between bpf/syscount.bpf.c and tools/syscount.c. */
#ifndef CORETRACE_SYSCOUNT_H
#define CORETRACE_SYSCOUNT_H

#define SYSCOUNT_COMM_LEN 16
/* Syscall numbers counted; x86_64 and arm64 stay below 512 today, the rest
 * is headroom for new syscalls. */
#define SYSCOUNT_MAX_NR 1024
/* Processes counted at once with -P. */
#define SYSCOUNT_MAX_PROCS 10240

struct syscall_stat {
	__u64 count;
	__u64 errors;	/* calls that returned an error */
	__u64 total_ns; /* with -L */
};

struct proc_stat {
	struct syscall_stat stat;
	char comm[SYSCOUNT_COMM_LEN];
};

#endif
