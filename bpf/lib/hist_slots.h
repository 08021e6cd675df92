/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Log-linear histogram layout, shared by the BPF programs and user space.
 *
 * Values 0..7 get a slot each; every power of two from 8 up is split into
 * HIST_SUBS equal sub-buckets, so a slot's width is at most 1/8 of its low
 * bound and a percentile read from the slots is within 12.5% of the truth.
 * A log2 (bcc-style) view is an exact merge: no slot straddles a power of 2.
 *
 * The includer provides __u32/__u64 (vmlinux.h in BPF, <linux/types.h> in
 * user space). No builtins: BPF has no count-leading-zeros instruction.
 */
#ifndef CORETRACE_HIST_SLOTS_H
#define CORETRACE_HIST_SLOTS_H

#define HIST_SUB_BITS 3
#define HIST_SUBS     (1 << HIST_SUB_BITS)
/* 64-bit values: 8 direct slots + 61 powers of two (2^3..2^63) x 8. */
#define HIST_SLOTS (HIST_SUBS + (64 - HIST_SUB_BITS) * HIST_SUBS)

struct hist {
	__u64 slots[HIST_SLOTS];
	__u64 count;
	__u64 sum;
};

static inline __u32 hist_log2(__u64 v)
{
	__u32 r = 0, shift;

	shift = (v > 0xffffffffULL) << 5;
	v >>= shift;
	r |= shift;
	shift = (v > 0xffff) << 4;
	v >>= shift;
	r |= shift;
	shift = (v > 0xff) << 3;
	v >>= shift;
	r |= shift;
	shift = (v > 0xf) << 2;
	v >>= shift;
	r |= shift;
	shift = (v > 0x3) << 1;
	v >>= shift;
	r |= shift;
	r |= (__u32)(v >> 1);
	return r;
}

static inline __u32 hist_slot(__u64 v)
{
	__u32 lg;

	if (v < HIST_SUBS)
		return (__u32)v;
	lg = hist_log2(v);
	return (lg - HIST_SUB_BITS + 1) * HIST_SUBS +
	       (__u32)((v >> (lg - HIST_SUB_BITS)) & (HIST_SUBS - 1));
}

/* Smallest value that lands in @slot. */
static inline __u64 hist_slot_low(__u32 slot)
{
	__u32 lg;

	if (slot < HIST_SUBS)
		return slot;
	lg = slot / HIST_SUBS + HIST_SUB_BITS - 1;
	return ((__u64)1 << lg) + ((__u64)(slot % HIST_SUBS) << (lg - HIST_SUB_BITS));
}

/* Largest value that lands in @slot (inclusive). */
static inline __u64 hist_slot_high(__u32 slot)
{
	if (slot + 1 >= (__u32)HIST_SLOTS)
		return ~0ULL;
	return hist_slot_low(slot + 1) - 1;
}

#endif
