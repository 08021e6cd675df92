// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Number parsing, name tables, JSON escaping and event output. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "disks.h"
#include "emit.h"
#include "json.h"
#include "memfile.h"
#include "names.h"

Test(args_parse_ull, accepts_plain_decimal_in_range)
{
	unsigned long long v = 0;

	cr_expect_eq(args_parse_ull("42", 1, 100, &v), 0);
	cr_expect_eq(v, 42);
	cr_expect_eq(args_parse_ull("0", 0, 0, &v), 0);
	cr_expect_eq(args_parse_ull("18446744073709551615", 0, ~0ULL, &v), 0);
	cr_expect_eq(v, ~0ULL);
}

Test(args_parse_ull, rejects_junk_and_out_of_range)
{
	unsigned long long v = 7;

	cr_expect_eq(args_parse_ull("", 0, 10, &v), -EINVAL);
	cr_expect_eq(args_parse_ull("-1", 0, 10, &v), -EINVAL);
	cr_expect_eq(args_parse_ull("+1", 0, 10, &v), -EINVAL);
	cr_expect_eq(args_parse_ull(" 1", 0, 10, &v), -EINVAL);
	cr_expect_eq(args_parse_ull("1x", 0, 10, &v), -EINVAL);
	cr_expect_eq(args_parse_ull("0x10", 0, 100, &v), -EINVAL);
	cr_expect_eq(args_parse_ull("11", 0, 10, &v), -ERANGE);
	cr_expect_eq(args_parse_ull("0", 1, 10, &v), -ERANGE);
	cr_expect_eq(args_parse_ull("99999999999999999999999", 0, ~0ULL, &v), -ERANGE);
	cr_expect_eq(v, 7, "a failed parse must not write");
}

Test(args_user, names_come_from_the_passwd_file)
{
	char path[] = "/tmp/coretrace-passwd-XXXXXX";
	unsigned int uid = 7;
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	cr_assert_not_null(f);
	fputs("root:x:0:0:root:/root:/bin/sh\n"
	      "alice:x:54321:100::/home/alice:/bin/sh\n",
	      f);
	fclose(f);
	cr_expect(args_passwd_uid(path, "alice", &uid));
	cr_expect_eq(uid, 54321);
	cr_expect(args_passwd_uid(path, "root", &uid));
	cr_expect_eq(uid, 0);
	uid = 7;
	cr_expect_not(args_passwd_uid(path, "alic", &uid), "a prefix is not a name");
	cr_expect_not(args_passwd_uid(path, "bob", &uid));
	cr_expect_eq(uid, 7, "a miss leaves the uid alone");
	cr_expect_not(args_passwd_uid("/nonexistent/passwd", "root", &uid));
	unlink(path);
}

Test(args_user, numbers_and_the_real_passwd_file)
{
	cr_expect_eq(args_user(NULL, "54321", "uid"), 54321);
	cr_expect_eq(args_user(NULL, "root", "uid"), 0);
}

/* Numbers of this architecture's table: arm64's is the generic one. */
#if defined(__x86_64__)
#define NR_READ	   0
#define NR_OPENAT  257
#define NR_GETPPID 110
#elif defined(__aarch64__)
#define NR_READ	   63
#define NR_OPENAT  56
#define NR_GETPPID 173
#endif

Test(names, syscalls_from_the_uapi_headers)
{
	cr_expect_str_eq(syscall_name(NR_READ), "read");
	cr_expect_str_eq(syscall_name(NR_OPENAT), "openat");
	cr_expect_str_eq(syscall_name(437), "openat2"); /* new syscalls share numbers */
	/* Newer than the build host's (bookworm's) headers: from the
	 * committed table. */
	cr_expect_str_eq(syscall_name(452), "fchmodat2");
	cr_expect_str_eq(syscall_name(469), "file_setattr");
	cr_expect_eq(syscall_nr("getppid"), NR_GETPPID);
	cr_expect_eq(syscall_nr("nosuchcall"), -1);
	cr_expect_null(syscall_name(100000));
	cr_expect_geq(syscall_table_size(), 436);
}

Test(names, errnos_by_name_and_number)
{
	cr_expect_str_eq(errno_name(ENOENT), "ENOENT");
	cr_expect_str_eq(errno_name(EAGAIN), "EAGAIN");
	cr_expect_eq(errno_value("ENOENT"), ENOENT);
	cr_expect_eq(errno_value("2"), 2);
	cr_expect_eq(errno_value("EBOGUS"), -1);
	cr_expect_eq(errno_value("0"), -1);
	cr_expect_eq(errno_value("-2"), -1);
	cr_expect_null(errno_name(-1));
}

/* As users type them: any case, and the second names. */
Test(names, errnos_in_any_case_and_by_their_aliases)
{
	cr_expect_eq(errno_value("enoent"), ENOENT);
	cr_expect_eq(errno_value("EWOULDBLOCK"), EAGAIN);
	cr_expect_eq(errno_value("ewouldblock"), EAGAIN);
	cr_expect_eq(errno_value("EDEADLOCK"), EDEADLK);
	cr_expect_eq(errno_value("ENOTSUP"), EOPNOTSUPP);
	cr_expect_str_eq(errno_name(EAGAIN), "EAGAIN", "the main name stays the shown one");
	cr_expect_eq(errno_value("ENOTSUPX"), -1);
}

