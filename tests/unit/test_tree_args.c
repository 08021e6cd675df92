// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The process tree's user-space parts: -- COMMAND and --tree/--user in
 * every tool's options, PATH search as execvp does it, the parent pid from
 * a /proc stat line whose name holds hostile bytes, and the tree grown
 * from a fake /proc.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parse_args.h"
#include "tools/biolatency.h"
#include "command.h"
#include "tools/opensnoop.h"
#include "proctree.h"
#include "tools/udplife.h"

Test(tree_args, an_interval_then_a_command)
{
	struct biolatency_env env;

	/* argp's default permutation would put "1" after the "--". */
	PARSE(biolatency_parse_args, &env, "-m", "1", "--", "make", "-j", "4", "2");
	cr_expect_eq(env.interval, 1);
	cr_expect_eq(env.count, 0, "the command's 2 is not a count");
	cr_assert_not_null(env.filter.command);
	cr_expect_str_eq(env.filter.command[0], "make");
	cr_expect_str_eq(env.filter.command[1], "-j", "the command's options are its own");
	cr_expect_str_eq(env.filter.command[2], "4");
	cr_expect_str_eq(env.filter.command[3], "2");
	cr_expect_null(env.filter.command[4]);
}

Test(tree_args, options_after_positionals_still_parse)
{
	struct biolatency_env env;

	PARSE(biolatency_parse_args, &env, "1", "-m", "5");
	cr_expect_eq(env.interval, 1);
	cr_expect_eq(env.count, 5);
	cr_expect(env.ms);
	cr_expect_null(env.filter.command);
}

Test(tree_args, tree_and_user)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "--tree", "1");
	cr_expect_eq(env.filter.tree, 1);
	PARSE(opensnoop_parse_args, &env, "--user", "0", "--", "true");
	cr_expect(env.filter.user.on);
	cr_expect_eq(env.filter.user.uid, 0);
	cr_expect_eq(env.filter.user.gid, 0, "root's group, from /etc/passwd");
	cr_expect_str_eq(env.filter.user.name, "root");
	cr_expect_str_eq(env.filter.command[0], "true");
}

Test(tree_args, every_tool_takes_a_command)
{
	struct udplife_env env;

	PARSE(udplife_parse_args, &env, "--", "sleep", "1");
	cr_expect_str_eq(env.filter.command[0], "sleep");
}

Test(tree_args, user_needs_a_command, .exit_code = 2)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "--user", "0");
}

Test(tree_args, tree_and_command_exclude_each_other, .exit_code = 2)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "--tree", "1", "--", "true");
}

Test(tree_args, nothing_after_the_dashes, .exit_code = 2)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "--");
}

Test(tree_args, unknown_user, .exit_code = 2)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "--user", "coretrace-no-such-user", "--", "true");
}

Test(tree_args, tree_pid_out_of_range, .exit_code = 2)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "--tree", "0");
}

Test(command, user_numbers_without_an_entry)
{
	struct command_user u;

	cr_assert(command_user_lookup("4000000000", &u));
	cr_expect_eq(u.uid, 4000000000U);
	cr_expect_eq(u.gid, 4000000000U, "no entry: the group of the same number");
	cr_expect_not(u.has_entry);
	cr_expect_not(command_user_lookup("12x", &u));
	cr_expect_not(command_user_lookup("4294967295", &u), "(uid_t)-1 is no user");
}

static char tmp[PATH_MAX];

static void make_file(const char *name, mode_t mode)
{
	char path[PATH_MAX + 64];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	cr_assert(fd >= 0);
	close(fd);
	chmod(path, mode);
}

static void make_tmp(void)
{
	char a[PATH_MAX + 8], b[PATH_MAX + 8];

	snprintf(tmp, sizeof(tmp), "/tmp/ct-cmd-XXXXXX");
	cr_assert_not_null(mkdtemp(tmp));
	snprintf(a, sizeof(a), "%s/a", tmp);
	snprintf(b, sizeof(b), "%s/b", tmp);
	cr_assert(mkdir(a, 0755) == 0 && mkdir(b, 0755) == 0);
}

