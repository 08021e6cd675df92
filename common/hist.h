/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Histograms recorded by the BPF side in log-linear slots (see
 * bpf/lib/hist_slots.h), rendered as bcc-style log2 text, JSON records and
 * percentiles.
 */
#ifndef CORETRACE_HIST_H
#define CORETRACE_HIST_H

#include <linux/types.h>
#include <stdio.h>

#include "lib/hist_slots.h"

/* log2 buckets: bucket 0 is [0, 1], bucket i is [2^i, 2^(i+1) - 1]. */
#define HIST_LOG2_BUCKETS 64

struct hist_label {
	const char *key;
	const char *value;
};

/* Count one value (user-space recording, e.g. from events). */
void hist_record(struct hist *h, __u64 v);

/* dst += src (merging per-CPU copies or intervals). */
void hist_merge(struct hist *dst, const struct hist *src);

/* delta = now - seen: what a histogram that is never cleared gained since
 * it was @seen. */
void hist_growth(struct hist *delta, const struct hist *now, const struct hist *seen);

/* Fold fine slots into log2 buckets; returns the number of buckets in use
 * (highest non-empty + 1), 0 for an empty histogram. */
int hist_fold_log2(const struct hist *h, __u64 buckets[HIST_LOG2_BUCKETS]);

/* Value at quantile @q (0 < q <= 1): the midpoint of the slot holding the
 * q*count-th value, so within 1/16 of the slot's low bound. 0 if empty. */
__u64 hist_percentile(const struct hist *h, double q);

/* Upper bound of the highest non-empty slot; 0 if empty. */
__u64 hist_max(const struct hist *h);

/* How a histogram is shown: its values divided by @per_unit (1 shows them
 * as recorded; 1000 shows microseconds as milliseconds), named @unit. */
struct hist_unit {
	const char *unit; /* "usecs" for text, "us" for JSON */
	__u64 per_unit;
};

/* Fold fine slots into log2 buckets of value / @per_unit, each slot by its
 * midpoint: exact for @per_unit 1 (no slot straddles a power of two),
 * else a slot straddling a bucket edge (at most 1/8 wide) goes to the
 * bucket holding most of it. Returns as hist_fold_log2. */
int hist_fold_log2_scaled(const struct hist *h, __u64 per_unit, __u64 buckets[HIST_LOG2_BUCKETS]);

/* bcc-style table, "     usecs               : count    distribution" and
 * rows "  64 -> 127  : 12  |****   |", then the summary line. Prints
 * nothing for an empty histogram. */
void hist_print_text(FILE *f, const struct hist *h, struct hist_unit u);

/* "count N  avg X  p50 X  p90 X  p99 X  max X"; values in @u, with three
 * decimals where @u is not the recorded unit. */
void hist_print_summary(FILE *f, const struct hist *h, struct hist_unit u);

/* One DESIGN.md "hist" record on one line: sum, percentiles and max in @u
 * (numbers with three decimals where @u is not the recorded unit). */
void hist_print_json(FILE *f, const struct hist *h, struct hist_unit u,
		     const struct hist_label *labels, int nlabels, double ts);

#endif
