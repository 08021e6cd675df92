/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* ABI between bpf/syscount.bpf.c and tools/syscount.c. */
#ifndef CORETRACE_SYSCOUNT_H
#define CORETRACE_SYSCOUNT_H

#define SYSCOUNT_COMM_LEN 16
/* Syscall numbers counted; x86_64 and arm64 stay below 512 today, the rest
 * is headroom for new syscalls. */
#define SYSCOUNT_MAX_NR 1024
/* Distinct numbers at or past SYSCOUNT_MAX_NR (or negative: the kernel
 * takes the number as an int) counted in a hash of their own; calls of
 * numbers past that many count as lost. */
#define SYSCOUNT_ODD_NRS 64
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

/*
 * -P: per-CPU slots indexed by tgid % SYSCOUNT_PROC_SLOTS, tried before the
 * procs hash: an array slot is a few instructions where a hash lookup
 * hashes the key and walks a bucket on every syscall. A slot belongs to
 * the first process that uses it on that CPU and is never cleared (user
 * space prints growth); a process whose slot is taken uses the hash.
 */
#define SYSCOUNT_PROC_SLOTS 1024

struct proc_slot {
	__u32 used; /* first: set after tgid and comm, read before them */
	__u32 tgid;
	struct proc_stat p;
};

#endif
