/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The lifecycle every tool shares: logging, privilege and BTF checks with
 * one-line errors that name the fix, signals, loading and attaching,
 * lost-event accounting, and clean ends on a closed pipe.
 *
 *   tracer_init()       before opening the skeleton
 *   NAME_bpf__open_opts(tracer_open_opts(&t)) -> configure -> tracer_load()
 *       -> attach (tracer_attach())
 *   tracer_ready()      once attached: the line tests and users wait for
 *   stream_run() (stream.h) or interval_run() (interval.h) until a stop
 */
#ifndef CORETRACE_TRACER_H
#define CORETRACE_TRACER_H

#include <bpf/libbpf.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stdio.h>

#include "args.h"

struct tracer {
	const char *name;
	const struct common_args *args;
	struct bpf_object_open_opts open_opts;
	struct bpf_object *watched; /* its programs' recursion misses count as lost */
	__u64 unshown;		    /* records read at the stop and not shown */
	__u64 malformed;	    /* records too short or inconsistent to show */
	__u64 lost_reported;	    /* lost events already reported */
	double mono_offset;	    /* CLOCK_REALTIME - CLOCK_MONOTONIC, seconds */
};

/* Exit statuses of DESIGN.md's output contract. */
#define EXIT_TRACE_FAILED 1

/* Checks privilege and kernel BTF, sets the libbpf log level from -v,
 * gives stdout a 64 KiB buffer unless it is a terminal, and installs
 * signal handlers. Prints a one-line reason and returns < 0 if the
 * tool cannot trace. */
int tracer_init(struct tracer *t, const char *name, const struct common_args *args);

const struct bpf_object_open_opts *tracer_open_opts(struct tracer *t);

/* True when the kernel's own BTF is used (no --btf): tp_btf and fentry
 * need it, raw_tp with CO-RE does not. */
bool tracer_native_btf(const struct tracer *t);

/* Whether programs can keep per-task state in task storage: the map type
 * came to tracing programs in 5.11, and its helpers need the kernel's own
 * BTF. Otherwise a tid-keyed hash (bpf/lib/task_state.bpf.h). */
bool tracer_task_storage(const struct tracer *t);

/* Whether the process has capability @cap (CAP_NET_ADMIN, ...) in its
 * effective set. */
bool tracer_has_cap(int cap);

/* "TOOL: message" on stderr. */
void tracer_error(const struct tracer *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same, only with -v. */
void tracer_info(const struct tracer *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Explain a failed load or attach in one line, naming the likely fix. */
int tracer_load_error(const struct tracer *t, const char *what, int err);

/* Load the skeleton's programs (one-line error on failure) and count
 * their skipped runs as lost (tracer_watch). */
int tracer_load(struct tracer *t, struct bpf_object_skeleton *s);

/* Attach the skeleton's programs; the error names @what ("syscall
 * tracepoints") and the likely fix. */
int tracer_attach(struct tracer *t, struct bpf_object_skeleton *s, const char *what);

/* Count @obj's skipped program runs as lost events: the kernel skips a
 * program that would run nested on one CPU (recursion_misses, 5.12+), and
 * an event it never saw is as lost as one it could not store. */
void tracer_watch(struct tracer *t, struct bpf_object *obj);

/* What the tool chose or found that a user may want to know: the attach
 * @key "method" (tp_btf, a tid hash...), a "library" it probed. Shown with
 * -v, and what --preflight reports (coretrace check). */
void tracer_report(const struct tracer *t, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Announce that probes are attached ("Tracing WHAT... Hit Ctrl-C to end.")
 * and let a held command (-- COMMAND) exec. With --preflight, the tool has
 * shown it can run here: it exits, 0. */
void tracer_ready(const struct tracer *t, const char *what);

/* A stop was requested: SIGINT, SIGTERM, SIGHUP, or a closed output pipe.
 * The first signal starts a clean stop even while a write blocks (it waits
 * 2 s for the reader, then drops the output); a second ends the tool. */
bool tracer_stopping(void);

/* Request a clean stop, as a signal does (async-signal-safe): the end of
 * the traced command (command.h). */
void tracer_request_stop(void);

/* Sleep up to @seconds; returns early (true) when a stop is requested. */
bool tracer_sleep(double seconds);

/* Every event lost so far: @kernel (the BPF side's drop counter,
 * skel->bss->lost_events), the programs' recursion misses, and the
 * records left unshown at the stop or found malformed. The stderr
 * report, the JSON "lost" record and the metrics file all use this. */
__u64 tracer_lost_total(const struct tracer *t, __u64 kernel);

/* Report events lost since the last report (tracer_lost_total of
 * @kernel): on stderr, and as a "lost" JSON record on @out with -j. */
void tracer_report_lost(struct tracer *t, FILE *out, __u64 kernel);

/* Flush @out after a batch. A closed pipe requests a stop and returns
 * -EPIPE, as does output dropped because its reader stalled after a stop;
 * tracer_exit_status() turns that into exit status 0. Any other write
 * error (a full disk, /dev/full) is said once and gives -EIO. */
int tracer_flush(const struct tracer *t, FILE *out);

/* Process exit status for a tool's final error code: with a command that
 * has ended, the command's (command_exit_status()). */
int tracer_exit_status(int err);

/* Time conversion: bpf_ktime_get_ns() values to Unix seconds. */
double tracer_ktime_to_unix(const struct tracer *t, __u64 ktime_ns);
double tracer_now_unix(void);
/* CLOCK_MONOTONIC in seconds: the clock of deadlines. */
double tracer_mono_now(void);

/* "HH:MM:SS" local time of now into @buf (at least 9 bytes). */
void tracer_strftime_now(char *buf, size_t len);

#endif
