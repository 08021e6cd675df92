// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sslsnoop: plaintext of TLS reads and writes, from uprobes on OpenSSL
 * (SSL_read/SSL_write and their _ex forms), GnuTLS (gnutls_record_*) and
 * NSPR (PR_Read/PR_Write/PR_Recv/PR_Send), wherever user space found them.
 *
 * Every one of these takes the buffer as its second argument; the entry
 * probe saves it, the return probe learns the length and copies the
 * buffer (for writes it is unchanged, for reads it is only filled then).
 * Records are sized to the data: built in a per-CPU array and sent with
 * bpf_ringbuf_output() and their real length.
 *
 * Per-thread state is a pid_tgid-keyed LRU hash, not task storage: uprobe
 * programs have task storage only from 5.11 on (5.10 is a target). Entries
 * are kept between calls (depth 0: idle), see lib/thread_entry.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "lib/uprobe_args.bpf.h" /* instead of <bpf/bpf_tracing.h> */

#include "lib/drops.bpf.h"
#include "lib/filter.bpf.h"
#include "lib/ringbuf.bpf.h"
#include "lib/thread_entry.bpf.h"
#include "sslsnoop.h"

const volatile __u32 targ_max_bytes = 8192; /* 0: --no-data */
const volatile bool targ_comm_on = false;
const volatile char targ_comm[SSLSNOOP_COMM_LEN] = {};

struct ssl_call {
	__u64 start_ns;
	__u64 buf;  /* void *: the plaintext */
	__u64 outp; /* size_t *: bytes done, for the _ex forms */
	__u32 depth;
	__u32 func;
};

/* Reads/writes and handshakes nest separately: SSL_write may run a
 * handshake inside. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct ssl_call);
} rw_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct ssl_call);
} hs_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sslsnoop_event);
} scratch SEC(".maps");

/* 4 MiB: room for 250 full-size records between two polls. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);
} events SEC(".maps");

static __always_inline bool comm_skip(void)
{
	char comm[SSLSNOOP_COMM_LEN];
	int i;

	if (!targ_comm_on)
		return false;
	bpf_get_current_comm(comm, sizeof(comm));
	for (i = 0; i < SSLSNOOP_COMM_LEN; i++) {
		if (comm[i] != targ_comm[i])
			return true;
		if (!comm[i])
			break;
	}
	return false;
}

static __always_inline int enter(void *map, __u32 func, __u64 buf, __u64 outp)
{
	static const struct ssl_call idle;
	struct ssl_call *c;

	if (filter_skip_current() || comm_skip())
		return 0;
	c = thread_entry(map, bpf_get_current_pid_tgid(), &idle);
	if (!c) {
		count_lost();
		return 0;
	}
	if (c->depth++)
		return 0; /* the library calling itself: one call */
	c->start_ns = bpf_ktime_get_ns();
	c->buf = buf;
	c->outp = outp;
	c->func = func;
	return 0;
}

/* The outermost call's state, copied to @out as it ends; false while
 * nested, or with no call in progress (filtered out, or entered before
 * we attached). */
static __always_inline bool leave(void *map, __u64 id, struct ssl_call *out)
{
	struct ssl_call *c = bpf_map_lookup_elem(map, &id);

	if (!c || !c->depth || --c->depth)
		return false;
	*out = *c;
	return true;
}

static __always_inline struct sslsnoop_event *new_event(const struct ssl_call *c, __u64 id,
							__u8 kind)
{
	struct sslsnoop_event *e;
	__u32 zero = 0;

	e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return NULL;
	e->end_ns = bpf_ktime_get_ns();
	e->lat_ns = e->end_ns - c->start_ns;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->cgroup_id = filter_cgroup_id();
	e->func = (__u8)c->func;
	e->kind = kind;
	e->read_failed = 0;
	e->captured = 0;
	e->len = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	return e;
}

#define DATA_ENTRY(prog, func)                                                                     \
	SEC("uprobe")                                                                              \
	int BPF_KPROBE(prog, void *obj, void *buf, __u64 num, void *outp)                          \
	{                                                                                          \
		return enter(&rw_calls, func, (__u64)buf, (__u64)outp);                            \
	}

