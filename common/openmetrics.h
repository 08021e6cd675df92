/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Metrics for fleets: a file in the Prometheus text format, for
 * node_exporter's textfile collector. Written whole to a temporary file in
 * the same directory and renamed over FILE, so a scrape never sees half;
 * removed when the tool ends, so its series go stale at once instead of
 * freezing at their last values. Values are cumulative since the tool
 * started, in base units (seconds, bytes), as counters and histograms must
 * be. Every series carries source="FILE's name", so the files of two
 * instances can share a directory, and the --label constants.
 *
 * What a traced process chooses (its name) is escaped and made valid UTF-8
 * (escape.h), and at most --max-series label sets per family are kept: the
 * rest are summed into "other", so no local user can break or bloat the
 * file.
 */
#ifndef CORETRACE_OPENMETRICS_H
#define CORETRACE_OPENMETRICS_H

#include <argp.h>
#include <stdbool.h>
#include <stdio.h>

#include "hist.h"

#define OM_MAX_CONST_LABELS   8
#define OM_MAX_SERIES_DEFAULT 100

/* The metrics options, an args_group's input (@opts unused). */
struct om_args {
	const char *path;			       /* --prometheus (alias --openmetrics) */
	struct hist_label labels[OM_MAX_CONST_LABELS]; /* --label KEY=VALUE */
	char keys[OM_MAX_CONST_LABELS][64];	       /* ... their KEYs */
	int nlabels;
	unsigned int max_series; /* --max-series, per metric family */
	unsigned int period;	 /* --metrics-interval, seconds (tools without -i) */
	bool quiet;		 /* -q: the file only, no events on stdout */
};

const struct argp *om_argp(const void *opts);

/* How often the file is rewritten by default when the tool has no
 * interval of its own. */
#define OM_PERIOD_DEFAULT 10

struct om_writer {
	const struct om_args *args;
	char source[64]; /* the file's name without ".prom" */
	char tmp[4096];
	FILE *f;
};

/* Start a new version of a->path; < 0 (-errno) if its directory is not
 * writable. */
int om_begin(struct om_writer *w, const struct om_args *a);

/* "# HELP" and "# TYPE" lines of a metric family. */
void om_family(struct om_writer *w, const char *name, const char *type, const char *help);

/* One sample: name{source,constants,labels} value. */
void om_sample(struct om_writer *w, const char *name, const struct hist_label *labels, int nlabels,
	       double value);

/* A histogram's _bucket{le=...} series (cumulative, ending in +Inf), _sum
 * and _count. @unit_seconds converts the histogram's unit to seconds; each
 * le is the upper edge of a log2 bucket, in seconds. */
void om_histogram(struct om_writer *w, const char *name, const struct hist_label *labels,
		  int nlabels, const struct hist *h, double unit_seconds);

/* Flush, fsync and rename over the target; < 0 on failure (the old file
 * stays). */
int om_commit(struct om_writer *w);

struct tracer;

/* What every file says besides the tool's own families. */
struct om_file_info {
	const char *tool;   /* tool="..." */
	const char *method; /* the attach method it chose, for coretrace_attach_info */
	__u64 lost;	    /* tracer_lost_total(): every source of loss */
};

/* Write a->path in one go: @fill adds the tool's families, then
 * coretrace_lost_events_total, coretrace_build_info and
 * coretrace_attach_info; one-line error and < 0 on failure (the previous
 * file stays, and the next call tries again). */
int om_write_file(const struct tracer *t, const struct om_args *a, const struct om_file_info *info,
		  void (*fill)(struct om_writer *w, void *ctx), void *ctx);

/* Before loading any BPF: whether a->path can be written (its directory
 * takes a new file; it is no directory). One-line error and < 0 if not. */
int om_check(const struct tracer *t, const struct om_args *a);

/* When the tool ends: remove the file, so its values do not freeze. */
void om_remove(const struct om_args *a);

/*
 * Series accumulated by label values, for the streaming tools: each event
 * adds to a latency histogram and up to OM_COUNTERS counters of the series
 * its labels name (e.g. comm="curl",result="ok"). Past @max series, a new
 * first label value is summed into "other".
 */
#define OM_LABELS    2
#define OM_LABEL_LEN 64
#define OM_COUNTERS  3
#define OM_OTHER     "other"

struct om_series {
	char values[OM_LABELS][OM_LABEL_LEN];
	struct hist hist;
	double counters[OM_COUNTERS];
};

struct om_table {
	const char *keys[OM_LABELS]; /* label names; NULL for unused */
	unsigned int max;	     /* series kept apart; 0: OM_MAX_SERIES_DEFAULT */
	struct om_series *v;
	size_t n, cap;
};

/* The series for these label values (NULL values for unused keys),
 * created empty on first use, or the "other" one past t->max; NULL when
 * out of memory. */
struct om_series *om_table_get(struct om_table *t, const char *v0, const char *v1);
void om_table_free(struct om_table *t);
/* The labels of @s, ready for om_sample() and om_histogram(). */
int om_series_labels(const struct om_table *t, const struct om_series *s,
		     struct hist_label labels[OM_LABELS]);

/* The table as Prometheus families: histogram @hist_name (values in units
 * of @unit_seconds; NULL: none) and, for each non-NULL @counters[i], a
 * counter family with that name and help @helps[i]. */
void om_table_write(struct om_writer *w, const struct om_table *t, const char *hist_name,
		    const char *hist_help, double unit_seconds,
		    const char *const counters[OM_COUNTERS], const char *const helps[OM_COUNTERS]);

/*
 * A streaming tool's metrics: the table its events add to, and what its
 * file says. om_source_write() is the @every of stream_run().
 */
struct om_source {
	const struct om_args *args;
	const struct tracer *t;
	const volatile __u64 *lost; /* the BPF side's drop counter */
	const char *tool;
	const char *method; /* for coretrace_attach_info */
	struct om_table table;
	const char *hist_name; /* NULL: counters only */
	const char *hist_help;
	double unit_seconds;
	const char *counters[OM_COUNTERS];
	const char *helps[OM_COUNTERS];
};

/* Write @src's file now (the table so far); as om_write_file(). */
int om_source_write(void *src);

/* When the tool ends: remove the file, free the table. */
void om_source_end(struct om_source *src);

#endif
