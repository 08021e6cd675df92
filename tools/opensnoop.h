/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* opensnoop's options and the functions its tests call. */
#ifndef CORETRACE_TOOLS_OPENSNOOP_H
#define CORETRACE_TOOLS_OPENSNOOP_H

#include <linux/types.h>
#include <stdbool.h>
#include <stdio.h>

#include "args.h"
#include "bpf/opensnoop.h"
#include "emit.h"
#include "filter.h"
#include "openmetrics.h"

struct opensnoop_env {
	struct common_args common; /* -j -v --btf -d -b */
	struct filter_args filter; /* -p -t -u -c */
	bool timestamp;		   /* -T */
	bool print_uid;		   /* -U */
	bool failed;		   /* -x */
	const char *name;	   /* -n */
	bool extended;		   /* -e */
	bool full_path;		   /* -F */
	struct om_args metrics;	   /* --prometheus, --label, --max-series, -q */
};

/* The tool as a program: what coretrace runs for "opensnoop". */
int opensnoop_main(int argc, char **argv);

int opensnoop_parse_args(int argc, char **argv, struct opensnoop_env *env);

/* JSON carries every field; the text columns follow -T, -U and -e, and
 * -C adds CONTAINER (JSON "container" and "cgroup"). */
void opensnoop_init_emitter(struct emitter *e, FILE *out, bool json, bool timestamp, bool uid,
			    bool extended, bool containers);

/* One event; @path is the record's path (path_len bytes, NUL-terminated). */
void opensnoop_print_event(const struct emitter *e, const struct opensnoop_event *ev,
			   const char *path, double ts);

#endif
