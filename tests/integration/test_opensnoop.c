// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* opensnoop against a child whose opens, paths and results the test knows. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "helpers/tool.h"

#define FLOOD_OPENS 200000

/* A private directory with one file in it, unique to this test run. */
static char dir[64];
static char file[128];

static void make_files(void)
{
	int fd;

	snprintf(dir, sizeof(dir), "/tmp/coretrace-opensnoop-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/target-file", dir);
	fd = open(file, O_CREAT | O_WRONLY, 0600);
	cr_assert(fd >= 0);
	close(fd);
}

static void remove_files(void)
{
	unlink(file);
	rmdir(dir);
}

/* Exit status = the fd open() returned, so the test can check FD exactly. */
static void open_file(void *arg)
{
	_exit(open(file, O_RDONLY));
}

static void open_missing(void *arg)
{
	char missing[160];

	snprintf(missing, sizeof(missing), "%s/missing", dir);
	_exit(open(missing, O_RDONLY) < 0 ? 0 : 1);
}

static void open_both(void *arg)
{
	char missing[160];

	snprintf(missing, sizeof(missing), "%s/missing", dir);
	if (open(file, O_RDONLY) < 0 || open(missing, O_RDONLY) >= 0)
		_exit(1);
	_exit(0);
}

static void open_with_openat2(void *arg)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC };

	_exit((int)syscall(SYS_openat2, AT_FDCWD, file, &how, sizeof(how)));
}

/* A path relative to the cwd, and one relative to a dirfd on "/". */
static void open_relative(void *arg)
{
	int root = open("/", O_RDONLY | O_DIRECTORY);

	if (chdir(dir) || open("target-file", O_RDONLY) < 0 || root < 0 ||
	    openat(root, "tmp/../tmp", O_RDONLY) < 0)
		_exit(1);
	_exit(0);
}

static void open_as_named(void *arg)
{
	prctl(PR_SET_NAME, "ctsnoop-named");
	open_file(arg);
}

static void open_as_uid(void *arg)
{
	int fd = open(file, O_RDONLY); /* as root: not shown under -u 54321 */

	if (fd < 0 || setresuid(54321, 54321, 54321))
		_exit(100);
	/* The file is 0600 root: EACCES as uid 54321. */
	_exit(open(file, O_RDONLY) < 0 ? 0 : 101);
}

static void *open_in_thread(void *arg)
{
	int fd = open(file, O_RDONLY);

	if (fd >= 0)
		close(fd);
	return NULL;
}

/* The main thread (tid = pid) and a second thread open the same file. */
static void open_in_two_threads(void *arg)
{
	pthread_t th;

	if (pthread_create(&th, NULL, open_in_thread, NULL) || pthread_join(th, NULL))
		_exit(1);
	open_in_thread(NULL);
	_exit(0);
}

