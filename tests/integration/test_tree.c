// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * TOOL -- COMMAND and --tree PID: a command and everything it starts, at
 * any depth, a daemon and a thread included (tests/integration/progs/
 * forktree.c, whose parts each do a known number of things), exact counts
 * in every tool, and the command's exit status as the tool's.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/loopdev.h"
#include "helpers/tool.h"

static char forktree[PATH_MAX];
static char dir[64];

static void setup(void)
{
	require_bpf();
	snprintf(forktree, sizeof(forktree), "%s/../tests/progs/forktree", getenv("CORETRACE_BIN"));
	cr_assert(access(forktree, X_OK) == 0, "%s not built (make check-integration builds it)",
		  forktree);
	snprintf(dir, sizeof(dir), "/tmp/ct-tree-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(tree, .init = setup, .fini = teardown, .timeout = 90);

/* Lines of @out naming the part @part's file, DIR/PART at a line's end. */
static int opens_of(const char *out, const char *part)
{
	char needle[128];
	const char *p = out;
	int n = 0;

	snprintf(needle, sizeof(needle), "%s/%s\n", dir, part);
	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

Test(tree, opens_of_the_command_and_all_it_starts)
{
	const char *argv[] = { "--", forktree, dir, NULL };
	struct tool_run r;
	int status = tool_run_once(&r, "opensnoop", argv, 60);

	cr_expect_eq(status, 7, "not the command's exit status: %d\n%s", status, r.err);
	cr_expect_eq(opens_of(r.out, "top"), 3, "%s", r.out);
	cr_expect_eq(opens_of(r.out, "child"), 5, "%s", r.out);
	cr_expect_eq(opens_of(r.out, "daemon"), 7, "the reparented daemon:\n%s", r.out);
	cr_expect_eq(opens_of(r.out, "thread"), 11, "the daemon's thread:\n%s", r.out);
	tool_free(&r);
}

Test(tree, syscalls_of_every_part)
{
	const char *argv[] = { "-T", "500", "--", forktree, dir, "0", NULL };
	struct tool_run r;
	const char *line;
	int status = tool_run_once(&r, "syscount", argv, 60);
	static const struct {
		const char *name;
		int count;
	} want[] = {
		{ "sched_yield ", 3 }, { "getppid ", 5 }, { "getpgid ", 7 }, { "getsid ", 11 }
	};
	size_t i;

	cr_expect_eq(status, 0, "%s", r.err);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		line = find_line(r.out, want[i].name);
		cr_assert_not_null(line, "no %s row:\n%s", want[i].name, r.out);
		cr_expect_eq(atoi(line + strlen(want[i].name)), want[i].count, "%s", r.out);
	}
	tool_free(&r);
}

Test(tree, signals_of_every_part)
{
	const char *argv[] = { "-j", "--", forktree, dir, NULL };
	struct tool_run r;
	char *n;

	cr_expect_eq(tool_run_once(&r, "sigsnoop", argv, 60), 7, "%s", r.err);
	n = jq(r.out, "[., inputs | select(.type == \"event\" and .sig == 10)] | length");
	cr_assert_not_null(n, "%s", r.out);
	cr_expect_str_eq(n, "26", "3 + 5 + 7 + 11 SIGUSR1:\n%s", r.out);
	free(n);
	tool_free(&r);
}

Test(tree, lookups_of_every_part)
{
	const char *argv[] = { "--", forktree, dir, NULL };
	struct tool_run r;

	cr_expect_eq(tool_run_once(&r, "gethostlatency", argv, 60), 7, "%s", r.err);
	cr_expect_eq(count_lines(r.out, "localhost"), 26, "%s", r.out);
	tool_free(&r);
}

Test(tree, udp_sockets_of_every_part)
{
	const char *argv[] = { "-j", "--", forktree, dir, NULL };
	struct tool_run r;
	char *bytes;

	cr_expect_eq(tool_run_once(&r, "udplife", argv, 60), 7, "%s", r.err);
	/* Each part's socket sent itself N datagrams of N bytes. */
	bytes = jq(r.out, "[., inputs | select(.type == \"event\") | .tx_b] | sort");
	cr_assert_not_null(bytes, "%s", r.out);
	cr_expect_str_eq(bytes, "[9,25,49,121]", "%s", r.out);
	free(bytes);
	tool_free(&r);
}

Test(tree, block_io_of_the_command)
{
	struct loopdev dev;
	struct tool_run r;
	char of[96], *count;
	const char *argv[] = { "-j", "-F",	"--",	     "dd",	     "if=/dev/zero",
			       of,   "bs=4096", "count=300", "oflag=direct", "status=none",
			       NULL };

	loopdev_create(&dev, 8);
	snprintf(of, sizeof(of), "of=%s", dev.path);
	cr_expect_eq(tool_run_once(&r, "biolatency", argv, 60), 0, "%s", r.err);
	/* Writes only: a request another process queued (udev's read-ahead of
	 * the new device) can be issued from dd's context, and the tools
	 * filter where a request is issued (biolatency(8), LIMITATIONS). */
	count = jq(r.out, "[., inputs | select(.type == \"hist\" and (.labels.flags | "
			  "endswith(\"Write\"))) | .count] | add");
	cr_expect_not_null(count, "%s", r.out);
	if (count)
		cr_expect_str_eq(count, "300", "%s", r.out);
	free(count);
	tool_free(&r);
	loopdev_destroy(&dev);
}

static void exec_forktree(void *arg)
{
	execl(forktree, "forktree", dir, NULL);
	_exit(127);
}

/* --tree PID: its opens are shown, not the test's own of the same file. */
Test(tree, tree_pid_and_none_beside_it)
{
	struct workload w;
	struct tool_run r;
	char pid[16], path[128];
	const char *argv[] = { "--tree", pid, NULL };
	int i, fd;

	workload_start(&w, exec_forktree, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&r, "opensnoop", argv);
	snprintf(path, sizeof(path), "%s/top", dir);
	for (i = 0; i < 4; i++) {
		fd = open(path, O_RDONLY | O_CREAT, 0600);
		cr_assert(fd >= 0);
		close(fd);
	}
	workload_go(&w);
	cr_expect_eq(workload_wait(&w), 7);
	tool_finish(&r, SIGINT, 10);
	cr_expect_eq(opens_of(r.out, "top"), 3, "the test's own opens shown:\n%s", r.out);
	cr_expect_eq(opens_of(r.out, "thread"), 11, "%s", r.out);
	tool_free(&r);
}

/* Traced from the command's first instruction: the dynamic loader's first
 * open, and nothing of ours before the exec. */
Test(tree, from_the_first_instruction)
{
	const char *argv[] = { "-j", "--", "/bin/true", NULL };
	struct tool_run r;
	char *comms, *first;

	cr_expect_eq(tool_run_once(&r, "opensnoop", argv, 30), 0, "%s", r.err);
	comms = jq(r.out, "[., inputs | select(.type == \"event\") | .comm] | unique");
	first = jq(r.out, "[., inputs | select(.type == \"event\") | .path][0]");
	cr_assert_not_null(comms, "%s", r.out);
	cr_expect_str_eq(comms, "[\"true\"]", "%s", r.out);
	cr_expect_str_eq(first, "\"/etc/ld.so.cache\"", "%s", r.out);
	free(comms);
	free(first);
	tool_free(&r);
}

Test(tree, exit_status_of_a_killed_command)
{
	const char *argv[] = { "--", "sh", "-c", "kill -TERM $$", NULL };
	struct tool_run r;

	cr_expect_eq(tool_run_once(&r, "syscount", argv, 30), 128 + SIGTERM, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "SYSCALL"), "no final summary:\n%s", r.out);
	tool_free(&r);
}

Test(tree, a_missing_command_is_127)
{
	const char *missing[] = { "--", "coretrace-no-such-command", NULL };
	const char *not_exec[] = { "--", "/etc/passwd", NULL };
	struct tool_run r;

	cr_expect_eq(tool_run_once(&r, "opensnoop", missing, 30), 127);
	cr_expect_str_eq(r.err, "opensnoop: coretrace-no-such-command: command not found\n");
	cr_expect_str_eq(r.out, "", "nothing traced");
	tool_free(&r);
	cr_expect_eq(tool_run_once(&r, "sigsnoop", not_exec, 30), 126);
	cr_expect_str_eq(r.err, "sigsnoop: /etc/passwd: Permission denied\n");
	tool_free(&r);
}

/* --user: the command's uid, gid and groups are the user's, root's groups
 * dropped; the tool still sees it. */
Test(tree, runs_as_the_user)
{
	const char *argv[] = { "--user", "nobody", "--",
			       "sh",	 "-c",	   "echo \"ids $(id -u) $(id -G) $HOME\"",
			       NULL };
	struct tool_run r;

	cr_expect_eq(tool_run_once(&r, "opensnoop", argv, 30), 0, "%s", r.err);
	cr_expect_not_null(find_line(r.out, "ids 65534 65534 /nonexistent\n"), "%s", r.out);
	cr_expect_gt(count_lines(r.out, " id "), 0, "the command's own opens:\n%s", r.out);
	tool_free(&r);
}
