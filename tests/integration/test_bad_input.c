// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Bad input across every tool, from one table: a bad option value is one
 * line on stderr and exit 2; something the tool cannot trace (no such
 * process, disk, cgroup, library; a file that is not ELF or is cut short)
 * is one line naming the problem and exit 1. Never a crash, never more.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/tool.h"

#define USAGE	     2
#define CANNOT_TRACE 1
/* Tools that attached uprobes before failing wait for their detach. */
#define TIMEOUT 45

static const char *const tools[] = { "biolatency",     "opensnoop", "syscount", "sigsnoop",
				     "gethostlatency", "udplife",   "sslsnoop" };

/* Values no number option takes. */
static const char *const bad_numbers[] = {
	"", "abc", "-5", "0x10", "1.5", "5x", " 5", "99999999999999999999", "18446744073709551616",
};

struct option_case {
	const char *tool;
	const char *opt;
	const char *const *extra_bad; /* NULL-terminated, beyond bad_numbers */
};

static const char *const no_extra[] = { NULL };
static const char *const bad_pids[] = { "0", "4194305", NULL };
static const char *const bad_sizes[] = { "0", "12Q", "2G", "-1K", "K", NULL };
static const char *const bad_signals[] = { "BOGUS", "65", "SIGRTMIN+31", ",", "TERM,", NULL };
static const char *const bad_ports[] = { "65536", "53,", ",53", "1,,2", NULL };
static const char *const bad_errnos[] = { "EBOGUS", "0", NULL };
static const char *const bad_users[] = { "no-such-user-here", "4294967296", NULL };

static const struct option_case options[] = {
	{ "opensnoop", "-p", bad_pids },	 { "opensnoop", "--tid", bad_pids },
	{ "opensnoop", "-u", bad_users },	 { "opensnoop", "-d", no_extra },
	{ "opensnoop", "-b", bad_sizes },	 { "syscount", "-p", bad_pids },
	{ "syscount", "-t", bad_pids },		 { "syscount", "-i", no_extra },
	{ "syscount", "-d", no_extra },		 { "syscount", "-T", no_extra },
	{ "syscount", "-e", bad_errnos },	 { "sigsnoop", "-p", bad_pids },
	{ "sigsnoop", "--target", bad_pids },	 { "sigsnoop", "-s", bad_signals },
	{ "sigsnoop", "-d", no_extra },		 { "sigsnoop", "-b", bad_sizes },
	{ "gethostlatency", "-p", bad_pids },	 { "gethostlatency", "-b", bad_sizes },
	{ "udplife", "-p", bad_pids },		 { "udplife", "-L", bad_ports },
	{ "udplife", "-D", bad_ports },		 { "udplife", "-b", bad_sizes },
	{ "sslsnoop", "-p", bad_pids },		 { "sslsnoop", "-u", bad_users },
	{ "sslsnoop", "--max-bytes", no_extra }, { "sslsnoop", "-b", bad_sizes },
};

/* Exactly one line on stderr, starting "TOOL: ", nothing on stdout. */
static void expect_one_line(const struct tool_run *r, const char *tool, const char *what)
{
	char prefix[64];
	const char *nl = strchr(r->err, '\n');

	snprintf(prefix, sizeof(prefix), "%s: ", tool);
	cr_expect(strncmp(r->err, prefix, strlen(prefix)) == 0,
		  "%s: stderr does not start '%s': %s", what, prefix, r->err);
	cr_expect(nl && nl[1] == '\0', "%s: not one line: %s", what, r->err);
	cr_expect_eq(r->out_len, 0, "%s: wrote to stdout: %s", what, r->out);
}

static void expect_status(const char *tool, const char *const argv[], int want, const char *what)
{
	struct tool_run r;
	int status = tool_run_once(&r, tool, argv, TIMEOUT);

	cr_expect_eq(status, want, "%s: exit %d, want %d; stderr: %s", what, status, want, r.err);
	expect_one_line(&r, tool, what);
	tool_free(&r);
}

Test(bad_input, option_values_are_usage_errors, .timeout = 120)
{
	const char *argv[4] = {};
	char what[160];
	size_t i, j;

	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		const struct option_case *c = &options[i];

		argv[0] = c->opt;
		for (j = 0; j < sizeof(bad_numbers) / sizeof(bad_numbers[0]); j++) {
			argv[1] = bad_numbers[j];
			snprintf(what, sizeof(what), "%s %s '%s'", c->tool, c->opt, argv[1]);
			expect_status(c->tool, argv, USAGE, what);
		}
		for (j = 0; c->extra_bad[j]; j++) {
			argv[1] = c->extra_bad[j];
			snprintf(what, sizeof(what), "%s %s '%s'", c->tool, c->opt, argv[1]);
			expect_status(c->tool, argv, USAGE, what);
		}
	}
}

/* Option names no tool knows, and a value where none is taken. */
Test(bad_input, unknown_options_and_arguments_are_usage_errors, .timeout = 120)
{
	const char *unknown[] = { "--no-such-option", NULL };
	const char *letter[] = { "-Z", NULL };
	const char *stray[] = { "-j", "stray-argument", "another", NULL };
	struct tool_run r;
	size_t i;

	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		/* argp's own message and its "Try --help" line: the one
		 * place two lines are the convention users know. */
		cr_expect_eq(tool_run_once(&r, tools[i], unknown, TIMEOUT), USAGE, "%s: %s",
			     tools[i], r.err);
		cr_expect(strstr(r.err, "no-such-option"), "%s: %s", tools[i], r.err);
		tool_free(&r);
		cr_expect_eq(tool_run_once(&r, tools[i], letter, TIMEOUT), USAGE, "%s: %s",
			     tools[i], r.err);
		tool_free(&r);
		cr_expect_eq(tool_run_once(&r, tools[i], stray, TIMEOUT), USAGE, "%s: %s", tools[i],
			     r.err);
		tool_free(&r);
	}
}

