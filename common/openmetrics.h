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

/* --openmetrics FILE, for tools that offer it: an argp child whose input
 * is a `const char *` to fill. */
extern const struct argp openmetrics_argp;

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

/* Drop an unfinished version. */
void om_abort(struct om_writer *w);

#endif
