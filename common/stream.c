// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "stream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "lib/hist_slots.h" /* hist_log2 */
#include "tracer.h"

/* Largest -b: the kernel caps ring buffers well below this anyway. */
#define STREAM_SIZE_MAX (1ULL << 30)

struct stream {
	struct tracer *t;
	FILE *out;
	const volatile __u64 *lost;
	double period, next; /* of every(), in tracer_now_unix() seconds */
	int (*every)(void *ctx);
	void *ctx;
};

static int stream_tick(void *ctx)
{
	struct stream *s = ctx;
	int err;

	tracer_report_lost(s->t, s->out, *s->lost);
	if (s->every && tracer_now_unix() >= s->next) {
		s->next += s->period;
		err = s->every(s->ctx);
		if (err)
			return err;
	}
	return tracer_flush(s->out);
}

/* A tool's sample callback, behind the read budget (tracer_read_verdict).
 * Static: a tool has one or two ring buffers for its whole life. */
struct stream_sink {
	ring_buffer_sample_fn fn;
	void *ctx;
};
#define STREAM_SINKS_MAX 4
static struct stream_sink sinks[STREAM_SINKS_MAX];
static size_t sinks_used;

static int stream_sample(void *ctx, void *data, size_t size)
{
	struct stream_sink *sink = ctx;
	int err;

	switch (tracer_read_verdict()) {
	case READ_SHOW: return sink->fn(sink->ctx, data, size);
	case READ_COUNT: tracer_count_unshown(); return 0;
	case READ_LATER:
	default:
		/* libbpf has consumed this record already: show it, then stop. */
		err = sink->fn(sink->ctx, data, size);
		return err ? err : -ECANCELED;
	}
}

struct ring_buffer *stream_ring_buffer(const struct tracer *t, const struct bpf_map *map,
				       ring_buffer_sample_fn fn, void *ctx)
{
	struct stream_sink *sink;
	struct ring_buffer *rb;
	int err;

	if (sinks_used == STREAM_SINKS_MAX) {
		tracer_error(t, "cannot create ring buffer: more than %d", STREAM_SINKS_MAX);
		errno = ENOSPC;
		return NULL;
	}
	sink = &sinks[sinks_used];
	*sink = (struct stream_sink){ .fn = fn, .ctx = ctx };
	rb = ring_buffer__new(bpf_map__fd(map), stream_sample, sink, NULL);
	if (!rb) {
		err = errno;
		tracer_error(t, "cannot create ring buffer: %s", strerror(err));
		errno = err;
		return NULL;
	}
	sinks_used++;
	return rb;
}

int stream_run(struct tracer *t, struct ring_buffer *rb, FILE *out, const volatile __u64 *lost,
	       double duration)
{
	return stream_run_every(t, rb, out, lost, duration, 0, NULL, NULL);
}

int stream_run_every(struct tracer *t, struct ring_buffer *rb, FILE *out,
		     const volatile __u64 *lost, double duration, double period,
		     int (*every)(void *ctx), void *ctx)
{
	struct stream s = {
		.t = t,
		.out = out,
		.lost = lost,
		.period = period,
		.next = tracer_now_unix() + period,
		.every = period > 0 ? every : NULL,
		.ctx = ctx,
	};
	int err, err2;

	/* A tick shorter than any poll: stream_tick runs after every read. */
	err = tracer_poll(t, rb, duration, 1e-6, stream_tick, &s);
	err2 = stream_tick(&s);
	return err ? err : err2;
}

void stream_wakeup_levels(__u32 size, __u64 *wakeup_bytes, __u32 *wakeup_step_shift)
{
	*wakeup_bytes = size / 4;
	*wakeup_step_shift = hist_log2(size / 16);
}

void stream_size_ring(struct bpf_map *rb, unsigned long long bytes, __u64 *wakeup_bytes,
		      __u32 *wakeup_step_shift)
{
	if (bytes)
		bpf_map__set_max_entries(rb, (__u32)bytes);
	stream_wakeup_levels(bpf_map__max_entries(rb), wakeup_bytes, wakeup_step_shift);
}

int stream_parse_size(const char *s, unsigned long long *bytes)
{
	unsigned long long v, mult = 1, page = (unsigned long long)sysconf(_SC_PAGESIZE);
	char num[32];
	size_t len = s ? strlen(s) : 0;
	int err;

	if (len == 0 || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, len + 1);
	switch (num[len - 1]) {
	case 'k':
	case 'K': mult = 1ULL << 10; break;
	case 'm':
	case 'M': mult = 1ULL << 20; break;
	case 'g':
	case 'G': mult = 1ULL << 30; break;
	}
	if (mult > 1)
		num[len - 1] = '\0';
	err = args_parse_ull(num, 1, STREAM_SIZE_MAX / mult, &v);
	if (err)
		return err;
	v *= mult;
	if (v < page)
		v = page;
	/* Round up to a power of two. */
	while (v & (v - 1))
		v = (v | (v - 1)) + 1;
	*bytes = v;
	return 0;
}

unsigned long long stream_buffer_arg(const struct argp_state *state, const char *arg)
{
	unsigned long long bytes = 0;

	if (stream_parse_size(arg, &bytes))
		args_usage_error(state, "invalid buffer size: '%s' (bytes, K, M or G, up to 1G)",
				 arg);
	return bytes;
}