DATA_ENTRY(ssl_read_enter, SSLF_SSL_READ)
DATA_ENTRY(ssl_write_enter, SSLF_SSL_WRITE)
DATA_ENTRY(ssl_read_ex_enter, SSLF_SSL_READ_EX)
DATA_ENTRY(ssl_write_ex_enter, SSLF_SSL_WRITE_EX)
DATA_ENTRY(gnutls_recv_enter, SSLF_GNUTLS_RECV)
DATA_ENTRY(gnutls_send_enter, SSLF_GNUTLS_SEND)
DATA_ENTRY(gnutls_recv_seq_enter, SSLF_GNUTLS_RECV_SEQ)
DATA_ENTRY(gnutls_send2_enter, SSLF_GNUTLS_SEND2)
DATA_ENTRY(pr_read_enter, SSLF_PR_READ)
DATA_ENTRY(pr_write_enter, SSLF_PR_WRITE)
DATA_ENTRY(pr_recv_enter, SSLF_PR_RECV)
DATA_ENTRY(pr_send_enter, SSLF_PR_SEND)

/* Bytes the outermost call moved, from its return value @rc; 0: none. */
static __always_inline __u64 data_len(const struct ssl_call *c, long rc)
{
	__u64 done = 0;

	switch (c->func) {
	case SSLF_SSL_READ_EX:
	case SSLF_SSL_WRITE_EX:
		/* int SSL_read_ex(ssl, buf, num, size_t *readbytes): 1 on success */
		if ((int)rc != 1 || !c->outp ||
		    bpf_probe_read_user(&done, sizeof(done), (void *)c->outp))
			return 0;
		return done;
	case SSLF_GNUTLS_RECV:
	case SSLF_GNUTLS_SEND:
	case SSLF_GNUTLS_RECV_SEQ:
	case SSLF_GNUTLS_SEND2: return rc > 0 ? (__u64)rc : 0; /* ssize_t */
	default: return (int)rc > 0 ? (__u64)(int)rc : 0;      /* int */
	}
}

SEC("uretprobe")
int BPF_KRETPROBE(data_return, long rc)
{
	__u64 id = bpf_get_current_pid_tgid(), len, cap;
	struct sslsnoop_event *e;
	struct ssl_call c;

	if (!leave(&rw_calls, id, &c))
		return 0;
	len = data_len(&c, rc);
	if (!len)
		return 0; /* failed, or would block: nothing moved */
	e = new_event(&c, id, SSLK_DATA);
	if (!e)
		return 0;
	e->len = len;
	e->ret = (int)rc;
	cap = len < targ_max_bytes ? len : targ_max_bytes;
	if (cap > SSLSNOOP_MAX_DATA)
		cap = SSLSNOOP_MAX_DATA;
	if (cap && bpf_probe_read_user(e->data, cap, (void *)c.buf)) {
		e->read_failed = 1;
		cap = 0;
	}
	e->captured = (__u32)cap;
	if (bpf_ringbuf_output(
		    &events, e, offsetof(struct sslsnoop_event, data) + cap,
		    rb_commit_flags(&events, offsetof(struct sslsnoop_event, data) + cap)))
		count_lost();
	return 0;
}

#define HANDSHAKE_ENTRY(prog, func)                                                                \
	SEC("uprobe")                                                                              \
	int BPF_KPROBE(prog)                                                                       \
	{                                                                                          \
		return enter(&hs_calls, func, 0, 0);                                               \
	}

HANDSHAKE_ENTRY(ssl_do_handshake_enter, SSLF_SSL_DO_HANDSHAKE)
HANDSHAKE_ENTRY(ssl_connect_enter, SSLF_SSL_CONNECT)
HANDSHAKE_ENTRY(ssl_accept_enter, SSLF_SSL_ACCEPT)
HANDSHAKE_ENTRY(gnutls_handshake_enter, SSLF_GNUTLS_HANDSHAKE)

SEC("uretprobe")
int BPF_KRETPROBE(handshake_return, long rc)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct sslsnoop_event *e;
	struct ssl_call c;

	if (!leave(&hs_calls, id, &c))
		return 0;
	e = new_event(&c, id, SSLK_HANDSHAKE);
	if (!e)
		return 0;
	e->ret = (int)rc;
	if (bpf_ringbuf_output(&events, e, offsetof(struct sslsnoop_event, data),
			       rb_commit_flags(&events, offsetof(struct sslsnoop_event, data))))
		count_lost();
	return 0;
}

/* A thread's entries live until it exits. One that dies inside a call
 * (killed while blocked in SSL_read) never returns: without this, the next
 * thread to get its id would look nested inside a dead call and never be
 * shown. Runs in the exiting thread; raw_tp needs no kernel BTF. */
SEC("raw_tp/sched_process_exit")
int thread_exit(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&rw_calls, &id);
	bpf_map_delete_elem(&hs_calls, &id);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
