/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The main loop of the streaming tools (opensnoop, sigsnoop, ...): poll
 * the ring buffer, flush after every batch so a pipe sees events at once,
 * and report events the kernel side could not record, as they happen and
 * once more at the end.
 */
#ifndef CORETRACE_STREAM_H
#define CORETRACE_STREAM_H

#include <bpf/libbpf.h>
#include <linux/types.h>
#include <stdio.h>

struct tracer;

/* ring_buffer__new() on @map with a one-line error; NULL with errno set.
 * Reading stops once a read has used its time budget (tracer_read_verdict):
 * the rest waits for the next read, so a flood cannot hold off a tick or a
 * stop. */
struct ring_buffer *stream_ring_buffer(const struct tracer *t, const struct bpf_map *map,
				       ring_buffer_sample_fn fn, void *ctx);

/* Run until a stop is requested or @duration seconds pass (0: no limit).
 * @lost is the BPF side's drop counter (skel->bss->lost_events). Returns
 * 0, -EPIPE on a closed @out, or another negative error. */
int stream_run(struct tracer *t, struct ring_buffer *rb, FILE *out, const volatile __u64 *lost,
	       double duration);

/* Same, and every @period seconds (0: never) also call @every(@ctx), after
 * the read and before the flush: a metrics file's refresh. */
int stream_run_every(struct tracer *t, struct ring_buffer *rb, FILE *out,
		     const volatile __u64 *lost, double duration, double period,
		     int (*every)(void *ctx), void *ctx);

/* Before load: give ring buffer @rb @bytes (0: keep its default) and set
 * the object's rb_wakeup_bytes and rb_wakeup_step_shift (bpf/lib/
 * ringbuf.bpf.h) to match: wake the reader when a quarter of the buffer
 * waits, and again every sixteenth more. */
void stream_size_ring(struct bpf_map *rb, unsigned long long bytes, __u64 *wakeup_bytes,
		      __u32 *wakeup_step_shift);

/* The two levels for a ring buffer of @size bytes (a power of two): a
 * quarter of it, and log2 of a sixteenth. */
void stream_wakeup_levels(__u32 size, __u64 *wakeup_bytes, __u32 *wakeup_step_shift);

/* Ring buffer size from -b: bytes, or with a K/M/G suffix; rounded up to a
 * power of two of at least one page, as BPF_MAP_TYPE_RINGBUF needs. 0 and
 * -EINVAL/-ERANGE for a bad value. */
int stream_parse_size(const char *s, unsigned long long *bytes);

/* -b SIZE for the options parser: the size, or a one-line usage error. */
struct argp_state;
unsigned long long stream_buffer_arg(const struct argp_state *state, const char *arg);

#endif
