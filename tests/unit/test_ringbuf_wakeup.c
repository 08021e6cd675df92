// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The ring buffer wakeup rule the BPF programs apply to every record
 * (bpf/lib/ringbuf_wakeup.h), with the levels stream_size_ring() gives them.
 */
#include <criterion/criterion.h>
#include <linux/types.h>

#include "lib/ringbuf_wakeup.h"
#include "stream.h"

Test(ringbuf_wakeup, levels_are_a_quarter_and_a_sixteenth)
{
	__u64 bytes;
	__u32 shift;

	stream_wakeup_levels(256 << 10, &bytes, &shift);
	cr_expect_eq(bytes, 64 << 10);
	cr_expect_eq(1u << shift, 16 << 10);
	stream_wakeup_levels(4 << 20, &bytes, &shift);
	cr_expect_eq(bytes, 1 << 20);
	cr_expect_eq(1u << shift, 256 << 10);
	stream_wakeup_levels(4096, &bytes, &shift); /* the smallest -b */
	cr_expect_eq(bytes, 1024);
	cr_expect_eq(1u << shift, 256);
}

/* Fill a 256 KiB buffer with 100-byte records while nobody reads, as a
 * stalled reader would see it: how many records asked for a wakeup. */
Test(ringbuf_wakeup, wakes_at_the_threshold_then_once_a_step)
{
	__u64 bytes, waiting, wakes = 0, first = 0;
	__u32 shift;

	stream_wakeup_levels(256 << 10, &bytes, &shift);
	for (waiting = 0; waiting + 100 <= 256 << 10; waiting += 100) {
		if (!rb_record_wakes(waiting, 100, bytes, shift))
			continue;
		if (!wakes++)
			first = waiting + 100;
	}
	/* The first wakeup is the record that reaches 64 KiB... */
	cr_expect_geq(first, 64 << 10);
	cr_expect_lt(first, (64 << 10) + 100);
	/* ...then one per 16 KiB step, 80 KiB to 240 KiB: 11 more, not the ~1900
	 * records past the threshold. */
	cr_expect_eq(wakes, 1 + 11, "wakeups: %llu", (unsigned long long)wakes);
}

Test(ringbuf_wakeup, below_the_threshold_never_wakes)
{
	__u64 bytes, waiting;
	__u32 shift;

	stream_wakeup_levels(256 << 10, &bytes, &shift);
	for (waiting = 0; waiting + 100 < bytes; waiting += 100)
		cr_expect_not(rb_record_wakes(waiting, 100, bytes, shift), "at %llu",
			      (unsigned long long)waiting);
}

Test(ringbuf_wakeup, unset_levels_wake_on_every_record)
{
	cr_expect(rb_record_wakes(0, 1, 0, 0));
	cr_expect(rb_record_wakes(12345, 16, 0, 0));
}
