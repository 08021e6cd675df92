// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Histogram slot math, log2 folding, percentiles and rendering. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "memfile.h"

static void add(struct hist *h, __u64 v, __u64 n)
{
	h->slots[hist_slot(v)] += n;
	h->count += n;
	h->sum += v * n;
}

Test(hist_slots, every_value_lands_in_a_slot_that_contains_it)
{
	__u64 v;

	for (v = 0; v < 200000; v++) {
		__u32 s = hist_slot(v);

		cr_assert_lt(s, HIST_SLOTS);
		cr_assert_leq(hist_slot_low(s), v, "v=%llu", (unsigned long long)v);
		cr_assert_geq(hist_slot_high(s), v, "v=%llu", (unsigned long long)v);
	}
	cr_assert_eq(hist_slot(~0ULL), HIST_SLOTS - 1);
	cr_assert_eq(hist_slot_high(HIST_SLOTS - 1), ~0ULL);
}

Test(hist_slots, slot_width_is_at_most_an_eighth_of_its_low_bound)
{
	__u32 s;

	for (s = HIST_SUBS; s < HIST_SLOTS - 1; s++) {
		__u64 lo = hist_slot_low(s), hi = hist_slot_high(s);

		cr_assert_leq((hi - lo + 1) * 8, lo, "slot %u: [%llu, %llu]", s,
			      (unsigned long long)lo, (unsigned long long)hi);
		cr_assert_eq(hist_slot_low(s + 1), hi + 1, "slots must tile");
	}
}

Test(hist_percentile, exact_for_small_values)
{
	struct hist h = {};
	int v;

	for (v = 1; v <= 7; v++)
		add(&h, (__u64)v, 1);
	cr_expect_eq(hist_percentile(&h, 0.5), 4);
	cr_expect_eq(hist_percentile(&h, 1.0), 7);
	cr_expect_eq(hist_max(&h), 7);
}

Test(hist_percentile, within_an_eighth_on_a_uniform_distribution)
{
	static struct hist h;
	double qs[] = { 0.5, 0.9, 0.99 };
	__u64 v;
	int i;

	memset(&h, 0, sizeof(h));
	for (v = 1; v <= 100000; v++)
		add(&h, v, 1);
	for (i = 0; i < 3; i++) {
		double truth = qs[i] * 100000, got = (double)hist_percentile(&h, qs[i]);

		cr_expect_leq(got, truth * 1.125, "q=%.2f got %.0f truth %.0f", qs[i], got, truth);
		cr_expect_geq(got, truth * 0.875, "q=%.2f got %.0f truth %.0f", qs[i], got, truth);
	}
}

Test(hist_percentile, within_an_eighth_on_a_skewed_distribution)
{
	static struct hist h;
	__u64 got;

	memset(&h, 0, sizeof(h));
	/* 98% fast at 100, 2% slow at 50000: p99 is 50000. */
	add(&h, 100, 980);
	add(&h, 50000, 20);
	cr_expect_leq(hist_percentile(&h, 0.50), 112);
	cr_expect_geq(hist_percentile(&h, 0.50), 88);
	got = hist_percentile(&h, 0.99);
	cr_expect(got >= 43750 && got <= 56250, "p99 %llu", (unsigned long long)got);
	cr_expect_eq(hist_percentile(&(struct hist){}, 0.5), 0);
}

Test(hist_log2, folds_fine_slots_into_powers_of_two)
{
	static struct hist h;
	__u64 b[HIST_LOG2_BUCKETS];

	memset(&h, 0, sizeof(h));
	add(&h, 0, 1);
	add(&h, 1, 2);
	add(&h, 2, 3);
	add(&h, 3, 4);
	add(&h, 64, 5);
	add(&h, 127, 6);
	cr_assert_eq(hist_fold_log2(&h, b), 7);
	cr_expect_eq(b[0], 3);	/* 0 -> 1 */
	cr_expect_eq(b[1], 7);	/* 2 -> 3 */
	cr_expect_eq(b[6], 11); /* 64 -> 127 */
	cr_expect_eq(hist_fold_log2(&(struct hist){}, b), 0);
}

