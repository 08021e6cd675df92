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
const volatile bool targ_per_disk = false; /* -D */
const volatile bool targ_per_flag = false; /* -F */
const volatile __u32 targ_dev = 0;	   /* -d: BIO_DEV(), 0 = all */
/* Before 5.11, block_rq_issue and block_rq_insert were (q, rq); user space
 * reads the argument count from BTF and tells us. */
const volatile bool issue_has_queue = false;
const volatile bool insert_has_queue = false;
/* Number of start_slots minus one; their count is a power of two. */
const volatile __u32 slot_mask = BIO_START_SLOTS - 1;

/*
 * Start times. A hash update plus a lookup and delete cost ~1.3 us per
 * request in a VM, more than everything else together, so kernels with BPF
 * atomics (5.12+) keep them in an array slot picked by hashing the request
 * pointer, claimed with a compare-and-swap. A request whose slot another one
 * holds goes to the hash, which is also the only store on older kernels.
 */
struct start_slot {
	__u64 rq; /* struct request * holding the slot, 0 if free */
	__u64 ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BIO_START_SLOTS);
	__type(key, __u32);
	__type(value, struct start_slot);
} start_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BIO_MAX_INFLIGHT);
	__type(key, __u64); /* struct request * */
	__type(value, __u64);
} start SEC(".maps");

/* Requests in `start` while slots are in use: completions that miss their
 * slot look in the hash only when this is not 0. */
__u64 overflow_inflight = 0;
/* Requests that found their slot taken, for -v. */
__u64 overflow_total = 0;

/* Without -D or -F, one histogram: a per-CPU array, the cheapest lookup. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} hist_total SEC(".maps");

/* With -D or -F, one per key. Allocated as keys appear: preallocating
 * BIO_MAX_HISTS 4 KiB histograms per CPU would take 4 MiB per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
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

/* Should this hook stamp @rq? */
static __always_inline bool wanted(struct request *rq)
{
	if (filter_skip_current())
		return false;
	return !targ_dev || request_dev(rq) == targ_dev;
}

/* With -Q, insert stamps first and the issue that follows keeps that stamp;
 * a request issued without passing the scheduler (direct issue) is stamped
 * at issue. Otherwise every stamp wins, so a requeued request is timed from
 * its last issue. */
static __always_inline bool keeps_stamp(bool at_issue)
{
	return targ_queued && at_issue;
}

static __always_inline void hash_start(__u64 rq, bool at_issue, __u64 ts)
{
	if (bpf_map_update_elem(&start, &rq, &ts, keeps_stamp(at_issue) ? BPF_NOEXIST : BPF_ANY)) {
		if (!(keeps_stamp(at_issue) && bpf_map_lookup_elem(&start, &rq)))
			count_lost();
	}
}

static __always_inline __u32 slot_index(__u64 rq)
{
	/* Multiplicative hashing; requests are at least 64-byte aligned. */
	return (__u32)(((rq >> 6) * 0x9E3779B97F4A7C15ULL) >> 32) & slot_mask;
}

static __always_inline void slots_start(__u64 rq, bool at_issue)
{
	__u32 idx = slot_index(rq);
	struct start_slot *s = bpf_map_lookup_elem(&start_slots, &idx);
	__u64 ts = bpf_ktime_get_ns(), *tsp;

	if (!s)
		return;
	if (s->rq == rq) {
		if (!keeps_stamp(at_issue))
			s->ts = ts;
		return;
	}
	if (overflow_inflight && (tsp = bpf_map_lookup_elem(&start, &rq))) {
		if (!keeps_stamp(at_issue))
			*tsp = ts;
		return;
	}
	if (__sync_val_compare_and_swap(&s->rq, 0, rq) == 0) {
		s->ts = ts;
		return;
	}
	/* Another request in flight holds the slot. */
	if (bpf_map_update_elem(&start, &rq, &ts, BPF_NOEXIST) == 0) {
		__sync_fetch_and_add(&overflow_inflight, 1);
		__sync_fetch_and_add(&overflow_total, 1);
	} else {
		count_lost();
	}
}

