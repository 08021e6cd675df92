// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "stream.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>

#include "lib/hist_slots.h" /* hist_log2 */
#include "tracer.h"

/* How long one read of the ring buffer may go on while records keep
 * arriving: a flood must not keep the tool from a tick or a stop. */
#define READ_BUDGET_S 0.1
/* At a stop, what was recorded before it is shown for at most this long,
 * then counted as lost (not shown) for at most as long again. */
#define STOP_DRAIN_S 0.5
/* The clock is read every this many records: cheap next to showing them. */
#define VERDICT_RECORDS 16

/* What to do with the next record, within the current read's budget. */
enum read_verdict {
	READ_SHOW,  /* within the budget */
	READ_LATER, /* budget spent: show this one, then stop reading; the
		     * rest waits for the next read */
	READ_COUNT, /* stopping, a flood still arriving: count it unshown */
};

static void start_read(struct stream *s, double budget)
{
	s->deadline = tracer_mono_now() + budget;
	s->verdict = READ_SHOW;
	s->verdict_left = VERDICT_RECORDS;
}

static enum read_verdict read_verdict(struct stream *s)
{
	double now;

	if (s->verdict == READ_SHOW && --s->verdict_left > 0)
		return READ_SHOW;
	s->verdict_left = VERDICT_RECORDS;
	now = tracer_mono_now();
	if (now < s->deadline)
		s->verdict = READ_SHOW;
	else if (s->final && now < s->deadline + STOP_DRAIN_S)
		s->verdict = READ_COUNT;
	else
		s->verdict = READ_LATER;
	return (enum read_verdict)s->verdict;
}

static int show(struct stream *s, void *data, size_t size)
{
	int err;

	if (size < s->min_size) {
		s->t->malformed++;
		return 0;
	}
	err = s->fn(s->ctx, data, size);
	if (err == STREAM_MALFORMED) {
		s->t->malformed++;
		return 0;
	}
	return err;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct stream *s = ctx;
	int err;

	/* A write failed while printing: a closed pipe, a full disk, or a
	 * reader stalled past a stop. Say so and stop, before the next record
	 * blocks on it again. */
	if (ferror(s->out)) {
		err = tracer_flush(s->t, s->out);
		if (err)
			return err;
	}

	switch (read_verdict(s)) {
	case READ_SHOW: return show(s, data, size);
	case READ_COUNT: s->t->unshown++; return 0;
	case READ_LATER:
	default:
		/* libbpf has consumed this record already: show it, then stop. */
		err = show(s, data, size);
		return err ? err : -ECANCELED;
	}
}

int stream_open(struct stream *s, struct tracer *t, const struct bpf_map *map, size_t min_size,
		stream_record_fn fn, void *ctx)
{
	int err;

	memset(s, 0, sizeof(*s));
	s->t = t;
	s->fn = fn;
	s->ctx = ctx;
	s->min_size = min_size;
	s->rb = ring_buffer__new(bpf_map__fd(map), on_record, s, NULL);
	if (!s->rb) {
		err = -errno;
		tracer_error(t, "cannot create ring buffer: %s", strerror(-err));
		return err;
	}
	return 0;
}

void stream_close(struct stream *s)
{
	ring_buffer__free(s->rb);
	s->rb = NULL;
}

/* Read what the buffer holds now, within the current budget. */
static int consume(struct stream *s)
{
	int err = ring_buffer__consume(s->rb);

	/* -ECANCELED: the read budget ran out; the rest waits. */
	if (err == -ECANCELED || err == -EINTR)
		return 0;
	return err < 0 ? err : 0;
}

struct ticker {
	FILE *out;
	const volatile __u64 *lost;
	double period, next; /* of every(), in tracer_mono_now() seconds */
	int (*every)(void *ctx);
	void *ctx;
};

/* After every read: the lost report, the periodic call, the flush. */
static int tick(struct stream *s, struct ticker *k)
{
	tracer_report_lost(s->t, k->out, *k->lost);
	if (k->every && tracer_mono_now() >= k->next) {
		k->next += k->period;
		/* A metrics file that cannot be written now (a full disk) is
		 * said by every() and tried again next period. */
		k->every(k->ctx);
	}
	return tracer_flush(s->t, k->out);
}

static int poll_until_stop(struct stream *s, struct ticker *k, double duration)
{
	double start = tracer_mono_now();
	int epfd = ring_buffer__epoll_fd(s->rb);
	int err;

	while (!tracer_stopping()) {
		struct epoll_event ev;

		/* 100 ms bounds how late a stop or a tick is noticed; the read
		 * budget bounds the reading after it. Records committed
		 * without a wakeup (bpf/lib/ringbuf.bpf.h) are read too. */
		if (epoll_wait(epfd, &ev, 1, 100) < 0 && errno != EINTR) {
			err = -errno;
			tracer_error(s->t, "polling ring buffer: %s", strerror(-err));
			return err;
		}
		start_read(s, READ_BUDGET_S);
		err = consume(s);
		if (err < 0) {
			/* -EPIPE: a callback's output pipe closed (| head), a quiet
			 * stop; -EIO: tracer_flush said what failed. */
			if (err != -EPIPE && err != -EIO)
				tracer_error(s->t, "reading ring buffer: %s", strerror(-err));
			return err;
		}
		err = tick(s, k);
		if (err)
			return err;
		if (duration > 0 && tracer_mono_now() - start >= duration)
			break;
	}
	return 0;
}

int stream_run(struct stream *s, FILE *out, const volatile __u64 *lost, double duration,
	       double period, int (*every)(void *ctx), void *ctx)
{
	struct ticker k = {
		.out = out,
		.lost = lost,
		.period = period,
		.next = tracer_mono_now() + period,
		.every = period > 0 ? every : NULL,
		.ctx = ctx,
	};
	int err, err2;

	s->out = out;
	err = poll_until_stop(s, &k, duration);
	if (!err) {
		/* Drain what arrived before the stop, within a bound: a flood
		 * that goes on must not keep the tool from stopping. */
		s->final = true;
		start_read(s, STOP_DRAIN_S);
		err = consume(s);
	}
	err2 = tick(s, &k);
	return err ? err : err2;
}

void stream_wakeup_levels(__u32 size, __u64 *wakeup_bytes, __u32 *wakeup_step_shift)
{
	*wakeup_bytes = size / 4;
	*wakeup_step_shift = hist_log2(size / 16);
}

void stream_size_ring(struct bpf_map *rb, unsigned long long bytes, volatile __u64 *wakeup_bytes,
		      volatile __u32 *wakeup_step_shift)
{
	__u64 level;
	__u32 shift;

	if (bytes)
		bpf_map__set_max_entries(rb, (__u32)bytes);
	stream_wakeup_levels(bpf_map__max_entries(rb), &level, &shift);
	*wakeup_bytes = level;
	*wakeup_step_shift = shift;
}
