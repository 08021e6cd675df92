// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "hist.h"

#include <stdbool.h>
#include <string.h>

#include "json.h"

void hist_record(struct hist *h, __u64 v)
{
	h->slots[hist_slot(v)]++;
	h->count++;
	h->sum += v;
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	int i;

	for (i = 0; i < HIST_SLOTS; i++)
		dst->slots[i] += src->slots[i];
	dst->count += src->count;
	dst->sum += src->sum;
}

void hist_growth(struct hist *delta, const struct hist *now, const struct hist *seen)
{
	int i;

	for (i = 0; i < HIST_SLOTS; i++)
		delta->slots[i] = now->slots[i] - seen->slots[i];
	delta->count = now->count - seen->count;
	delta->sum = now->sum - seen->sum;
}

/* Inclusive bounds of log2 bucket @i, as bcc prints them. */
static void log2_bounds(int i, unsigned long long *low, unsigned long long *high)
{
	*low = i == 0 ? 0 : 1ULL << i;
	*high = i == 63 ? ~0ULL : (1ULL << (i + 1)) - 1;
}

static int log2_index(__u64 v)
{
	return v <= 1 ? 0 : (int)hist_log2(v);
}

int hist_fold_log2(const struct hist *h, __u64 buckets[HIST_LOG2_BUCKETS])
{
	int i, used = 0;

	memset(buckets, 0, sizeof(__u64) * HIST_LOG2_BUCKETS);
	for (i = 0; i < HIST_SLOTS; i++) {
		int b;

		if (!h->slots[i])
			continue;
		/* Exact: a fine slot never straddles a power of two. */
		b = log2_index(hist_slot_low((__u32)i));
		buckets[b] += h->slots[i];
		if (b + 1 > used)
			used = b + 1;
	}
	return used;
}

int hist_fold_log2_scaled(const struct hist *h, __u64 per_unit, __u64 buckets[HIST_LOG2_BUCKETS])
{
	int i, used = 0;

	if (per_unit <= 1)
		return hist_fold_log2(h, buckets);
	memset(buckets, 0, sizeof(__u64) * HIST_LOG2_BUCKETS);
	for (i = 0; i < HIST_SLOTS; i++) {
		__u64 lo = hist_slot_low((__u32)i), hi = hist_slot_high((__u32)i);
		int b;

		if (!h->slots[i])
			continue;
		b = log2_index((lo + (hi - lo) / 2) / per_unit);
		buckets[b] += h->slots[i];
		if (b + 1 > used)
			used = b + 1;
	}
	return used;
}

static __u64 slot_total(const struct hist *h)
{
	__u64 n = 0;
	int i;

	for (i = 0; i < HIST_SLOTS; i++)
		n += h->slots[i];
	return n;
}

__u64 hist_percentile(const struct hist *h, double q)
{
	__u64 total = slot_total(h), seen = 0, rank;
	int i;

	if (!total)
		return 0;
	/* Nearest-rank: the smallest value with at least q of the values at
	 * or below it. */
	rank = (__u64)(q * (double)total + 0.999999999);
	if (rank < 1)
		rank = 1;
	for (i = 0; i < HIST_SLOTS; i++) {
		seen += h->slots[i];
		if (seen >= rank) {
			__u64 lo = hist_slot_low((__u32)i), hi = hist_slot_high((__u32)i);

			return lo + (hi - lo) / 2;
		}
	}
	return hist_max(h);
}

__u64 hist_max(const struct hist *h)
{
	int i;

	for (i = HIST_SLOTS - 1; i >= 0; i--)
		if (h->slots[i])
			return hist_slot_high((__u32)i);
	return 0;
}

static void print_bar(FILE *f, __u64 val, __u64 val_max, int width)
{
	int stars = val_max ? (int)((double)val * width / (double)val_max) : 0;
	int i;

	for (i = 0; i < width; i++)
		fputc(i < stars ? '*' : ' ', f);
}

