/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Metrics for fleets: a file in Prometheus text format, for
 * node_exporter's textfile collector. Written whole to a temporary file in
 * the same directory and renamed over FILE, so a scrape never sees half.
 * Values are cumulative since the tool started, in base units (seconds,
 * bytes), as Prometheus counters and histograms must be.
 */
#ifndef CORETRACE_OPENMETRICS_H
#define CORETRACE_OPENMETRICS_H

#include <argp.h>
#include <stdio.h>

#include "hist.h"

/* --openmetrics FILE, for tools that offer it (an args_group; @opts is
 * unused): the group's input is a `const char *` to fill. */
const struct argp *om_argp(const void *opts);

/* How often the file is rewritten when the tool has no interval. */
#define OPENMETRICS_PERIOD 10.0

struct om_writer {
	const char *path;
	char tmp[4096];
	FILE *f;
};

/* Start a new version of @path; < 0 (-errno) if the directory is not
 * writable. */
int om_begin(struct om_writer *w, const char *path);

/* "# HELP" and "# TYPE" lines of a metric family. */
void om_family(struct om_writer *w, const char *name, const char *type, const char *help);

/* One sample: name{labels} value. */
void om_sample(struct om_writer *w, const char *name, const struct hist_label *labels, int nlabels,
	       double value);

/* A histogram's _bucket{le=...} series (cumulative, ending in +Inf), _sum
 * and _count. @unit_seconds converts the histogram's unit to seconds. */
void om_histogram(struct om_writer *w, const char *name, const struct hist_label *labels,
		  int nlabels, const struct hist *h, double unit_seconds);

/* Flush, fsync and rename over the target; < 0 on failure (the old file
 * stays). */
int om_commit(struct om_writer *w);

struct tracer;

/* Write @path in one go: @fill adds the tool's families, then the tool's
 * coretrace_lost_events_total{tool=@tool} of @lost (tracer_lost_total);
 * one-line error and < 0 on failure (the previous file stays, and the
 * next call tries again). */
int om_write_file(const struct tracer *t, const char *path, const char *tool, __u64 lost,
		  void (*fill)(struct om_writer *w, void *ctx), void *ctx);

/* Before loading any BPF: whether @path can be written (its directory
 * takes a new file; it is no directory). One-line error and < 0 if not. */
int om_check(const struct tracer *t, const char *path);

/*
 * Series accumulated by label values, for the streaming tools: each event
 * adds to a latency histogram and up to OM_COUNTERS counters of the series
 * its labels name (e.g. comm="curl",result="ok").
 */
#define OM_LABELS    2
#define OM_LABEL_LEN 64
#define OM_COUNTERS  3

struct om_series {
	char values[OM_LABELS][OM_LABEL_LEN];
	struct hist hist;
	double counters[OM_COUNTERS];
};

struct om_table {
	const char *keys[OM_LABELS]; /* label names; NULL for unused */
	struct om_series *v;
	size_t n, cap;
};

/* The series for these label values (NULL values for unused keys),
 * created empty on first use; NULL when out of memory. */
struct om_series *om_table_get(struct om_table *t, const char *v0, const char *v1);
void om_table_free(struct om_table *t);
/* The labels of @s, ready for om_sample() and om_histogram(). */
int om_series_labels(const struct om_table *t, const struct om_series *s,
		     struct hist_label labels[OM_LABELS]);

/* The table as Prometheus families: histogram @hist_name (values in units
 * of @unit_seconds) and, for each non-NULL @counters[i], a counter family
 * with that name and help @helps[i]. */
void om_table_write(struct om_writer *w, const struct om_table *t, const char *hist_name,
		    const char *hist_help, double unit_seconds,
		    const char *const counters[OM_COUNTERS], const char *const helps[OM_COUNTERS]);

#endif
