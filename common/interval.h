/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The main loop of the histogram tools (biolatency, syscount): wake every
 * interval, read what the kernel counted, refresh the metrics file, print
 * this interval (or, without one, everything at the end), report lost
 * events, until a stop, a count of intervals, or a duration.
 */
#ifndef CORETRACE_INTERVAL_H
#define CORETRACE_INTERVAL_H

#include <linux/types.h>
#include <stdbool.h>
#include <stdio.h>

struct tracer;

struct interval_loop {
	unsigned int interval; /* seconds between prints; 0: print once, at the end */
	unsigned int count;    /* stop after this many prints; 0: no limit */
	unsigned int duration; /* stop after this many seconds; 0: no limit */
	bool metrics;	       /* call write_metrics every interval, or every
				* metrics_period seconds without one; its
				* errors are its to report and end nothing */
	unsigned int metrics_period;
	const volatile __u64 *lost; /* the BPF side's drop counter */
	/* Read what the kernel counted since the last call. */
	int (*collect)(void *ctx);
	/* Print to @out what was collected last (@whole_run false) or
	 * everything since the start (true, at the end without -i); NULL:
	 * print nothing (-q). */
	void (*print)(void *ctx, FILE *out, bool whole_run);
	int (*write_metrics)(void *ctx);
	void *ctx;
};

/* Run @l, printing to @out. 0 at the end, -EPIPE on a closed @out, or the
 * first error of a callback. */
int interval_run(struct tracer *t, const struct interval_loop *l, FILE *out);

#endif
