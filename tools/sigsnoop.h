/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* sigsnoop's options and the functions its tests call. */
#ifndef CORETRACE_TOOLS_SIGSNOOP_H
#define CORETRACE_TOOLS_SIGSNOOP_H

#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "args.h"
#include "bpf/sigsnoop.h"
#include "emit.h"
#include "filter.h"
#include "openmetrics.h"

struct sigsnoop_env {
	struct common_args common; /* -j -v --btf -d -b */
	struct filter_args filter; /* -p (the sender) -c */
	bool failed;		   /* -x */
	bool syscalls;		   /* -k */
	bool names;		   /* -n */
	int target;		   /* --target: the receiver */
	bool sig_filter;	   /* -s given */
	__u8 sigs[SIGSNOOP_NSIG];  /* -s */
	struct om_args metrics;	   /* --prometheus, --label, --max-series, -q */
};

/* The tool as a program: what coretrace runs for "sigsnoop". */
int sigsnoop_main(int argc, char **argv);

int sigsnoop_parse_args(int argc, char **argv, struct sigsnoop_env *env);

/* Kernel signal number for "SIGTERM", "term", "15", "RTMIN+3" or
 * "SIGRTMAX-1" (real-time names as glibc counts them); -1 if unknown. */
int sigsnoop_parse_signal(const char *arg);

/* Fill @set from "TERM,KILL,SIGRTMIN+3". 0 on success; -EINVAL with the
 * offending item copied to @bad otherwise. */
int sigsnoop_parse_list(const char *list, __u8 set[SIGSNOOP_NSIG], char *bad, size_t bad_len);

/* "SIGTERM", "SIGRTMIN+3", "SIG32" for the two glibc keeps, "0" for the
 * existence check. */
const char *sigsnoop_signal_name(int sig, char *buf, size_t len);

/* RESULT: what signal_generate said, or with -k the call's return. */
const char *sigsnoop_result(const struct sigsnoop_event *e, char *buf, size_t len);

/* @names (-n): the SIG column as "SIGTERM" instead of 15. JSON always has
 * both, "sig" (the number) and "signal" (the name). */
void sigsnoop_init_emitter(struct emitter *e, FILE *out, bool json, bool names, bool containers);
void sigsnoop_print_event(const struct emitter *e, const struct sigsnoop_event *ev, double ts);

#endif
