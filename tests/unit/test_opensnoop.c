// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* opensnoop's rows and the ring buffer size parser, without BPF. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "tools/opensnoop.h"

static char *print(bool json, bool uid, bool extended, const struct opensnoop_event *ev,
		   const char *path)
{
	struct emitter em;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	opensnoop_init_emitter(&em, f, json, false, uid, extended, false);
	emit_header(&em);
	opensnoop_print_event(&em, ev, path, 2.25);
	fclose(f);
	return buf;
}

Test(opensnoop_unit, success_and_failure_rows)
{
	struct opensnoop_event ok = { .pid = 12, .uid = 1000, .ret = 3, .comm = "cat" };
	struct opensnoop_event bad = { .pid = 12, .uid = 1000, .ret = -2, .comm = "cat" };
	char *out = print(false, false, false, &ok, "/etc/passwd");

	cr_expect_str_eq(out, "    PID COMM              FD ERR PATH\n"
			      "     12 cat                3   0 /etc/passwd\n");
	free(out);
	out = print(false, true, false, &bad, "/nope");
	cr_expect_str_eq(out, "   UID     PID COMM              FD ERR PATH\n"
			      "  1000      12 cat               -1   2 /nope\n");
	free(out);
}

Test(opensnoop_unit, extended_fields_in_octal_and_json_as_numbers)
{
	struct opensnoop_event ev = {
		.pid = 5, .ret = 4, .flags = 0100 | 01 | 02000000, .mode = 0644, .comm = "sh"
	};
	char *out = print(false, false, true, &ev, "new\nline");

	cr_expect_str_eq(out, "    PID COMM              FD ERR    FLAGS  MODE PATH\n"
			      "      5 sh                 4   0  2000101   644 new\\nline\n");
	free(out);
	out = print(true, false, false, &ev, "x\"y");
	cr_expect_str_eq(out,
			 "{\"type\":\"event\",\"ts\":2.250000,\"uid\":0,\"pid\":5,\"comm\":\"sh\","
			 "\"fd\":4,\"err\":0,\"flags\":524353,\"mode\":420,\"path\":\"x\\\"y\","
			 "\"path_truncated\":false}\n");
	free(out);
}

/* A path -F could not resolve, or one cut at PATH_MAX: marked in text,
 * path_truncated in JSON. */
Test(opensnoop_unit, cut_paths_are_marked)
{
	struct opensnoop_event dir = {
		.pid = 5, .ret = 3, .comm = "sh", .flags_out = OPENSNOOP_F_DIR_CUT
	};
	struct opensnoop_event cut = {
		.pid = 5, .ret = -36, .comm = "sh", .flags_out = OPENSNOOP_F_PATH_CUT
	};
	char *out = print(false, false, false, &dir, "x");

	cr_expect(strstr(out, " [...]/x\n"), "%s", out);
	free(out);
	out = print(false, false, false, &cut, "/aaaa");
	cr_expect(strstr(out, " /aaaa[...]\n"), "%s", out);
	free(out);
	out = print(true, false, false, &dir, "x");
	cr_expect(strstr(out, "\"path\":\"x\",\"path_truncated\":true}"), "%s", out);
	free(out);
}

/* open("f", O_RDONLY) leaves the mode register as it was: not a mode. */
Test(opensnoop_unit, mode_only_where_the_kernel_reads_it)
{
	struct opensnoop_event plain = { .pid = 5, .ret = 4, .mode = 0316251255, .comm = "sh" };
	struct opensnoop_event tmp = {
		.pid = 5, .ret = 4, .flags = O_TMPFILE | O_RDWR, .mode = 0600, .comm = "sh"
	};
	char *out = print(true, false, true, &plain, "f");

	cr_expect(strstr(out, "\"mode\":0,"), "%s", out);
	free(out);
	out = print(true, false, true, &tmp, "/tmp");
	cr_expect(strstr(out, "\"mode\":384,"), "%s", out);
	free(out);
}

Test(opensnoop_unit, ring_buffer_sizes)
{
	unsigned long long v = 0;

	cr_expect_eq(args_parse_size("4096", &v), 0);
	cr_expect_eq(v, 4096);
	cr_expect_eq(args_parse_size("1", &v), 0);
	cr_expect_eq(v, 4096); /* at least a page */
	cr_expect_eq(args_parse_size("5000", &v), 0);
	cr_expect_eq(v, 8192); /* a power of two */
	cr_expect_eq(args_parse_size("256K", &v), 0);
	cr_expect_eq(v, 256 << 10);
	cr_expect_eq(args_parse_size("3m", &v), 0);
	cr_expect_eq(v, 4 << 20);
	cr_expect_eq(args_parse_size("1G", &v), 0);
	cr_expect_eq(v, 1 << 30);
	cr_expect_eq(args_parse_size("2G", &v), -ERANGE);
	cr_expect_eq(args_parse_size("0", &v), -ERANGE);
	cr_expect_eq(args_parse_size("K", &v), -EINVAL);
	cr_expect_eq(args_parse_size("12Q", &v), -EINVAL);
	cr_expect_eq(args_parse_size("", &v), -EINVAL);
	cr_expect_eq(args_parse_size("-4096", &v), -EINVAL);
}
