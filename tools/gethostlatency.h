/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* gethostlatency's options and the functions its tests call. */
#ifndef CORETRACE_TOOLS_GETHOSTLATENCY_H
#define CORETRACE_TOOLS_GETHOSTLATENCY_H

#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "args.h"
#include "bpf/gethostlatency.h"
#include "emit.h"
#include "filter.h"
#include "openmetrics.h"

#define GETHOSTLATENCY_MAX_LIBS 32

struct gethostlatency_env {
	struct common_args common;		   /* -j -v --btf -b */
	struct filter_args filter;		   /* -p */
	const char *libs[GETHOSTLATENCY_MAX_LIBS]; /* -l */
	int nlibs;
	struct om_args metrics; /* --prometheus, --label, --max-series, -q */
};

/* The tool as a program: what coretrace runs for "gethostlatency". */
int gethostlatency_main(int argc, char **argv);

int gethostlatency_parse_args(int argc, char **argv, struct gethostlatency_env *env);

/* RESULT: "ok", an error name, or "failed". */
const char *gethostlatency_result(const struct ghl_event *e, char *buf, size_t len);

/* Text shows the bcc columns with the address count in RESULT ("ok(2)");
 * JSON has every field, the count on its own. */
void gethostlatency_init_emitter(struct emitter *em, FILE *out, bool json, bool containers);

/* One event of @size bytes as the ring buffer delivered it; -EINVAL when
 * it is too short to be one. */
int gethostlatency_print_event(const struct emitter *em, const void *data, size_t size, double ts);

#endif
