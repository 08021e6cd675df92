/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The ring-buffer reader of the streaming tools (opensnoop, sigsnoop, ...):
 * poll, hand each record to the tool's callback within a time budget, flush
 * after every batch so a pipe sees events at once, and report events the
 * kernel side could not record, as they happen and once more at the end.
 *
 *   stream_size_ring()   before load: buffer size and wakeup levels
 *   stream_open()        after load: the reader of one ring buffer map
 *   stream_run()         until a stop, -d, or a closed pipe
 *   stream_close()
 */
#ifndef CORETRACE_STREAM_H
#define CORETRACE_STREAM_H

#include <bpf/libbpf.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stdio.h>

struct tracer;

/* A record callback's verdict on a record it cannot show (inconsistent
 * lengths): counted as malformed, and so as lost. < 0 stops the run. */
#define STREAM_MALFORMED 1

/* @data is at least the stream's min_size bytes. */
typedef int (*stream_record_fn)(void *ctx, const void *data, size_t size);

/* One ring buffer and its reader. The fields are stream.c's. */
struct stream {
	struct tracer *t;
	struct ring_buffer *rb;
	stream_record_fn fn;
	void *ctx;
	size_t min_size;
	FILE *out;		   /* of the run */
	double deadline;	   /* of the current read */
	bool final;		   /* the read after a stop */
	int verdict;		   /* what to do with records, cached ... */
	unsigned int verdict_left; /* ... for this many more */
};

/* Read ring buffer @map into @fn(@ctx, ...). Records shorter than
 * @min_size are counted as malformed and never reach @fn. One-line error
 * and < 0 on failure. */
int stream_open(struct stream *s, struct tracer *t, const struct bpf_map *map, size_t min_size,
		stream_record_fn fn, void *ctx);
void stream_close(struct stream *s);

/* Run until a stop is requested or @duration seconds pass (0: no limit),
 * then read what arrived before the stop, for a bounded time. @lost is the
 * BPF side's drop counter (skel->bss->lost_events). Every @period seconds
 * (0: never) also call @every(@ctx), after a read and before the flush: a
 * metrics file's refresh, whose failure it reports itself and which is
 * tried again next period. Returns 0, -EPIPE on a closed @out, or another
 * negative error. */
int stream_run(struct stream *s, FILE *out, const volatile __u64 *lost, double duration,
	       double period, int (*every)(void *ctx), void *ctx);

/* Before load: give ring buffer @rb @bytes (0: keep its default) and set
 * the object's rb_wakeup_bytes and rb_wakeup_step_shift (bpf/lib/
 * ringbuf.bpf.h) to match: wake the reader when a quarter of the buffer
 * waits, and again every sixteenth more. */
void stream_size_ring(struct bpf_map *rb, unsigned long long bytes, volatile __u64 *wakeup_bytes,
		      volatile __u32 *wakeup_step_shift);

/* The two levels for a ring buffer of @size bytes (a power of two): a
 * quarter of it, and log2 of a sixteenth. */
void stream_wakeup_levels(__u32 size, __u64 *wakeup_bytes, __u32 *wakeup_step_shift);

#endif