void hist_print_text(FILE *f, const struct hist *h, struct hist_unit u)
{
	__u64 buckets[HIST_LOG2_BUCKETS], val_max = 0;
	int used = hist_fold_log2_scaled(h, u.per_unit, buckets), i;
	/* Wide ranges need wide columns; keep bcc's two layouts. */
	int narrow = used <= 32;
	int width = narrow ? 10 : 20, bar = narrow ? 40 : 20;

	if (!used)
		return;
	for (i = 0; i < used; i++)
		if (buckets[i] > val_max)
			val_max = buckets[i];

	fprintf(f, "%*s%-*s : count    distribution\n", narrow ? 5 : 15, "", narrow ? 19 : 29,
		u.unit);
	for (i = 0; i < used; i++) {
		unsigned long long low, high;

		log2_bounds(i, &low, &high);
		fprintf(f, "%*llu -> %-*llu : %-8llu |", width, low, width, high,
			(unsigned long long)buckets[i]);
		print_bar(f, buckets[i], val_max, bar);
		fputs("|\n", f);
	}
	hist_print_summary(f, h, u);
}

/* @v (recorded units) in @u: as an integer where nothing is scaled. */
static void print_value(FILE *f, __u64 v, struct hist_unit u)
{
	if (u.per_unit <= 1)
		fprintf(f, "%llu", (unsigned long long)v);
	else
		fprintf(f, "%.3f", (double)v / (double)u.per_unit);
}

/* p50, p90, p99 and max, each after its name in @names (text: "  p50 ",
 * JSON: ",\"p50\":"). */
static void print_stats(FILE *f, const struct hist *h, struct hist_unit u,
			const char *const names[4])
{
	static const double q[3] = { 0.50, 0.90, 0.99 };
	int i;

	for (i = 0; i < 4; i++) {
		fputs(names[i], f);
		print_value(f, i < 3 ? hist_percentile(h, q[i]) : hist_max(h), u);
	}
}

void hist_print_summary(FILE *f, const struct hist *h, struct hist_unit u)
{
	static const char *const names[4] = { "  p50 ", "  p90 ", "  p99 ", "  max " };
	double avg = h->count ? (double)h->sum / (double)h->count : 0;
	double per = u.per_unit > 1 ? (double)u.per_unit : 1;

	fprintf(f, u.per_unit > 1 ? "count %llu  avg %.3f" : "count %llu  avg %.1f",
		(unsigned long long)h->count, avg / per);
	print_stats(f, h, u, names);
	fputc('\n', f);
}

void hist_print_json(FILE *f, const struct hist *h, struct hist_unit u,
		     const struct hist_label *labels, int nlabels, double ts)
{
	static const char *const names[4] = { ",\"p50\":", ",\"p90\":", ",\"p99\":", ",\"max\":" };
	__u64 buckets[HIST_LOG2_BUCKETS];
	int used = hist_fold_log2_scaled(h, u.per_unit, buckets), i;
	bool first = true;

	fputs("{\"type\":\"hist\",\"ts\":", f);
	json_write_ts(f, ts);
	fputs(",\"unit\":", f);
	json_write_string(f, u.unit, (size_t)-1);
	fputs(",\"labels\":{", f);
	for (i = 0; i < nlabels; i++) {
		if (i)
			fputc(',', f);
		json_write_key(f, labels[i].key);
		json_write_string(f, labels[i].value, (size_t)-1);
	}
	fputs("},\"buckets\":[", f);
	for (i = 0; i < used; i++) {
		unsigned long long low, high;

		if (!buckets[i])
			continue;
		log2_bounds(i, &low, &high);
		fprintf(f, "%s{\"low\":%llu,\"high\":%llu,\"count\":%llu}", first ? "" : ",", low,
			high, (unsigned long long)buckets[i]);
		first = false;
	}
	fprintf(f, "],\"count\":%llu,\"sum\":", (unsigned long long)h->count);
	print_value(f, h->sum, u);
	print_stats(f, h, u, names);
	fputs("}\n", f);
}
