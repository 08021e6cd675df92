/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* ABI between bpf/gethostlatency.bpf.c and tools/gethostlatency.c. */
#ifndef CORETRACE_GETHOSTLATENCY_H
#define CORETRACE_GETHOSTLATENCY_H

#define GHL_COMM_LEN 16
/* DNS names are at most 253 characters; the rest is room for odd input. */
#define GHL_HOST_LEN 256
/* List entries read per result: 128 addresses from gethostbyname(), 42
 * from an unhinted getaddrinfo() (each address once per socket type). A
 * longer list sets naddrs_more: at least naddrs addresses. The verifier
 * walks the loop at load: 256 took gethostlatency's start-up from 24 ms
 * to 38-55, 128 to 27. */
#define GHL_MAX_ENTRIES 128

enum ghl_func {
	GHL_GETADDRINFO,
	GHL_GETHOSTBYNAME,
	GHL_GETHOSTBYNAME2,
	GHL_GETHOSTBYNAME_R,
	GHL_GETHOSTBYNAME2_R,
	GHL_NR_FUNCS,
};

/* How the outermost call ended. */
enum ghl_status {
	GHL_OK,	    /* @naddrs addresses */
	GHL_EAI,    /* getaddrinfo's EAI_* code in @code (negative) */
	GHL_HERRNO, /* h_errno value in @code (HOST_NOT_FOUND...) */
	GHL_ERRNO,  /* the _r functions' errno return in @code (ERANGE) */
	GHL_FAILED, /* failed without saying why */
};

struct ghl_event {
	__u64 end_ns; /* bpf_ktime_get_ns() at return */
	__u64 lat_ns;
	__u64 cgroup_id; /* -C: the caller's cgroup v2 id, else 0 */
	__u32 pid;
	__u32 tid;
	__s32 code;
	__u32 naddrs;
	__u8 func;	  /* enum ghl_func of the outermost call */
	__u8 status;	  /* enum ghl_status */
	__u16 host_len;	  /* bytes of host, without the NUL */
	__u8 naddrs_more; /* the list went on past GHL_MAX_ENTRIES */
	__u8 pad[3];
	char comm[GHL_COMM_LEN];
	char host[GHL_HOST_LEN]; /* only host_len + 1 bytes are sent */
};

#endif