/* --btf: empty is usage; a file that is not BTF cannot trace. */
Test(bad_input, btf_files, .timeout = 120)
{
	const char *empty[] = { "--btf", "", NULL };
	const char *missing[] = { "--btf", "/nonexistent/vmlinux", NULL };
	const char *not_btf[] = { "--btf", "/etc/hostname", NULL };
	char what[128];
	size_t i;

	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		snprintf(what, sizeof(what), "%s --btf ''", tools[i]);
		expect_status(tools[i], empty, USAGE, what);
		snprintf(what, sizeof(what), "%s --btf missing", tools[i]);
		expect_status(tools[i], missing, CANNOT_TRACE, what);
		snprintf(what, sizeof(what), "%s --btf not-btf", tools[i]);
		expect_status(tools[i], not_btf, CANNOT_TRACE, what);
	}
}

/* Things that parse but do not exist. */
Test(bad_input, missing_targets_cannot_trace, .init = require_bpf, .timeout = 120)
{
	/* Below PID_MAX_LIMIT, above any pid a test VM hands out. */
	const char *no_pid[] = { "-p", "4000000", NULL };
	const char *no_cgroup[] = { "-c", "/sys/fs/cgroup/no-such-cgroup", NULL };
	const char *no_disk[] = { "-d", "no-such-disk", NULL };
	const char *const cgroup_tools[] = { "biolatency", "opensnoop", "syscount", "sigsnoop" };
	char what[128];
	size_t i;

	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		if (strcmp(tools[i], "biolatency") == 0)
			continue; /* no -p */
		snprintf(what, sizeof(what), "%s -p 4000000", tools[i]);
		expect_status(tools[i], no_pid, CANNOT_TRACE, what);
	}
	for (i = 0; i < sizeof(cgroup_tools) / sizeof(cgroup_tools[0]); i++) {
		snprintf(what, sizeof(what), "%s -c missing", cgroup_tools[i]);
		expect_status(cgroup_tools[i], no_cgroup, CANNOT_TRACE, what);
	}
	expect_status("biolatency", no_disk, CANNOT_TRACE, "biolatency -d no-such-disk");
}

static char dir[64];
static char cut_elf[128], text[128], empty[128];

static void write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	cr_assert(fd >= 0);
	cr_assert(write(fd, data, len) == (ssize_t)len);
	close(fd);
}

static void make_files(void)
{
	static char buf[200000];
	int fd;
	ssize_t n;

	require_bpf();
	snprintf(dir, sizeof(dir), "/tmp/coretrace-bad-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	/* The first 200,000 bytes of libc: a good ELF header, tables past
	 * the end. */
	fd = open("/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY);
	if (fd < 0)
		fd = open("/lib64/libc.so.6", O_RDONLY);
	cr_assert(fd >= 0, "no libc.so.6 to cut");
	n = read(fd, buf, sizeof(buf));
	close(fd);
	cr_assert(n > 4096);
	snprintf(cut_elf, sizeof(cut_elf), "%s/libcut.so", dir);
	write_file(cut_elf, buf, (size_t)n);
	snprintf(text, sizeof(text), "%s/libtext.so", dir);
	write_file(text, "not an ELF file\n", 16);
	snprintf(empty, sizeof(empty), "%s/libempty.so", dir);
	write_file(empty, "", 0);
}

static void remove_files(void)
{
	unlink(cut_elf);
	unlink(text);
	unlink(empty);
	rmdir(dir);
}

/* gethostlatency -l and sslsnoop --binary: each broken file named, with
 * what is wrong with it. */
Test(bad_input, library_and_binary_files, .init = make_files, .fini = remove_files, .timeout = 300)
{
	const struct {
		const char *path, *problem;
	} files[] = {
		{ "/nonexistent/libfoo.so", "No such file" },
		{ "/tmp", "not an ELF file" },
		{ text, "not an ELF file" },
		{ empty, "not an ELF file" },
		{ cut_elf, "truncated" },
	};
	const char *const opts[][2] = { { "gethostlatency", "-l" }, { "sslsnoop", "--binary" } };
	const char *argv[3] = {};
	char what[256];
	struct tool_run r;
	size_t i, j;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		for (j = 0; j < sizeof(files) / sizeof(files[0]); j++) {
			const char *tool = opts[i][0];
			const char *last;

			argv[0] = opts[i][1];
			argv[1] = files[j].path;
			snprintf(what, sizeof(what), "%s %s %s", tool, argv[0], argv[1]);
			cr_expect_eq(tool_run_once(&r, tool, argv, TIMEOUT), CANNOT_TRACE, "%s: %s",
				     what, r.err);
			/* sslsnoop names each library it probed first, one
			 * line each; the error is the last line. */
			last = r.err + strlen(r.err);
			if (last > r.err)
				last--;
			while (last > r.err && last[-1] != '\n')
				last--;
			cr_expect(strstr(last, files[j].path) && strstr(last, files[j].problem),
				  "%s: last line does not name the file and '%s': %s", what,
				  files[j].problem, r.err);
			if (strcmp(tool, "gethostlatency") == 0)
				expect_one_line(&r, tool, what);
			tool_free(&r);
		}
	}
}
