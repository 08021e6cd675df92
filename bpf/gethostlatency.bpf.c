// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * gethostlatency: latency and result of name lookups, from uprobes on
 * getaddrinfo() and the gethostbyname() family in whatever library or
 * binary user space found them.
 *
 * One call is one event even when the library calls itself: glibc's
 * gethostbyname() runs gethostbyname_r() and musl's goes through
 * gethostbyname2_r(), both at probed addresses. A per-thread nesting
 * depth keeps only the outermost call, and the inner _r call lends the
 * outer one its h_errno pointer so a failed gethostbyname() can say why.
 *
 * Where the kernel has uprobe sessions (6.13+), one program is every
 * function's session instead (lookup_session): it asks for a function's
 * return only for the outermost call, so a nested call costs one trap, not
 * two.
 *
 * Per-thread state is an LRU hash keyed by pid_tgid, not task storage:
 * uprobe programs get task storage only from 5.11 on and 5.10 is a target.
 * Entries are kept between calls (depth 0: idle), see lib/thread_entry.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "lib/uprobe_args.bpf.h" /* instead of <bpf/bpf_tracing.h> */

#include "gethostlatency.h"
#include "lib/drops.bpf.h"
#include "lib/filter.bpf.h"
#include "lib/ringbuf.bpf.h"
#include "lib/thread_entry.bpf.h"
#include "lib/uprobe_session.bpf.h"

struct ghl_call {
	__u64 start_ns;
	__u64 name;    /* const char *: read at return, the caller still owns it */
	__u64 resultp; /* getaddrinfo: struct addrinfo **; _r: struct hostent ** */
	__u64 herrp;   /* int *h_errnop, from the first _r call in the nest */
	__u32 depth;
	__u32 func;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct ghl_call);
} calls SEC(".maps");

/* An event is built here and sent with its real length. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ghl_event);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* The user-space ABI (LP64, glibc and musl alike), not kernel types. */
struct user_addrinfo {
	int ai_flags, ai_family, ai_socktype, ai_protocol;
	__u32 ai_addrlen;
	__u64 ai_addr, ai_canonname, ai_next;
};

struct user_hostent {
	__u64 h_name, h_aliases;
	int h_addrtype, h_length;
	__u64 h_addr_list;
};

/* Where a function's h_errnop argument is: read only when it is kept, since
 * the seventh argument is a read of user memory (the stack, on x86-64). */
enum herr_arg {
	HERR_NONE,
	HERR_ARG6,
	HERR_ARG7
};

static __always_inline __u64 herr_ptr(struct pt_regs *ctx, enum herr_arg where)
{
	if (where == HERR_ARG6)
		return uprobe_arg6(ctx);
	if (where == HERR_ARG7)
		return uprobe_arg7(ctx);
	return 0;
}

static __always_inline int enter(struct pt_regs *ctx, enum ghl_func func, __u64 name, __u64 resultp,
				 enum herr_arg herr)
{
	static const struct ghl_call idle;
	struct ghl_call *c;

	if (filter_skip_current())
		return session_skip_return();
	c = thread_entry(&calls, bpf_get_current_pid_tgid(), &idle);
	if (!c) {
		count_lost();
		return session_skip_return();
	}
	if (c->depth) {
		/* Nested: getaddrinfo's result is its return value alone. */
		if (!c->herrp && c->func != GHL_GETADDRINFO)
			c->herrp = herr_ptr(ctx, herr);
		if (uprobe_sessions)
			return 1; /* no return run, so no depth to count */
		c->depth++;
		return 0;
	}
	c->depth = 1;
	c->start_ns = bpf_ktime_get_ns();
	c->name = name;
	c->resultp = resultp;
	c->herrp = herr_ptr(ctx, herr);
	c->func = func;
	return 0;
}

/* Entry of @func: where its arguments are. With a constant @func (the
 * entry programs) the compiler keeps only that case.
 *   getaddrinfo(node, service, hints, res)
 *   gethostbyname(name), gethostbyname2(name, af)
 *   gethostbyname_r(name, ret, buf, buflen, result, h_errnop)
 *   gethostbyname2_r(name, af, ret, buf, buflen, result, h_errnop) */
static __always_inline int enter_func(struct pt_regs *ctx, enum ghl_func func)
{
	__u64 name = PT_REGS_PARM1(ctx);

	if (func == GHL_GETADDRINFO)
		return enter(ctx, func, name, PT_REGS_PARM4(ctx), HERR_NONE);
	if (func == GHL_GETHOSTBYNAME_R)
		return enter(ctx, func, name, PT_REGS_PARM5(ctx), HERR_ARG6);
	if (func == GHL_GETHOSTBYNAME2_R)
		return enter(ctx, func, name, uprobe_arg6(ctx), HERR_ARG7);
	return enter(ctx, func, name, 0, HERR_NONE);
}

SEC("uprobe")
int BPF_KPROBE(getaddrinfo_enter)
{
	return enter_func(ctx, GHL_GETADDRINFO);
}

SEC("uprobe")
int BPF_KPROBE(gethostbyname_enter)
{
	return enter_func(ctx, GHL_GETHOSTBYNAME);
}

SEC("uprobe")
int BPF_KPROBE(gethostbyname2_enter)
{
	return enter_func(ctx, GHL_GETHOSTBYNAME2);
}

SEC("uprobe")
int BPF_KPROBE(gethostbyname_r_enter)
{
	return enter_func(ctx, GHL_GETHOSTBYNAME_R);
}

