/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* syscount's options and the functions its tests call. */
#ifndef CORETRACE_TOOLS_SYSCOUNT_H
#define CORETRACE_TOOLS_SYSCOUNT_H

#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "args.h"
#include "bpf/syscount.h"
#include "filter.h"
#include "openmetrics.h"

struct syscount_env {
	struct common_args common; /* -j -v --btf -d */
	struct filter_args filter; /* -p -t -c */
	unsigned int interval;	   /* -i, seconds; 0: print at the end */
	unsigned int top;	   /* -T, default 10 */
	bool failures;		   /* -x */
	int errno_filter;	   /* -e */
	bool latency;		   /* -L */
	bool milliseconds;	   /* -m */
	bool per_process;	   /* -P */
	bool list;		   /* -l */
	struct om_args metrics;	   /* --prometheus, --label, --max-series, -q */
};

/* The tool as a program: what coretrace runs for "syscount". */
int syscount_main(int argc, char **argv);

int syscount_parse_args(int argc, char **argv, struct syscount_env *env);

/* One line of output: a syscall (key = number) or a process (key = pid). */
struct syscount_row {
	__u32 key;  /* a number past the name table, or negative as (__u32)int */
	bool other; /* the metrics' sum of the rows past --max-series */
	char comm[SYSCOUNT_COMM_LEN];
	struct syscall_stat stat;
};

/* By count (or with @by_latency by total time), largest first. */
void syscount_sort_rows(struct syscount_row *rows, size_t n, bool by_latency);

/* The first env->top of @rows (already sorted), as text or one JSON
 * record of Unix time @ts. */
void syscount_print_rows(FILE *f, const struct syscount_env *env, const struct syscount_row *rows,
			 size_t n, double ts);

#endif
