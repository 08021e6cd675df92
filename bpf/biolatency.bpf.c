// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biolatency: block I/O latency histograms.
 *
 * A request is timed from block_rq_issue (or block_rq_insert with -Q) to
 * block_rq_complete. Each hook exists as tp_btf (preferred) and raw_tp (for
 * kernels whose BTF comes from --btf); user space loads one set.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "biolatency.h"
#include "lib/drops.bpf.h"
#include "lib/filter.bpf.h"
#include "lib/hist.bpf.h"

const volatile bool targ_queued = false;   /* -Q: from insert, not issue */
const volatile bool targ_ms = false;	   /* -m */
const volatile bool targ_per_disk = false; /* -D */
const volatile bool targ_per_flag = false; /* -F */
const volatile __u32 targ_dev = 0;	   /* -d: BIO_DEV(), 0 = all */
/* Before 5.11, block_rq_issue and block_rq_insert were (q, rq); user space
 * reads the argument count from BTF and tells us. */
const volatile bool issue_has_queue = false;
const volatile bool insert_has_queue = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BIO_MAX_INFLIGHT);
	__type(key, __u64); /* struct request * */
	__type(value, __u64);
} start SEC(".maps");

/* Per-CPU: completions on different CPUs never contend on one line. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, BIO_MAX_HISTS);
	__type(key, struct bio_hist_key);
	__type(value, struct hist);
} hists SEC(".maps");

/* Source of zeroes for a new histogram: 4 KiB is too big for the stack. */
const struct hist zero_hist = {};

/* Up to 5.17 the disk hung off the request; later only off its queue. */
struct request___with_rq_disk {
	struct gendisk *rq_disk;
} __attribute__((preserve_access_index));

static __always_inline __u32 request_dev(struct request *rq)
{
	struct request___with_rq_disk *old = (void *)rq;
	struct gendisk *disk;

	if (bpf_core_field_exists(old->rq_disk))
		disk = BPF_CORE_READ(old, rq_disk);
	else
		disk = BPF_CORE_READ(rq, q, disk);
	if (!disk)
		return 0;
	return BIO_DEV(BPF_CORE_READ(disk, major), BPF_CORE_READ(disk, first_minor));
}

#define FLAG_BIT(cmd, name, ours)                                                                  \
	(bpf_core_enum_value_exists(enum req_flag_bits, name) &&                                   \
			 ((cmd) & (1U << bpf_core_enum_value(enum req_flag_bits, name)))           \
		 ? (ours)                                                                          \
		 : 0)

static __always_inline __u32 request_flags(struct request *rq)
{
	__u32 cmd = BPF_CORE_READ(rq, cmd_flags);

	return (cmd & BIO_OP_MASK) | FLAG_BIT(cmd, __REQ_SYNC, BIO_F_SYNC) |
	       FLAG_BIT(cmd, __REQ_META, BIO_F_META) | FLAG_BIT(cmd, __REQ_PRIO, BIO_F_PRIO) |
	       FLAG_BIT(cmd, __REQ_NOMERGE, BIO_F_NOMERGE) | FLAG_BIT(cmd, __REQ_IDLE, BIO_F_IDLE) |
	       FLAG_BIT(cmd, __REQ_INTEGRITY, BIO_F_INTEGRITY) |
	       FLAG_BIT(cmd, __REQ_FUA, BIO_F_FUA) | FLAG_BIT(cmd, __REQ_PREFLUSH, BIO_F_PREFLUSH) |
	       FLAG_BIT(cmd, __REQ_RAHEAD, BIO_F_RAHEAD) |
	       FLAG_BIT(cmd, __REQ_BACKGROUND, BIO_F_BACKGROUND) |
	       FLAG_BIT(cmd, __REQ_NOWAIT, BIO_F_NOWAIT);
}

static __always_inline int on_start(struct request *rq, bool at_issue)
{
	__u64 key = (__u64)rq, ts;

	if (filter_skip_current())
		return 0;
	if (targ_dev && request_dev(rq) != targ_dev)
		return 0;
	ts = bpf_ktime_get_ns();
	/* With -Q, insert stamps first; a request issued without passing the
	 * scheduler (direct issue) is stamped at issue instead. */
	if (bpf_map_update_elem(&start, &key, &ts,
				targ_queued && at_issue ? BPF_NOEXIST : BPF_ANY)) {
		if (!(targ_queued && at_issue && bpf_map_lookup_elem(&start, &key)))
			count_lost();
	}
	return 0;
}

static __always_inline int on_complete(struct request *rq)
{
	__u64 key = (__u64)rq, *tsp, delta;
	struct bio_hist_key hkey = {};
	struct hist *h;

	tsp = bpf_map_lookup_elem(&start, &key);
	if (!tsp)
		return 0; /* started before we attached, or filtered out */
	delta = bpf_ktime_get_ns() - *tsp;
	bpf_map_delete_elem(&start, &key);
	if ((__s64)delta < 0)
		return 0;
	delta /= targ_ms ? 1000000 : 1000;

	if (targ_per_disk)
		hkey.dev = request_dev(rq);
	if (targ_per_flag)
		hkey.flags = request_flags(rq);

	h = bpf_map_lookup_elem(&hists, &hkey);
	if (!h) {
		bpf_map_update_elem(&hists, &hkey, &zero_hist, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &hkey);
		if (!h) {
			count_lost(); /* more disks x flag sets than BIO_MAX_HISTS */
			return 0;
		}
	}
	hist_add(h, delta);
	return 0;
}

/* ctx[0] is the request, or the queue on kernels that passed (q, rq). */
#define RQ_ARG(ctx, has_queue) ((struct request *)((has_queue) ? (ctx)[1] : (ctx)[0]))

SEC("tp_btf/block_rq_insert")
int tp_btf_insert(__u64 *ctx)
{
	return on_start(RQ_ARG(ctx, insert_has_queue), false);
}

SEC("tp_btf/block_rq_issue")
int tp_btf_issue(__u64 *ctx)
{
	return on_start(RQ_ARG(ctx, issue_has_queue), true);
}

SEC("tp_btf/block_rq_complete")
int tp_btf_complete(__u64 *ctx)
{
	return on_complete((struct request *)ctx[0]);
}

SEC("raw_tp/block_rq_insert")
int raw_tp_insert(__u64 *ctx)
{
	return on_start(RQ_ARG(ctx, insert_has_queue), false);
}

SEC("raw_tp/block_rq_issue")
int raw_tp_issue(__u64 *ctx)
{
	return on_start(RQ_ARG(ctx, issue_has_queue), true);
}

SEC("raw_tp/block_rq_complete")
int raw_tp_complete(__u64 *ctx)
{
	return on_complete((struct request *)ctx[0]);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