Test(names, signals_in_any_case_and_by_their_aliases)
{
	cr_expect_eq(signal_value("sigterm"), 15);
	cr_expect_eq(signal_value("term"), 15);
	cr_expect_eq(signal_value("SIGIOT"), SIGABRT);
	cr_expect_eq(signal_value("IOT"), SIGABRT);
	cr_expect_eq(signal_value("SIGPOLL"), SIGIO);
	cr_expect_eq(signal_value("SIGCLD"), SIGCHLD);
	cr_expect_eq(signal_value("cld"), SIGCHLD);
	cr_expect_str_eq(signal_name(SIGABRT), "SIGABRT");
}

Test(names, signals)
{
	cr_expect_str_eq(signal_name(15), "SIGTERM");
	cr_expect_str_eq(signal_name(6), "SIGABRT");
	cr_expect_str_eq(signal_name(31), "SIGSYS");
	cr_expect_eq(signal_value("TERM"), 15);
	cr_expect_eq(signal_value("SIGKILL"), 9);
	cr_expect_eq(signal_value("17"), 17);
	cr_expect_eq(signal_value("SIGNOPE"), -1);
}

Test(json, escapes_quotes_controls_and_invalid_utf8)
{
	struct memfile m;

	memfile_open(&m);
	json_write_string(m.f, "a\"b\\c\nd\x01\xff", (size_t)-1);
	/* 0xff is no UTF-8: the text \xff, not the character U+00FF. */
	cr_expect_str_eq(memfile_text(&m), "\"a\\\"b\\\\c\\nd\\u0001\\\\xff\"");
	memfile_close(&m);
	memfile_open(&m);
	json_write_string(m.f,
			  "b\xc3\xbc"
			  "cher.txt \xc3\xa9t\xc3\xa9",
			  (size_t)-1);
	cr_expect_str_eq(memfile_text(&m),
			 "\"b\xc3\xbc"
			 "cher.txt \xc3\xa9t\xc3\xa9\"",
			 "UTF-8 kept");
	memfile_close(&m);
	memfile_open(&m);
	json_write_string(m.f, "abc\0def", 7);
	cr_expect_str_eq(memfile_text(&m), "\"abc\\u0000def\"");
	memfile_close(&m);
}

static const struct emit_col cols[] = {
	{ "PID", NULL, EMIT_INT, 7, 0 },	   { "COMM", NULL, EMIT_STR, -16, 0 },
	{ "LAT(ms)", "lat_ms", EMIT_FLOAT, 8, 2 }, { "FLAGS", NULL, EMIT_OCT, 8, 0 },
	{ "PATH", NULL, EMIT_STR, 0, 0 },
};

Test(emit, columns_are_aligned_and_paths_escaped)
{
	union emit_val v[] = {
		{ .i = 42 }, { .s = "cat" }, { .d = 1.5 }, { .u = 0101 }, { .s = "/tmp/a\nb" }
	};
	struct emitter e;
	struct memfile m;

	memfile_open(&m);
	emit_init(&e, m.f, false, cols, ARRAY_SIZE(cols), EMIT_ALL);
	emit_header(&e);
	emit_row(&e, 0, v);
	cr_expect_str_eq(memfile_text(&m),
			 "    PID COMM              LAT(ms)    FLAGS PATH\n"
			 "     42 cat                  1.50      101 /tmp/a\\nb\n");
	memfile_close(&m);
}

Test(emit, hidden_columns_are_left_out)
{
	union emit_val v[] = {
		{ .i = 42 }, { .s = "cat" }, { .d = 1.5 }, { .u = 0101 }, { .s = "/x" }
	};
	struct emitter e;
	struct memfile m;

	memfile_open(&m);
	emit_init(&e, m.f, false, cols, ARRAY_SIZE(cols), (1 << 0) | (1 << 4));
	emit_header(&e);
	emit_row(&e, 0, v);
	cr_expect_str_eq(memfile_text(&m), "    PID PATH\n     42 /x\n");
	memfile_close(&m);
}

Test(emit, json_uses_lowercase_keys_and_ts)
{
	union emit_val v[] = {
		{ .i = -1 }, { .s = "a\"b" }, { .d = 0.25 }, { .u = 0101 }, { .s = "/p" }
	};
	struct emitter e;
	struct memfile m;

	memfile_open(&m);
	emit_init(&e, m.f, true, cols, ARRAY_SIZE(cols), EMIT_ALL);
	emit_header(&e);
	emit_row(&e, 12.5, v);
	cr_expect_str_eq(memfile_text(&m),
			 "{\"type\":\"event\",\"ts\":12.500000,\"pid\":-1,\"comm\":\"a\\\"b\","
			 "\"lat_ms\":0.25,\"flags\":65,\"path\":\"/p\"}\n");
	memfile_close(&m);
}

Test(disks, lookup_refuses_path_tricks_and_unknown_names)
{
	unsigned int major, minor;
	char name[32];

	cr_expect_eq(disk_lookup("", &major, &minor), -ENOENT);
	cr_expect_eq(disk_lookup("../../../etc", &major, &minor), -ENOENT);
	cr_expect_eq(disk_lookup("..", &major, &minor), -ENOENT);
	cr_expect_eq(disk_lookup("nosuchdisk0", &major, &minor), -ENOENT);
	disk_name(4095, 1048575, name, sizeof(name));
	cr_expect_str_eq(name, "4095:1048575", "an unknown device prints as numbers");
}

Test(disks, round_trips_a_real_disk)
{
	unsigned int major, minor;
	char name[32];

	/* Every Linux system with loop support has loop0's node numbers. */
	if (disk_lookup("loop0", &major, &minor) != 0)
		cr_skip_test("no loop0 on this machine");
	cr_expect_eq(major, 7);
	disk_name(major, minor, name, sizeof(name));
	cr_expect_str_eq(name, "loop0");
}
