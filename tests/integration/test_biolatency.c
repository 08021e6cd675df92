// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* biolatency against direct I/O the test issues to its own loop devices. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/loopdev.h"
#include "helpers/tool.h"

#define N_IOS 200

static struct loopdev dev, other;

static void setup(void)
{
	require_bpf();
	loopdev_create(&dev, 8);
	loopdev_create(&other, 8);
}

static void teardown(void)
{
	loopdev_destroy(&dev);
	loopdev_destroy(&other);
}

/* biolatency with @argv while the test writes N_IOS blocks to dev. */
static void trace_writes(struct tool_run *r, const char *const argv[])
{
	tool_start(r, "biolatency", argv);
	loopdev_direct_writes(&dev, N_IOS);
	cr_assert_eq(tool_finish(r, SIGINT, 10), 0, "stderr: %s", r->err);
}

TestSuite(biolatency, .init = setup, .fini = teardown, .timeout = 60);

Test(biolatency, sees_the_direct_ios_labelled_with_their_disk)
{
	const char *argv[] = { "-D", "-j", NULL };
	char filter[256], *v;
	struct tool_run r;

	trace_writes(&r, argv);
	snprintf(filter, sizeof(filter),
		 "select(.type == \"hist\" and .labels.disk == \"%s\") | .count", dev.name);
	v = jq(r.out, filter);
	cr_assert_not_null(v, "no histogram for %s in:\n%s", dev.name, r.out);
	cr_expect_geq(strtoull(v, NULL, 10), N_IOS, "count %s", v);
	free(v);
	tool_free(&r);
}

Test(biolatency, json_buckets_add_up)
{
	const char *argv[] = { "-D", "-j", NULL };
	char filter[512], *v;
	struct tool_run r;

	trace_writes(&r, argv);
	/* Every record: buckets sum to count, bounds ordered, percentiles
	 * ordered and within the buckets' range. */
	snprintf(filter, sizeof(filter),
		 "[select(.type == \"hist\") | ([.buckets[].count] | add) == .count and"
		 " all(.buckets[]; .low <= .high) and .p50 <= .p90 and .p90 <= .p99 and"
		 " .p99 <= .max and .sum >= 0 and .unit == \"us\"] | all");
	v = jq(r.out, filter);
	cr_expect_str_eq(v, "true", "%s", r.out);
	free(v);
	tool_free(&r);
}

Test(biolatency, disk_filter_keeps_only_that_disk)
{
	const char *only_dev[] = { "-D", "-j", "-d", dev.name, NULL };
	const char *only_other[] = { "-D", "-j", "-d", other.name, NULL };
	char *v;
	struct tool_run r;

	trace_writes(&r, only_dev);
	v = jq(r.out, "[select(.type == \"hist\") | .labels.disk] | unique");
	cr_assert_not_null(v, "%s", r.out);
	cr_expect(strstr(v, dev.name) && !strchr(strchr(v, '"') + 1 + strlen(dev.name) + 1, '"'),
		  "only %s expected: %s", dev.name, v);
	free(v);
	tool_free(&r);

	trace_writes(&r, only_other);
	cr_expect_eq(count_lines(r.out, dev.name), 0, "I/O to %s shown under -d %s:\n%s", dev.name,
		     other.name, r.out);
	tool_free(&r);
}

Test(biolatency, text_histogram_and_summary)
{
	const char *argv[] = { "-D", "-d", NULL, NULL };
	char label[64];
	const char *summary;
	unsigned long long count;
	struct tool_run r;

	argv[2] = dev.name;
	trace_writes(&r, argv);
	snprintf(label, sizeof(label), "disk = %s", dev.name);
	cr_expect(strstr(r.out, label), "%s", r.out);
	cr_expect(strstr(r.out, "usecs               : count    distribution"), "%s", r.out);
	summary = find_line(r.out, "count ");
	cr_assert_not_null(summary, "%s", r.out);
	cr_assert_eq(sscanf(summary, "count %llu", &count), 1);
	cr_expect_geq(count, N_IOS, "%s", summary);
	tool_free(&r);
}

Test(biolatency, queued_and_milliseconds)
{
	const char *argv[] = { "-Q", "-m", "-j", "-D", NULL };
	char filter[256], *v;
	struct tool_run r;

	trace_writes(&r, argv);
	snprintf(filter, sizeof(filter), "select(.labels.disk == \"%s\") | [.unit, (.count >= %d)]",
		 dev.name, N_IOS);
	v = jq(r.out, filter);
	cr_expect_str_eq(v, "[\"ms\",true]", "%s", r.out);
	free(v);
	tool_free(&r);
}

Test(biolatency, per_flag_histograms_name_the_write)
{
	const char *argv[] = { "-F", "-j", "-d", NULL, NULL };
	char *v;
	struct tool_run r;

	argv[3] = dev.name;
	trace_writes(&r, argv);
	v = jq(r.out,
	       "[select(.type == \"hist\") | select(.labels.flags | test(\"Write$\")) | .count] | add");
	cr_assert_not_null(v, "%s", r.out);
	cr_expect_geq(strtoull(v, NULL, 10), N_IOS, "%s", r.out);
	free(v);
	tool_free(&r);
}

Test(biolatency, interval_mode_prints_and_clears_each_interval)
{
	const char *argv[] = { "-j", "-D", "-d", NULL, "1", "3", NULL };
	struct tool_run r;
	char *v;

	argv[3] = dev.name;
	tool_start(&r, "biolatency", argv);
	loopdev_direct_writes(&dev, 10);
	/* Ends by itself after three intervals. */
	cr_assert_eq(tool_finish(&r, 0, 15), 0, "stderr: %s", r.err);
	/* The writes show up once, in the interval they were made in, with
	 * at least their own count: cleared afterwards, not repeated. */
	v = jq(r.out, "[select(.type == \"hist\") | .count] | [length, (.[0] >= 10)]");
	cr_expect_str_eq(v, "[1,true]", "%s", r.out);
	free(v);
	tool_free(&r);
}

Test(biolatency, unknown_disk_is_a_clear_error)
{
	const char *argv[] = { "-d", "nosuchdisk0", NULL };
	struct tool_run r;

	cr_expect_eq(tool_run_once(&r, "biolatency", argv, 10), 1);
	cr_expect(strstr(r.err, "no disk named 'nosuchdisk0'"), "%s", r.err);
	tool_free(&r);
}

Test(biolatency, raw_tracepoints_with_btf_from_a_file)
{
	const char *argv[] = { "--btf", "/sys/kernel/btf/vmlinux", "-D", "-j", NULL };
	char filter[256], *v;
	struct tool_run r;

	trace_writes(&r, argv);
	snprintf(filter, sizeof(filter), "select(.labels.disk == \"%s\") | .count >= %d", dev.name,
		 N_IOS);
	v = jq(r.out, filter);
	cr_expect_str_eq(v, "true", "%s", r.out);
	free(v);
	tool_free(&r);
}
