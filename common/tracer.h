/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The lifecycle every tool shares: logging, privilege and BTF checks with
 * one-line errors that name the fix, signals, waiting and ring buffer
 * polling, lost-event reports, and clean ends on a closed pipe.
 *
 *   tracer_init()       before opening the skeleton
 *   NAME_bpf__open_opts(tracer_open_opts(&t)) -> configure -> load -> attach
 *   tracer_ready()      once attached: the line tests and users wait for
 *   tracer_sleep() / tracer_poll()   until tracer_stopping()
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
	__u64 lost_reported;	    /* lost events already reported */
	struct bpf_object *watched; /* its programs' recursion misses count as lost */
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

/* Mount tracefs at /sys/kernel/tracing if no tracefs is reachable; perf
 * tracepoints need it to find event ids. */
int tracer_ensure_tracefs(struct tracer *t);

/* "TOOL: message" on stderr. */
void tracer_error(const struct tracer *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same, only with -v. */
void tracer_info(const struct tracer *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Explain a failed load or attach in one line, naming the likely fix. */
int tracer_load_error(const struct tracer *t, const char *what, int err);

/* Announce that probes are attached ("Tracing WHAT... Hit Ctrl-C to end."). */
void tracer_ready(const struct tracer *t, const char *what);

/* Stop requested: SIGINT, SIGTERM, closed output pipe, or tracer_stop(). */
bool tracer_stopping(void);
void tracer_stop(void);

/* Sleep up to @seconds; returns early (true) when a stop is requested. */
bool tracer_sleep(double seconds);

/* Read what @rb holds now (ring_buffer__consume) within the current read
 * budget; 0 or a negative error from a callback. */
int tracer_consume(struct ring_buffer *rb);

/* What a ring buffer callback does with its next record, within the time
 * budget tracer_poll() gives each read (stream_ring_buffer() asks). */
enum read_verdict {
	READ_SHOW,  /* within the budget */
	READ_LATER, /* budget spent: show this one, return -ECANCELED, the
		     * rest waits for the next read */
	READ_COUNT, /* stopping, a flood still arriving: tracer_count_unshown() */
};
enum read_verdict tracer_read_verdict(void);
/* A record read at the stop and not shown: reported as lost. */
void tracer_count_unshown(void);

/* Poll @rb until a stop is requested or @duration seconds pass (0: no
 * limit); every @tick seconds (0: never) call @on_tick. Every wakeup or
 * 100 ms, reads what the buffer holds, including records committed
 * without a wakeup. Returns 0 or a negative error from the ring buffer
 * or the callbacks. */
int tracer_poll(struct tracer *t, struct ring_buffer *rb, double duration, double tick,
		int (*on_tick)(void *ctx), void *ctx);

/* Load the skeleton's programs (one-line error on failure), count their
 * skipped runs as lost (tracer_watch) and, for -c, put the cgroup v2
 * directory @cgroup in @cgroup_map (NULL @cgroup: no filter). */
int tracer_load(struct tracer *t, struct bpf_object_skeleton *s, const char *cgroup,
		struct bpf_map *cgroup_map);

/* Attach the skeleton's programs; the error names @what ("syscall
 * tracepoints") and the likely fix. */
int tracer_attach(struct tracer *t, struct bpf_object_skeleton *s, const char *what);

/* Count @obj's skipped program runs as lost events: the kernel skips a
 * program that would run nested on one CPU (recursion_misses, 5.12+), and
 * an event it never saw is as lost as one it could not store. */
void tracer_watch(struct tracer *t, struct bpf_object *obj);

/* Report events lost since the last report, from a drop counter the BPF
 * side keeps (@total is its current value): on stderr, and as a "lost"
 * JSON record on @out with -j. */
void tracer_report_lost(struct tracer *t, FILE *out, __u64 total);

/* Flush @out after a batch. A closed pipe requests a stop and returns
 * -EPIPE; tracer_exit_status() turns that into exit status 0. */
int tracer_flush(FILE *out);

/* Process exit status for a tool's final error code. */
int tracer_exit_status(int err);

/* Time conversion: bpf_ktime_get_ns() values to Unix seconds. */
double tracer_ktime_to_unix(const struct tracer *t, __u64 ktime_ns);
double tracer_now_unix(void);

/* "HH:MM:SS" local time of now into @buf (at least 9 bytes). */
void tracer_strftime_now(char *buf, size_t len);

#endif