static void flood(void *arg)
{
	int i, fd;

	for (i = 0; i < FLOOD_OPENS; i++) {
		fd = open("/dev/null", O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
	_exit(0);
}

static char *last_stderr;

/* Run opensnoop with @extra on a workload child; returns stdout and the
 * child's exit status (stderr in last_stderr). %d in an extra option is
 * replaced by the child's pid. */
static char *snoop(void (*fn)(void *), const char *const extra[], pid_t *child, int *status)
{
	const char *argv[24];
	char pid[16], *out;
	struct tool_run r;
	struct workload w;
	int n = 0, i;

	workload_start(&w, fn, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	for (i = 0; extra[i]; i++)
		argv[n++] = strcmp(extra[i], "%d") == 0 ? pid : extra[i];
	argv[n] = NULL;
	tool_start(&r, "opensnoop", argv);
	workload_go(&w);
	*status = workload_wait(&w);
	cr_assert_eq(tool_finish(&r, SIGINT, 30), 0, "stderr: %s", r.err);
	out = strdup(r.out);
	free(last_stderr);
	last_stderr = strdup(r.err);
	*child = w.pid;
	tool_free(&r);
	return out;
}

/* jq over all of @out at once: EXPR applied to the array of event records
 * matching SEL (jq -e alone judges only the last line's result). */
static char *events_jq(const char *out, const char *sel, const char *expr)
{
	char filter[1024];

	snprintf(filter, sizeof(filter),
		 "[., inputs] | map(select(.type == \"event\" and (%s))) | %s", sel, expr);
	return jq(out, filter);
}

TestSuite(opensnoop, .init = require_bpf, .timeout = 60);

Test(opensnoop, sees_its_own_open_with_the_right_fd, .init = make_files, .fini = remove_files)
{
	const char *extra[] = { "-p", "%d", "-j", NULL };
	char filter[512], expect[64], *v;
	pid_t child;
	int status;
	char *out = snoop(open_file, extra, &child, &status);

	cr_assert_geq(status, 3, "child's open failed");
	snprintf(filter, sizeof(filter), ".path == \"%s\"", file);
	v = events_jq(out, filter, "map([.pid, .fd, .err, .uid])");
	snprintf(expect, sizeof(expect), "[[%d,%d,0,0]]", child, status);
	cr_expect_str_eq(v ? v : "(none)", expect, "%s", out);
	free(v);
	free(out);
}

/* --btf switches to raw_tp programs and the tid hash (for kernels without
 * their own BTF); the kernel's own file tests that path here. */
Test(opensnoop, raw_tracepoints_with_btf_from_a_file, .init = make_files, .fini = remove_files)
{
	const char *extra[] = { "-p", "%d", "-j", "-v", "--btf", "/sys/kernel/btf/vmlinux", NULL };
	char filter[512], expect[64], *v;
	pid_t child;
	int status;
	char *out = snoop(open_file, extra, &child, &status);

	cr_expect(strstr(last_stderr, "method: raw_tp on") && strstr(last_stderr, "in a tid hash"),
		  "%s", last_stderr);
	cr_assert_geq(status, 3, "child's open failed");
	snprintf(filter, sizeof(filter), ".path == \"%s\"", file);
	v = events_jq(out, filter, "map([.pid, .fd, .err, .uid])");
	snprintf(expect, sizeof(expect), "[[%d,%d,0,0]]", child, status);
	cr_expect_str_eq(v ? v : "(none)", expect, "%s", out);
	free(v);
	free(out);
}

Test(opensnoop, failed_open_has_errno_and_fd_minus_one, .init = make_files, .fini = remove_files)
{
	const char *extra[] = { "-p", "%d", NULL };
	char prefix[32], path[160];
	const char *line;
	pid_t child;
	int status, fd, err;
	char *out = snoop(open_missing, extra, &child, &status);

	cr_assert_eq(status, 0);
	cr_assert(find_line(out, "PID COMM"), "no header in:\n%s", out);
	snprintf(prefix, sizeof(prefix), "%d ", child);
	line = find_line(out, prefix);
	cr_assert_not_null(line, "no line for pid %d in:\n%s", child, out);
	cr_assert_eq(sscanf(line, "%*d %*s %d %d %159s", &fd, &err, path), 3, "%s", line);
	cr_expect_eq(fd, -1, "%s", line);
	cr_expect_eq(err, 2, "%s", line);
	cr_expect(strstr(path, "/missing"), "%s", line);
	free(out);
}

Test(opensnoop, sees_openat2_with_its_64_bit_flags, .init = make_files, .fini = remove_files)
{
	const char *extra[] = { "-p", "%d", "-j", NULL };
	char filter[512], expect[64], *v;
	pid_t child;
	int status;
	char *out = snoop(open_with_openat2, extra, &child, &status);

	cr_assert_geq(status, 3, "openat2 failed (kernel without it?)");
	snprintf(filter, sizeof(filter), ".path == \"%s\"", file);
	v = events_jq(out, filter, "map([.fd, .err, .flags])");
	snprintf(expect, sizeof(expect), "[[%d,0,%d]]", status, O_RDONLY | O_CLOEXEC);
	cr_expect_str_eq(v ? v : "(none)", expect, "%s", out);
	free(v);
	free(out);
}

Test(opensnoop, full_path_resolves_cwd_and_dirfd, .init = make_files, .fini = remove_files)
{
	const char *extra[] = { "-p", "%d", "-F", "-j", NULL };
	const char *plain[] = { "-p", "%d", "-j", NULL };
	char filter[512], *v;
	pid_t child;
	int status;
	char *out = snoop(open_relative, extra, &child, &status);

	cr_assert_eq(status, 0);
	snprintf(filter, sizeof(filter), ".path == \"%s\"", file);
	v = events_jq(out, filter, "map(.err)");
	cr_expect_str_eq(v ? v : "(none)", "[0]", "no absolute %s in:\n%s", file, out);
	free(v);
	v = events_jq(out, ".path == \"/tmp/../tmp\"", "map(.err)");
	cr_expect_str_eq(v ? v : "(none)", "[0]", "dirfd-relative path in:\n%s", out);
	free(v);
	free(out);

	/* Without -F the path is printed as the program passed it. */
	out = snoop(open_relative, plain, &child, &status);
	v = events_jq(out, ".path == \"target-file\"", "map(.err)");
	cr_expect_str_eq(v ? v : "(none)", "[0]", "%s", out);
	free(v);
	free(out);
}

/* 70 levels below dir (more than -F walks), open a relative "x"; then a
 * path of 5000 bytes, which the kernel refuses with ENAMETOOLONG. */
static void open_cut_paths(void *arg)
{
	char name[5001];
	int i;

	if (chdir(dir))
		_exit(1);
	for (i = 0; i < 70; i++)
		if ((mkdir("d", 0700) && errno != EEXIST) || chdir("d"))
			_exit(2);
	close(open("x", O_RDONLY | O_CREAT, 0600));
	memset(name, 'a', sizeof(name) - 1);
	name[0] = '/';
	name[sizeof(name) - 1] = '\0';
	_exit(open(name, O_RDONLY) < 0 && errno == ENAMETOOLONG ? 0 : 3);
}

static void remove_deep_dirs(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s/d", dir);
	cr_expect_eq(system(cmd), 0);
	remove_files();
}

Test(opensnoop, cut_paths_are_marked, .init = make_files, .fini = remove_deep_dirs)
{
	const char *json[] = { "-p", "%d", "-F", "-j", NULL };
	const char *text[] = { "-p", "%d", "-F", NULL };
	pid_t child;
	int status;
	char *out = snoop(open_cut_paths, json, &child, &status), *v;

	cr_assert_eq(status, 0);
	v = events_jq(out, ".path_truncated", "map([.path[0:6], (.path | length), .err])");
	cr_expect_str_eq(v ? v : "(none)", "[[\"x\",1,0],[\"/aaaaa\",4095,36]]", "%s", out);
	free(v);
	free(out);
	out = snoop(open_cut_paths, text, &child, &status);
	cr_expect(strstr(out, " [...]/x\n"), "%s", out);
	cr_expect(strstr(out, "aaaa[...]\n"), "%s", out);
	free(out);
}

Test(opensnoop, pid_filter_shows_only_that_process, .init = make_files, .fini = remove_files)
{
	const char *extra[] = { "-p", "%d", "-j", NULL };
	char filter[256], *v;
	pid_t child;
	int status;
	char *out = snoop(open_file, extra, &child, &status);

	snprintf(filter, sizeof(filter), ".pid != %d", child);
	v = events_jq(out, filter, "length");
	cr_expect_str_eq(v ? v : "(none)", "0", "other processes shown under -p:\n%s", out);
	free(v);
	cr_expect_eq(count_lines(out, file), 1, "%s", out);
	free(out);
}

Test(opensnoop, tid_filter_shows_only_that_thread, .init = make_files, .fini = remove_files)
{
	const char *by_tid[] = { "-t", "%d", "-j", NULL };
	const char *by_pid[] = { "-p", "%d", "-j", NULL };
	char filter[256], *v;
	pid_t child;
	int status;
	char *out = snoop(open_in_two_threads, by_tid, &child, &status);

	cr_assert_eq(status, 0);
	snprintf(filter, sizeof(filter), ".path == \"%s\"", file);
	v = events_jq(out, filter, "length");
	cr_expect_str_eq(v ? v : "(none)", "1", "-t shows the main thread's open only:\n%s", out);
	free(v);
	free(out);

	out = snoop(open_in_two_threads, by_pid, &child, &status);
	v = events_jq(out, filter, "length");
	cr_expect_str_eq(v ? v : "(none)", "2", "-p shows both threads' opens:\n%s", out);
	free(v);
	free(out);
}

Test(opensnoop, name_filter_matches_a_substring_of_comm, .init = make_files, .fini = remove_files)
{
	const char *extra[] = { "-n", "snoop-nam", "-j", NULL };
	const char *other[] = { "-n", "no-such-comm", "-j", NULL };
	char filter[512], *v;
	pid_t child;
	int status;
	char *out = snoop(open_as_named, extra, &child, &status);

	snprintf(filter, sizeof(filter), ".path == \"%s\"", file);
	v = events_jq(out, filter, "map([.pid, .comm])");
	snprintf(filter, sizeof(filter), "[[%d,\"ctsnoop-named\"]]", child);
	cr_expect_str_eq(v ? v : "(none)", filter, "%s", out);
	free(v);
	v = events_jq(out, ".comm | contains(\"snoop-nam\") | not", "length");
	cr_expect_str_eq(v ? v : "(none)", "0", "other commands shown under -n:\n%s", out);
	free(v);
	free(out);

	out = snoop(open_as_named, other, &child, &status);
	cr_expect_eq(count_lines(out, file), 0, "%s", out);
	free(out);
}

Test(opensnoop, uid_filter_shows_only_that_user, .init = make_files, .fini = remove_files)
{
	const char *extra[] = { "-u", "54321", "-j", NULL };
	char expect[256], *v;
	pid_t child;
	int status;
	char *out = snoop(open_as_uid, extra, &child, &status);

	cr_assert_eq(status, 0, "workload status %d", status);
	/* The root open before setresuid is not shown; EACCES as uid 54321 is. */
	snprintf(expect, sizeof(expect), ".pid == %d or .uid != 54321", child);
	v = events_jq(out, expect, "map([.uid, .pid, .fd, .err, .path])");
	snprintf(expect, sizeof(expect), "[[54321,%d,-1,13,\"%s\"]]", child, file);
	cr_expect_str_eq(v ? v : "(none)", expect, "%s", out);
	free(v);
	free(out);
}

Test(opensnoop, failed_filter_shows_only_failures, .init = make_files, .fini = remove_files)
{
	const char *extra[] = { "-p", "%d", "-x", "-j", NULL };
	char *v;
	pid_t child;
	int status;
	char *out = snoop(open_both, extra, &child, &status);

	cr_assert_eq(status, 0);
	v = events_jq(out, "true", "map([.fd, .err, (.path | endswith(\"/missing\"))])");
	cr_expect_str_eq(v ? v : "(none)", "[[-1,2,true]]", "%s", out);
	free(v);
	free(out);
}

Test(opensnoop, json_lines_all_parse, .init = make_files, .fini = remove_files)
{
	const char *extra[] = { "-j", "-T", "-e", "-F", NULL };
	char *v;
	pid_t child;
	int status;
	char *out = snoop(open_both, extra, &child, &status);

	/* jq fails on the first line that is not JSON. */
	v = events_jq(
		out, "true",
		"map(.ts > 0 and (.pid | type) == \"number\" and (.path | type) == \"string\" "
		"and (.flags | type) == \"number\" and (.uid | type) == \"number\") | "
		"(length > 0 and all)");
	cr_expect_str_eq(v ? v : "(invalid JSON)", "true", "%s", out);
	free(v);
	free(out);
}

/* Events shown for the child plus events reported lost equal its opens:
 * with -p the kernel counts only the child's events, lost or not. */
Test(opensnoop, flood_is_shown_or_counted_as_lost, .timeout = 120)
{
	const char *extra[] = { "-p", "%d", "-b", "4096", "-j", NULL };
	unsigned long long shown = 0, lost = 0, lost_stderr = 0;
	char needle[64];
	const char *line;
	pid_t child;
	int status;
	char *out = snoop(flood, extra, &child, &status);

	cr_assert_eq(status, 0);
	snprintf(needle, sizeof(needle), "\"pid\":%d,", child);
	for (line = out; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *c;

		if (strncmp(line, "{\"type\":\"event\"", 15) == 0) {
			const char *end = strchr(line, '\n');

			if (memmem(line, end ? (size_t)(end - line) : strlen(line), "\"/dev/null\"",
				   11))
				shown++;
			cr_assert(memmem(line, end ? (size_t)(end - line) : strlen(line), needle,
					 strlen(needle)),
				  "event of another process under -p");
		} else if (strncmp(line, "{\"type\":\"lost\"", 14) == 0) {
			c = strstr(line, "\"count\":");
			cr_assert_not_null(c);
			lost += strtoull(c + 8, NULL, 10);
		}
	}
	/* The same losses, told on stderr: "opensnoop: lost N events (...)". */
	for (line = last_stderr; (line = strstr(line, "opensnoop: lost ")); line++)
		lost_stderr += strtoull(line + strlen("opensnoop: lost "), NULL, 10);
	cr_expect_eq(lost_stderr, lost, "stderr: %s", last_stderr);
	cr_log_info("flood: %llu shown, %llu lost of %d", shown, lost, FLOOD_OPENS);
	cr_expect_eq(shown + lost, FLOOD_OPENS, "shown %llu + lost %llu != %d opens", shown, lost,
		     FLOOD_OPENS);
	free(out);
}

Test(opensnoop, bad_options_are_usage_errors)
{
	const char *bad_b[] = { "-b", "12Q", NULL };
	const char *bad_n[] = { "-n", "a-name-far-too-long", NULL };
	const char *bad_u[] = { "-u", "no-such-user-here", NULL };
	const char *const *cases[] = { bad_b, bad_n, bad_u };
	struct tool_run r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_expect_eq(tool_run_once(&r, "opensnoop", cases[i], 10), 2, "%s", cases[i][0]);
		cr_expect(strstr(r.err, "opensnoop: invalid"), "%s", r.err);
		tool_free(&r);
	}
}
