/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* ABI between bpf/opensnoop.bpf.c and tools/opensnoop.c. */
#ifndef CORETRACE_OPENSNOOP_H
#define CORETRACE_OPENSNOOP_H

#define OPENSNOOP_COMM_LEN 16
/* A path as the program passed it: the kernel's PATH_MAX. */
#define OPENSNOOP_PATH_MAX 4096
/* -F: room for the directory part before the path; a directory deeper
 * than this is cut and marked OPENSNOOP_F_DIR_CUT. */
#define OPENSNOOP_DIR_MAX 4096
/* -F: directory levels walked up to the root. */
#define OPENSNOOP_DIR_DEPTH 64

enum opensnoop_syscall {
	OPENSNOOP_OPEN,
	OPENSNOOP_OPENAT,
	OPENSNOOP_OPENAT2,
	OPENSNOOP_CREAT,
	OPENSNOOP_NR_SYSCALLS,
};

/* event.flags_out */
#define OPENSNOOP_F_RESOLVED 1 /* -F put the directory in front of a relative path */
#define OPENSNOOP_F_DIR_CUT  2 /* ...but the directory was deeper than we walk */
#define OPENSNOOP_F_PATH_CUT 4 /* the path went on past OPENSNOOP_PATH_MAX - 1 bytes */

/*
 * One open, followed in the ring buffer by path_len bytes of path
 * (NUL-terminated): records are as long as their path, not PATH_MAX.
 */
struct opensnoop_event {
	__u64 ts_ns;
	__u64 flags;	 /* open flags (openat2 carries 64 bits) */
	__u64 cgroup_id; /* -C: the opener's cgroup v2 id, else 0 */
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__s32 ret; /* fd, or -errno */
	__u32 mode;
	__u16 path_len;
	__u8 syscall; /* enum opensnoop_syscall */
	__u8 flags_out;
	char comm[OPENSNOOP_COMM_LEN];
	/* then path_len bytes of path */
};

#endif