SEC("uprobe")
int BPF_KPROBE(gethostbyname2_r_enter)
{
	return enter_func(ctx, GHL_GETHOSTBYNAME2_R);
}

/* Addresses in a getaddrinfo() list into e->naddrs: entries of the first
 * entry's socket type, since an unhinted lookup repeats each address per
 * socket type. */
static __always_inline void count_addrinfo(struct ghl_event *e, __u64 p)
{
	struct user_addrinfo ai;
	__u32 n = 0;
	int i, type = -1;

	for (i = 0; i < GHL_MAX_ENTRIES && p; i++) {
		if (bpf_probe_read_user(&ai, sizeof(ai), (void *)p))
			break;
		if (type < 0)
			type = ai.ai_socktype;
		if (ai.ai_socktype == type)
			n++;
		p = ai.ai_next;
	}
	e->naddrs = n;
	e->naddrs_more = i == GHL_MAX_ENTRIES && p;
}

/* Addresses in a hostent's NULL-ended h_addr_list into e->naddrs. */
static __always_inline void count_hostent(struct ghl_event *e, __u64 p)
{
	struct user_hostent h;
	__u64 list, addr = 0;
	__u32 n = 0;
	int i;

	if (bpf_probe_read_user(&h, sizeof(h), (void *)p))
		return;
	list = h.h_addr_list;
	/* One entry past the limit: whether the list goes on. */
	for (i = 0; i <= GHL_MAX_ENTRIES && list; i++) {
		if (bpf_probe_read_user(&addr, sizeof(addr), (void *)(list + i * 8)) || !addr)
			break;
		if (i == GHL_MAX_ENTRIES) {
			e->naddrs_more = 1;
			break;
		}
		n++;
	}
	e->naddrs = n;
}

/* Fill status/code/naddrs of @e for the outermost call @c returning @rc. */
static __always_inline void outcome(struct ghl_event *e, const struct ghl_call *c, long rc)
{
	__u64 hostent = 0;
	int herr = 0;

	if (c->func == GHL_GETADDRINFO) {
		__u64 first = 0;

		if ((int)rc != 0) {
			e->status = GHL_EAI;
			e->code = (int)rc;
			return;
		}
		if (c->resultp)
			bpf_probe_read_user(&first, sizeof(first), (void *)c->resultp);
		e->status = GHL_OK;
		count_addrinfo(e, first);
		return;
	}
	if (c->func == GHL_GETHOSTBYNAME || c->func == GHL_GETHOSTBYNAME2)
		hostent = rc;
	else if (c->resultp)
		bpf_probe_read_user(&hostent, sizeof(hostent), (void *)c->resultp);
	if (hostent) {
		e->status = GHL_OK;
		count_hostent(e, hostent);
		return;
	}
	if (c->herrp)
		bpf_probe_read_user(&herr, sizeof(herr), (void *)c->herrp);
	if (herr > 0) {
		e->status = GHL_HERRNO;
		e->code = herr;
	} else if ((c->func == GHL_GETHOSTBYNAME_R || c->func == GHL_GETHOSTBYNAME2_R) &&
		   (int)rc != 0) {
		e->status = GHL_ERRNO;
		e->code = (int)rc;
	} else {
		e->status = GHL_FAILED;
	}
}

/* A probed function returned (to a uretprobe, or to an entry program's
 * session). What the return value means depends on the outermost call,
 * which the state remembers. */
static __always_inline int lookup_done(struct pt_regs *ctx)
{
	__u64 id = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();
	long rc = PT_REGS_RC(ctx);
	struct ghl_call *cp, c;
	struct ghl_event *e;
	__u32 zero = 0;
	long len;

	cp = bpf_map_lookup_elem(&calls, &id);
	/* No entry or idle: filtered out, or entered before we attached. */
	if (!cp || !cp->depth || --cp->depth)
		return 0;
	c = *cp;

	e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	e->end_ns = now;
	e->lat_ns = now - c.start_ns;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->cgroup_id = filter_cgroup_id();
	e->code = 0;
	e->naddrs = 0;
	e->naddrs_more = 0;
	e->func = c.func;
	outcome(e, &c, rc);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	len = 0;
	if (c.name)
		len = bpf_probe_read_user_str(e->host, sizeof(e->host), (void *)c.name);
	if (len <= 0) {
		e->host[0] = '\0';
		len = 1;
	}
	if (len > GHL_HOST_LEN)
		len = GHL_HOST_LEN;
	e->host_len = (__u16)(len - 1);
	if (bpf_ringbuf_output(&events, e, offsetof(struct ghl_event, host) + len,
			       rb_commit_flags(&events, offsetof(struct ghl_event, host) + len)))
		count_lost();
	return 0;
}

/* One return program for every function, where there are no sessions. */
SEC("uretprobe")
int BPF_KRETPROBE(lookup_return)
{
	return lookup_done(ctx);
}

/* Where there are sessions: the entry and the return of every function,
 * its attach cookie saying which (enum ghl_func). One program, so the
 * return half is verified once at start-up, not once per function. */
SEC("uprobe")
int BPF_KPROBE(lookup_session)
{
	if (session_at_return(ctx))
		return lookup_done(ctx);
	return enter_func(ctx, (enum ghl_func)bpf_get_attach_cookie(ctx));
}

/* A thread's entry lives until it exits. One that dies inside a lookup
 * (killed during a slow DNS query) never returns: without this, the next
 * thread to get its id would look nested inside a dead call and never be
 * shown. Runs in the exiting thread; raw_tp needs no kernel BTF. */
SEC("raw_tp/sched_process_exit")
int thread_exit(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&calls, &id);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
