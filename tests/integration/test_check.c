// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The coretrace program: one binary that is every tool (coretrace TOOL,
 * or a link under the tool's name), and coretrace check, the preflight.
 * Check must say what each tool would do, found by the tool's own code:
 * its method is the one the tool itself reports with -v, and a host where
 * a tool cannot run (no capabilities, no BTF) exits 1 with the reason.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/tool.h"

#define NOBODY 65534

static const char *const tools[] = { "biolatency", "gethostlatency", "opensnoop", "sigsnoop",
				     "sslsnoop",   "syscount",	     "udplife" };
#define NTOOLS (sizeof(tools) / sizeof(tools[0]))

static int run(struct tool_run *r, const char *const argv[])
{
	return tool_run_once(r, "coretrace", argv, 240);
}

/* The text after "NAME  RESULT " on the tool's row of check's table. */
static const char *row(const char *out, const char *tool, const char *result)
{
	char prefix[64];
	const char *line;

	snprintf(prefix, sizeof(prefix), "%-15s %-6s ", tool, result);
	line = find_line(out, prefix);
	return line ? line + strlen(prefix) : NULL;
}

/* What `TOOL -v` says it chose ("method: ..." on stderr), up to the line's end. */
static char *method_by_tool(const char *tool, const char *const argv[])
{
	struct tool_run r;
	const char *line;
	char *method;

	tool_start(&r, tool, argv);
	tool_finish(&r, SIGINT, 30);
	line = strstr(r.err, "method: ");
	cr_assert_not_null(line, "%s -v said no method: %s", tool, r.err);
	line += strlen("method: ");
	method = strndup(line, strcspn(line, "\n"));
	tool_free(&r);
	return method;
}

Test(check, every_tool_ready_with_the_method_it_would_choose)
{
	const char *argv[] = { "check", NULL };
	const char *verbose[] = { "-v", NULL };
	struct tool_run r;

	require_bpf();
	cr_assert_eq(run(&r, argv), 0, "coretrace check failed here: %s%s", r.out, r.err);
	cr_expect(strstr(r.out, "kernel BTF     /sys/kernel/btf/vmlinux"), "%s", r.out);
	cr_expect(strstr(r.out, "capabilities   CAP_BPF CAP_PERFMON"), "%s", r.out);
	for (size_t i = 0; i < NTOOLS; i++) {
		const char *method = row(r.out, tools[i], "ok");

		cr_expect_not_null(method, "%s not ok: %s", tools[i], r.out);
		if (method)
			cr_expect_gt(strcspn(method, "\n"), 0, "%s: no method", tools[i]);
	}
	/* The same words as the tools' own, not a guess made beside them. */
	for (size_t i = 0; i < 3; i++) {
		const char *tool = (const char *[]){ "syscount", "opensnoop", "biolatency" }[i];
		char *own = method_by_tool(tool, verbose);
		const char *said = row(r.out, tool, "ok");

		cr_expect(said && strncmp(said, own, strlen(own)) == 0 && said[strlen(own)] == '\n',
			  "%s: check says '%.*s', the tool '%s'", tool,
			  said ? (int)strcspn(said, "\n") : 0, said ? said : "", own);
		free(own);
	}
	tool_free(&r);
}

Test(check, json_lists_tools_and_the_libraries_they_found)
{
	const char *argv[] = { "check", "-j", NULL };
	struct tool_run r;
	char *v;

	require_bpf();
	cr_assert_eq(run(&r, argv), 0, "%s%s", r.out, r.err);
	v = jq(r.out, "[.type, .ok, (.tools | length), ([.tools[] | select(.ok)] | length)]");
	cr_expect_str_eq(v ? v : "", "[\"check\",true,7,7]", "%s", r.out);
	free(v);
	v = jq(r.out, ".tools[] | select(.tool == \"gethostlatency\") | .libraries[] | "
		      "select(.path | test(\"libc[.]so[.]6$\")) | .functions > 0");
	cr_expect_str_eq(v ? v : "", "true", "gethostlatency found no libc: %s", r.out);
	free(v);
	v = jq(r.out, ".tools[] | select(.tool == \"sslsnoop\") | "
		      "[.libraries[] | select(.path | test(\"libssl[.]so\"))] | length > 0");
	cr_expect_str_eq(v ? v : "", "true", "sslsnoop found no libssl: %s", r.out);
	free(v);
	tool_free(&r);
}