static void remove_tmp(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(command, .init = make_tmp, .fini = remove_tmp);

Test(command, path_search_as_execvp)
{
	char path[2 * PATH_MAX + 8], out[PATH_MAX], want[PATH_MAX + 8];

	make_file("a/plain", 0644); /* not executable: the search goes on */
	make_file("b/plain", 0755);
	make_file("b/only", 0644);
	snprintf(path, sizeof(path), "%s/a:%s/b", tmp, tmp);
	cr_assert_eq(command_find("plain", path, out, sizeof(out)), 0);
	snprintf(want, sizeof(want), "%s/b/plain", tmp);
	cr_expect_str_eq(out, want);
	cr_expect_eq(command_find("only", path, out, sizeof(out)), -EACCES, "126, like a shell");
	cr_expect_eq(command_find("missing", path, out, sizeof(out)), -ENOENT, "127");
	cr_expect_eq(command_find("", path, out, sizeof(out)), -ENOENT);
	cr_expect_eq(command_find("a", path, out, sizeof(out)), -ENOENT, "a directory is not one");
	snprintf(want, sizeof(want), "%s/b/plain", tmp);
	cr_expect_eq(command_find(want, "/nowhere", out, sizeof(out)), 0, "a path skips $PATH");
	snprintf(want, sizeof(want), "%s/b/only", tmp);
	cr_expect_eq(command_find(want, NULL, out, sizeof(out)), -EACCES);
	cr_expect_eq(command_find("/nonexistent/x", NULL, out, sizeof(out)), -ENOENT);
}

Test(command, wait_status_as_a_shell_has_it)
{
	pid_t pid = fork();
	int status;

	cr_assert(pid >= 0);
	if (pid == 0)
		_exit(42);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect_eq(command_wait_status(status), 42);
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGKILL);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect_eq(command_wait_status(status), 128 + SIGKILL);
}

Test(proctree, parent_after_the_last_parenthesis)
{
	cr_expect_eq(proctree_stat_ppid("42 (sh) S 1 42 42 0 -1 4194560"), 1);
	/* A name may hold ") S 999 ", spaces, parentheses: the last ')' ends it. */
	cr_expect_eq(proctree_stat_ppid("42 (a) S 999 (b) R 7 42 42 0"), 7);
	cr_expect_eq(proctree_stat_ppid("42 () S 0 0 0"), 0, "the kernel's threads");
	cr_expect_eq(proctree_stat_ppid("42 (x) S -3 0"), -1);
	cr_expect_eq(proctree_stat_ppid("42 (x) S"), -1);
	cr_expect_eq(proctree_stat_ppid("42 (x)"), -1);
	cr_expect_eq(proctree_stat_ppid("42 x S 1 2"), -1);
	cr_expect_eq(proctree_stat_ppid("42 (x) S 99999999999999999999 2"), -1);
}

/* A fake /proc: pid -> ppid. 10 is the root; 11, 12 its children, 13 a
 * grandchild listed before its parent (a recycled pid), 20 and 21 not. */
static const int fake[][2] = { { 13, 12 }, { 10, 1 },  { 11, 10 }, { 12, 10 },
			       { 20, 1 },  { 21, 20 }, { 1, 0 } };

static bool in_tree[64];

static bool member(pid_t pid, void *ctx)
{
	return pid > 0 && pid < 64 && in_tree[pid];
}

static int add(pid_t pid, void *ctx)
{
	if (pid == 11)
		return 0; /* left out, as the tool leaves itself out */
	in_tree[pid] = true;
	return 1;
}

Test(command, tree_from_a_fake_proc)
{
	char path[PATH_MAX + 64];
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(fake) / sizeof(fake[0]); i++) {
		snprintf(path, sizeof(path), "%s/%d", tmp, fake[i][0]);
		cr_assert(mkdir(path, 0755) == 0);
		snprintf(path, sizeof(path), "%s/%d/stat", tmp, fake[i][0]);
		f = fopen(path, "w");
		cr_assert_not_null(f);
		fprintf(f, "%d (n) S %d 1 1 0\n", fake[i][0], fake[i][1]);
		fclose(f);
	}
	make_file("self", 0644); /* not a pid: skipped */
	in_tree[10] = true;
	/* 13 is listed before its parent 12: a second pass finds it. */
	cr_expect_eq(proctree_grow(tmp, member, add, NULL), 2);
	cr_expect(in_tree[12] && in_tree[13] && !in_tree[11]);
	cr_expect(!in_tree[20] && !in_tree[21] && !in_tree[1]);
	cr_expect_eq(proctree_grow("/nonexistent", member, add, NULL), -ENOENT);
}
