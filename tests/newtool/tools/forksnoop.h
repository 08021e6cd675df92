/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* forksnoop's options and the functions its tests call. */
#ifndef CORETRACE_TOOLS_FORKSNOOP_H
#define CORETRACE_TOOLS_FORKSNOOP_H

#include <linux/types.h>
#include <stdio.h>

#include "args.h"
#include "bpf/forksnoop.h"
#include "emit.h"
#include "filter.h"

struct forksnoop_env {
	struct common_args common; /* -j -v --btf -d -b */
	struct filter_args filter; /* -p -u -c */
};

int forksnoop_parse_args(int argc, char **argv, struct forksnoop_env *env);
/* The tool as a program: what coretrace runs for "forksnoop". */
int forksnoop_main(int argc, char **argv);

void forksnoop_init_emitter(struct emitter *e, FILE *out, bool json);
void forksnoop_print_event(const struct emitter *e, const struct forksnoop_event *ev, double ts);

#endif
