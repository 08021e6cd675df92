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

/* bcc-style table, "     usecs               : count    distribution" and
 * rows "  64 -> 127  : 12  |****   |", then the summary line. Prints
 * nothing for an empty histogram. */
void hist_print_text(FILE *f, const struct hist *h, const char *unit);

/* "count N  avg X  p50 X  p90 X  p99 X  max X" */
void hist_print_summary(FILE *f, const struct hist *h);

/* One DESIGN.md "hist" record on one line. */
void hist_print_json(FILE *f, const struct hist *h, const char *unit,
		     const struct hist_label *labels, int nlabels, double ts);

#endif
