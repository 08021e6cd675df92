/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* ABI between bpf/sslsnoop.bpf.c and tools/sslsnoop.c. */
#ifndef CORETRACE_SSLSNOOP_H
#define CORETRACE_SSLSNOOP_H

#define SSLSNOOP_COMM_LEN 16
/* Most plaintext one event carries: one TLS record. The event is built in
 * a per-CPU array, whose values must stay under 32 KiB. */
#define SSLSNOOP_MAX_DATA 16384

enum sslsnoop_func {
	/* reads and writes: data events */
	SSLF_SSL_READ,
	SSLF_SSL_WRITE,
	SSLF_SSL_READ_EX,
	SSLF_SSL_WRITE_EX,
	SSLF_GNUTLS_RECV,
	SSLF_GNUTLS_SEND,
	SSLF_GNUTLS_RECV_SEQ, /* recv with the record's sequence number */
	SSLF_GNUTLS_SEND2,    /* send with padding and flags (3.6.3+) */
	SSLF_PR_READ,
	SSLF_PR_WRITE,
	SSLF_PR_RECV,
	SSLF_PR_SEND,
	SSLF_NR_DATA,
	/* handshakes: --handshake */
	SSLF_SSL_DO_HANDSHAKE = SSLF_NR_DATA,
	SSLF_SSL_CONNECT,
	SSLF_SSL_ACCEPT,
	SSLF_GNUTLS_HANDSHAKE,
	SSLF_NR,
};

enum sslsnoop_kind {
	SSLK_DATA,
	SSLK_HANDSHAKE,
};

struct sslsnoop_event {
	__u64 end_ns; /* bpf_ktime_get_ns() at return */
	__u64 lat_ns;
	__u64 len;	 /* bytes read or written; handshakes: 0 */
	__u64 cgroup_id; /* -C: the caller's cgroup v2 id, else 0 */
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__s32 ret;	  /* return value (handshakes: as the library returned it) */
	__u32 captured;	  /* bytes of data that follow */
	__u8 func;	  /* enum sslsnoop_func */
	__u8 kind;	  /* enum sslsnoop_kind */
	__u8 read_failed; /* the buffer could not be read */
	__u8 pad;
	char comm[SSLSNOOP_COMM_LEN];
	char data[SSLSNOOP_MAX_DATA]; /* only @captured bytes are sent */
};

#endif