Test(hist_print, text_matches_bcc_layout_byte_for_byte)
{
	static struct hist h;
	struct memfile m;

	memset(&h, 0, sizeof(h));
	add(&h, 5, 2);
	add(&h, 40, 8);
	add(&h, 70, 4);
	memfile_open(&m);
	hist_print_text(m.f, &h, (struct hist_unit){ "usecs", 1 });
	cr_assert_str_eq(
		memfile_text(&m),
		"     usecs               : count    distribution\n"
		"         0 -> 1          : 0        |                                        |\n"
		"         2 -> 3          : 0        |                                        |\n"
		"         4 -> 7          : 2        |**********                              |\n"
		"         8 -> 15         : 0        |                                        |\n"
		"        16 -> 31         : 0        |                                        |\n"
		"        32 -> 63         : 8        |****************************************|\n"
		"        64 -> 127        : 4        |********************                    |\n"
		"count 14  avg 43.6  p50 41  p90 67  p99 67  max 71\n");
	memfile_close(&m);
}

Test(hist_print, empty_histogram_prints_nothing)
{
	struct hist h = {};
	struct memfile m;

	memfile_open(&m);
	hist_print_text(m.f, &h, (struct hist_unit){ "usecs", 1 });
	cr_assert_str_eq(memfile_text(&m), "");
	memfile_close(&m);
}

Test(hist_print, json_record_matches_the_design)
{
	static struct hist h;
	struct hist_label labels[] = { { "disk", "vda" } };
	struct memfile m;

	memset(&h, 0, sizeof(h));
	add(&h, 3, 1);
	add(&h, 100, 3);
	memfile_open(&m);
	hist_print_json(m.f, &h, (struct hist_unit){ "us", 1 }, labels, 1, 1700000000.5);
	cr_assert_str_eq(memfile_text(&m),
			 "{\"type\":\"hist\",\"ts\":1700000000.500000,\"unit\":\"us\","
			 "\"labels\":{\"disk\":\"vda\"},\"buckets\":[{\"low\":2,\"high\":3,"
			 "\"count\":1},{\"low\":64,\"high\":127,\"count\":3}],\"count\":4,"
			 "\"sum\":303,\"p50\":99,\"p90\":99,\"p99\":99,\"max\":103}\n");
	memfile_close(&m);
}

/* -m: microseconds shown as milliseconds, not rounded down to whole ones
 * (I/Os of 0.42 ms used to print avg 0.0 p50 0). */
Test(hist_print, milliseconds_keep_the_microseconds)
{
	static struct hist h;
	struct memfile m;

	memset(&h, 0, sizeof(h));
	add(&h, 420, 10);
	add(&h, 2500, 2);
	memfile_open(&m);
	hist_print_text(m.f, &h, (struct hist_unit){ "msecs", 1000 });
	cr_assert_str_eq(
		memfile_text(&m),
		"     msecs               : count    distribution\n"
		"         0 -> 1          : 10       |****************************************|\n"
		"         2 -> 3          : 2        |********                                |\n"
		"count 12  avg 0.767  p50 0.431  p90 2.431  p99 2.431  max 2.559\n");
	memfile_close(&m);
	memfile_open(&m);
	hist_print_json(m.f, &h, (struct hist_unit){ "ms", 1000 }, NULL, 0, 1.0);
	cr_expect(strstr(memfile_text(&m), "\"count\":12,\"sum\":9.200,\"p50\":0.431,\"p90\":2.431,"
					   "\"p99\":2.431,\"max\":2.559}"),
		  "%s", memfile_text(&m));
	memfile_close(&m);
}

Test(hist_merge, adds_everything)
{
	static struct hist a, b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	add(&a, 10, 1);
	add(&b, 10, 2);
	add(&b, 1000, 1);
	hist_merge(&a, &b);
	cr_expect_eq(a.count, 4);
	cr_expect_eq(a.sum, 1030);
	cr_expect_eq(a.slots[hist_slot(10)], 3);
	cr_expect_eq(a.slots[hist_slot(1000)], 1);
}
