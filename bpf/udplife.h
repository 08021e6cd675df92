/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* ABI between bpf/udplife.bpf.c and tools/udplife.c. */
#ifndef CORETRACE_UDPLIFE_H
#define CORETRACE_UDPLIFE_H

#define UDPLIFE_COMM_LEN 16
/* Sockets followed at once by the fentry and kprobe methods (a hash keyed
 * by struct sock *); the cgroup method keeps its state in socket storage,
 * which has no limit and frees itself. */
#define UDPLIFE_MAX_SOCKS 65536
/* Send/recv calls in flight at once (kprobe method: entry args by tid). */
#define UDPLIFE_MAX_INFLIGHT 10240

/* How the tool attaches; one set of programs is loaded. */
enum udplife_method {
	UDPLIFE_CGROUP = 1, /* sock_{send,recv}_length + cgroup sock hooks */
	UDPLIFE_FENTRY = 2, /* fentry/fexit on the udp functions */
	UDPLIFE_KPROBE = 3, /* kprobes on the same */
};

/* Filter on the socket family (-4/-6). */
#define UDPLIFE_FAM_V4 1
#define UDPLIFE_FAM_V6 2

/* One closed socket. Addresses are in network byte order, 4 bytes used
 * for AF_INET; ports are in host byte order. */
struct udplife_event {
	__u64 start_ns; /* bpf_ktime_get_ns(): creation, or first sight */
	__u64 end_ns;	/* close */
	__u64 tx_b;	/* payload bytes of successful sends */
	__u64 rx_b;	/* payload bytes of successful receives */
	__u32 pid;	/* creator (first sender/receiver when partial) */
	__u16 family;	/* AF_INET or AF_INET6: the socket's */
	__u16 rfamily;	/* the peer's address family; 0: no peer */
	__u16 lport;
	__u16 rport;
	__u8 partial; /* opened before the tool started */
	__u8 pad[3];
	__u8 laddr[16];
	__u8 raddr[16];
	char comm[UDPLIFE_COMM_LEN];   /* the process's name (its main thread's) */
	char thread[UDPLIFE_COMM_LEN]; /* the thread's that created it */
};

#endif