/* As nobody, with a copy nobody can run: every tool says why not, exit 1. */
Test(check, without_privileges_every_tool_says_why_and_exit_is_1)
{
	char dir[] = "/tmp/coretrace-check-XXXXXX", dst[300], src[300], buf[65536];
	const char *argv[] = { "check", NULL };
	struct tool_run r;
	int in, out;
	ssize_t n;

	require_bpf(); /* root, to become nobody */
	cr_assert_not_null(mkdtemp(dir));
	/* nobody's, so nobody removes it at the end */
	cr_assert_eq(chmod(dir, 0755) || chown(dir, NOBODY, NOBODY), 0);
	snprintf(src, sizeof(src), "%s/coretrace", getenv("CORETRACE_BIN"));
	snprintf(dst, sizeof(dst), "%s/coretrace", dir);
	in = open(src, O_RDONLY);
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL, 0755);
	cr_assert(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		cr_assert_eq(write(out, buf, (size_t)n), n);
	close(in);
	cr_assert_eq(fchown(out, NOBODY, NOBODY) || close(out), 0);
	setenv("CORETRACE_BIN", dir, 1);
	/* Criterion runs each test in a process of its own: drop it to nobody. */
	cr_assert_eq(setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY), 0);

	cr_expect_eq(run(&r, argv), 1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "capabilities   none"), "%s", r.out);
	for (size_t i = 0; i < NTOOLS; i++) {
		const char *why = row(r.out, tools[i], "no");

		cr_expect(why && strncmp(why, "missing CAP_BPF", 15) == 0 &&
				  strstr(why, "run with sudo"),
			  "%s: %s", tools[i], r.out);
	}
	tool_free(&r);
	unlink(dst);
	rmdir(dir);
}

Test(check, a_missing_btf_file_is_the_reason)
{
	const char *argv[] = { "check", "--btf", "/nonexistent/vmlinux", NULL };
	struct tool_run r;

	require_bpf();
	cr_expect_eq(run(&r, argv), 1, "%s%s", r.out, r.err);
	cr_expect(strstr(r.out, "kernel BTF     /nonexistent/vmlinux (--btf)"), "%s", r.out);
	for (size_t i = 0; i < NTOOLS; i++) {
		const char *why = row(r.out, tools[i], "no");

		cr_expect(why && strncmp(why, "cannot use BTF from /nonexistent/vmlinux", 40) == 0,
			  "%s: %s", tools[i], r.out);
	}
	tool_free(&r);
}

Test(coretrace, runs_a_tool_by_its_first_argument)
{
	const char *help[] = { "syscount", "--help", NULL };
	const char *version[] = { "-V", NULL };
	struct tool_run r;

	cr_assert_eq(run(&r, help), 0, "%s", r.err);
	cr_expect(strncmp(r.out, "Usage: syscount [", 17) == 0, "%s", r.out);
	tool_free(&r);
	cr_assert_eq(run(&r, version), 0, "%s", r.err);
	cr_expect(strncmp(r.out, "coretrace ", 10) == 0 && strchr(r.out, '.'), "%s", r.out);
	tool_free(&r);
}

Test(coretrace, help_lists_every_tool)
{
	const char *argv[] = { "--help", NULL };
	struct tool_run r;

	cr_assert_eq(run(&r, argv), 0, "%s", r.err);
	cr_expect(strncmp(r.out, "Usage: coretrace TOOL", 21) == 0, "%s", r.out);
	for (size_t i = 0; i < NTOOLS; i++) {
		char word[64];

		snprintf(word, sizeof(word), " %s", tools[i]);
		cr_expect(strstr(r.out, word), "--help does not list %s: %s", tools[i], r.out);
	}
	tool_free(&r);
}

Test(coretrace, no_tool_or_an_unknown_one_is_a_usage_error)
{
	const char *none[] = { NULL };
	const char *unknown[] = { "execsnoop", "-h", NULL };
	struct tool_run r;

	cr_expect_eq(run(&r, none), 2);
	cr_expect(strstr(r.err, "Usage: coretrace TOOL"), "%s", r.err);
	cr_expect_eq(r.out_len, 0);
	tool_free(&r);
	cr_expect_eq(run(&r, unknown), 2);
	cr_expect(strstr(r.err, "no tool 'execsnoop'"), "%s", r.err);
	tool_free(&r);
}

/* Under a tool's name it is the tool (the links make and install make). */
Test(coretrace, a_link_named_after_a_tool_is_that_tool)
{
	char dir[] = "/tmp/coretrace-link-XXXXXX", target[300], link[300];
	const char *argv[] = { "-h", NULL };
	struct tool_run r;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(target, sizeof(target), "%s/coretrace", getenv("CORETRACE_BIN"));
	snprintf(link, sizeof(link), "%s/sigsnoop", dir);
	cr_assert_eq(symlink(target, link), 0);
	setenv("CORETRACE_BIN", dir, 1);
	cr_assert_eq(tool_run_once(&r, "sigsnoop", argv, 10), 0, "%s", r.err);
	cr_expect(strncmp(r.out, "Usage: sigsnoop [", 17) == 0, "%s", r.out);
	tool_free(&r);
	unlink(link);
	rmdir(dir);
}
