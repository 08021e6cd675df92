/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* biolatency's options and the functions its tests call. */
#ifndef CORETRACE_TOOLS_BIOLATENCY_H
#define CORETRACE_TOOLS_BIOLATENCY_H

#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>

#include "args.h"
#include "bpf/biolatency.h"
#include "filter.h"
#include "openmetrics.h"

struct biolatency_env {
	struct common_args common; /* -j -v --btf */
	struct filter_args filter; /* -c */
	bool timestamp;		   /* -T */
	bool ms;		   /* -m */
	bool queued;		   /* -Q */
	bool per_disk;		   /* -D */
	bool per_flag;		   /* -F */
	const char *disk;	   /* -d */
	unsigned int interval;	   /* 0: print once, at the end */
	unsigned int count;	   /* 0: no limit */
	struct om_args metrics;	   /* --prometheus, --label, --max-series, -q */
};

/* The tool as a program: what coretrace runs for "biolatency". */
int biolatency_main(int argc, char **argv);

int biolatency_parse_args(int argc, char **argv, struct biolatency_env *env);

/* "Sync-Write", "Read", "FUA-PreFlush-Write": the flags of a -F histogram,
 * then the op. */
void biolatency_flags_name(__u32 flags, char *buf, size_t len);

#endif