/* Take @rq's start time out of the slots or the hash; false if not there. */
static __always_inline bool slots_take(__u64 rq, __u64 *ts)
{
	__u32 idx = slot_index(rq);
	struct start_slot *s = bpf_map_lookup_elem(&start_slots, &idx);
	__u64 *tsp;

	if (s && s->rq == rq) {
		*ts = s->ts;
		/* An exchange, not a store: the read of ts above must not move
		 * past the release, or a new owner's stamp could be read. */
		__sync_lock_test_and_set(&s->rq, 0);
		return true;
	}
	if (!overflow_inflight)
		return false;
	tsp = bpf_map_lookup_elem(&start, &rq);
	if (!tsp)
		return false;
	*ts = *tsp;
	bpf_map_delete_elem(&start, &rq);
	__sync_fetch_and_add(&overflow_inflight, -1);
	return true;
}

static __always_inline bool hash_take(__u64 rq, __u64 *ts)
{
	__u64 *tsp = bpf_map_lookup_elem(&start, &rq);

	if (!tsp)
		return false;
	*ts = *tsp;
	bpf_map_delete_elem(&start, &rq);
	return true;
}

static __always_inline struct hist *hist_for(struct request *rq)
{
	struct bio_hist_key hkey = {};
	struct hist *h;

	if (!targ_per_disk && !targ_per_flag) {
		__u32 zero = 0;

		return bpf_map_lookup_elem(&hist_total, &zero);
	}
	if (targ_per_disk)
		hkey.dev = request_dev(rq);
	if (targ_per_flag)
		hkey.flags = request_flags(rq);
	h = bpf_map_lookup_elem(&hists, &hkey);
	if (h)
		return h;
	bpf_map_update_elem(&hists, &hkey, &zero_hist, BPF_NOEXIST);
	return bpf_map_lookup_elem(&hists, &hkey);
}

static __always_inline void record(struct request *rq, __u64 start_ts)
{
	__u64 delta = bpf_ktime_get_ns() - start_ts;
	struct hist *h;

	if ((__s64)delta < 0)
		return;
	h = hist_for(rq);
	if (!h) {
		count_lost(); /* more disks x flag sets than BIO_MAX_HISTS */
		return;
	}
	/* Microseconds, -m or not: -m only shows them as milliseconds. */
	hist_add(h, delta / 1000);
}

/* ctx[0] is the request, or the queue on kernels that passed (q, rq). */
#define RQ_ARG(ctx, has_queue) ((has_queue) ? (ctx)[1] : (ctx)[0])

static __always_inline int stamp_hash(__u64 rq, bool at_issue)
{
	if (wanted((struct request *)rq))
		hash_start(rq, at_issue, bpf_ktime_get_ns());
	return 0;
}

static __always_inline int stamp_slots(__u64 rq, bool at_issue)
{
	if (wanted((struct request *)rq))
		slots_start(rq, at_issue);
	return 0;
}

/* raw_tp everywhere: its arguments are plain numbers, which the slot hash
 * needs (tp_btf's are pointers the verifier forbids shifting). */

SEC("raw_tp/block_rq_insert")
int hash_insert(__u64 *ctx)
{
	return stamp_hash(RQ_ARG(ctx, insert_has_queue), false);
}

SEC("raw_tp/block_rq_issue")
int hash_issue(__u64 *ctx)
{
	return stamp_hash(RQ_ARG(ctx, issue_has_queue), true);
}

SEC("raw_tp/block_rq_complete")
int hash_complete(__u64 *ctx)
{
	__u64 ts;

	if (hash_take(ctx[0], &ts))
		record((struct request *)ctx[0], ts);
	return 0;
}

SEC("raw_tp/block_rq_insert")
int slots_insert(__u64 *ctx)
{
	return stamp_slots(RQ_ARG(ctx, insert_has_queue), false);
}

SEC("raw_tp/block_rq_issue")
int slots_issue(__u64 *ctx)
{
	return stamp_slots(RQ_ARG(ctx, issue_has_queue), true);
}

SEC("raw_tp/block_rq_complete")
int slots_complete(__u64 *ctx)
{
	__u64 ts;

	if (slots_take(ctx[0], &ts))
		record((struct request *)ctx[0], ts);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
