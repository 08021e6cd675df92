// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The metrics file, byte for byte: every series carries source= and the
 * --label constants, label values a process chose are escaped and made
 * valid UTF-8, histogram bounds are the buckets' edges in seconds, and no
 * more than --max-series label sets are kept apart.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "openmetrics.h"

static char dir[] = "/tmp/coretrace-metrics-XXXXXX";
static char path[128];

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/app.prom", dir);
}

static void teardown(void)
{
	unlink(path);
	rmdir(dir);
}

TestSuite(metrics, .init = setup, .fini = teardown);

static char *read_all(const char *p)
{
	static char buf[1 << 16];
	FILE *f = fopen(p, "r");
	size_t n;

	cr_assert_not_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

Test(metrics, labels_are_escaped_and_utf8)
{
	struct om_args a = { .path = path, .max_series = 100 };
	struct hist_label l = { "comm", "a\"b\\c\nd\xff\xc3\xa9" };
	struct om_writer w;

	a.labels[a.nlabels++] = (struct hist_label){ "team", "storage" };
	cr_assert_eq(om_begin(&w, &a), 0);
	om_family(&w, "x_total", "counter", "X.");
	om_sample(&w, "x_total", &l, 1, 3);
	cr_assert_eq(om_commit(&w), 0);
	cr_expect_str_eq(read_all(path),
			 "# HELP x_total X.\n# TYPE x_total counter\n"
			 "x_total{source=\"app\",team=\"storage\",comm=\"a\\\"b\\\\c\\nd"
			 "\xef\xbf\xbd\xc3\xa9\"} 3\n");
}

Test(metrics, histogram_bounds_are_the_bucket_edges)
{
	struct om_args a = { .path = path, .max_series = 100 };
	struct om_writer w;
	struct hist h = {};
	char *text;

	hist_record(&h, 1);   /* bucket [0,1] us: under 2 us */
	hist_record(&h, 3);   /* [2,3] */
	hist_record(&h, 100); /* [64,127] */
	cr_assert_eq(om_begin(&w, &a), 0);
	om_histogram(&w, "lat_seconds", NULL, 0, &h, 1e-6);
	cr_assert_eq(om_commit(&w), 0);
	text = read_all(path);
	cr_expect(strstr(text, "lat_seconds_bucket{source=\"app\",le=\"2e-06\"} 1\n"), "%s", text);
	cr_expect(strstr(text, "lat_seconds_bucket{source=\"app\",le=\"4e-06\"} 2\n"), "%s", text);
	cr_expect(strstr(text, "lat_seconds_bucket{source=\"app\",le=\"6.4e-05\"} 2\n"), "%s",
		  text);
	cr_expect(strstr(text, "lat_seconds_bucket{source=\"app\",le=\"0.000128\"} 3\n"), "%s",
		  text);
	cr_expect(strstr(text, "lat_seconds_bucket{source=\"app\",le=\"+Inf\"} 3\n"), "%s", text);
	cr_expect(strstr(text, "lat_seconds_sum{source=\"app\"} 0.000104\n"), "%s", text);
	cr_expect(strstr(text, "lat_seconds_count{source=\"app\"} 3\n"), "%s", text);
}

/* 1,000 names chosen by processes: 10 kept apart, the rest in "other". */
Test(metrics, series_past_the_cap_are_other)
{
	struct om_table t = { .keys = { "comm", "result" }, .max = 10 };
	struct om_series *s;
	char comm[32];
	size_t i;
	double sum = 0;

	for (i = 0; i < 1000; i++) {
		snprintf(comm, sizeof(comm), "p%zu", i);
		s = om_table_get(&t, comm, "ok");
		cr_assert_not_null(s);
		s->counters[0] += 1;
	}
	s = om_table_get(&t, "late", "EAI_NONAME");
	cr_assert_not_null(s);
	s->counters[0] += 1;
	cr_expect_eq(t.n, 12, "10 names, other/ok and other/EAI_NONAME");
	for (i = 0; i < t.n; i++)
		sum += t.v[i].counters[0];
	cr_expect_eq(sum, 1001, "nothing is dropped: it is summed");
	cr_expect_str_eq(om_table_get(&t, "p999", "ok")->values[0], OM_OTHER);
	cr_expect_eq(om_table_get(&t, "p3", "ok")->counters[0], 1);
	om_table_free(&t);
}

Test(metrics, the_file_goes_when_the_tool_does)
{
	struct om_args a = { .path = path, .max_series = 100 };
	struct om_writer w;

	cr_assert_eq(om_begin(&w, &a), 0);
	cr_assert_eq(om_commit(&w), 0);
	cr_assert_eq(access(path, F_OK), 0);
	om_remove(&a);
	cr_expect_neq(access(path, F_OK), 0);
}
