// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Every example in every man page runs as shown: the command of each
 * ".TP / .B COMMAND" under EXAMPLES (up to a pipe: the tool's part) is run
 * with the built tools, must attach or finish by itself, and must exit 0
 * (after a SIGINT if it runs until stopped). The placeholders a reader
 * replaces are replaced here the same way: a PID by a live process that
 * has libc and libssl mapped, a disk by one of this host's, a program by
 * one that exists. A page whose examples stop parsing fails, not passes.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers/tool.h"

#define MAN_DIR "man/man8"

/* A process the -p examples can point at: tls_ex waiting on its stdin,
 * libc and libssl mapped. */
static pid_t target;
static int target_gate = -1;

static void start_target(void)
{
	char prog[4096];
	int gate[2];

	snprintf(prog, sizeof(prog), "%s/../tests/progs/tls_ex", getenv("CORETRACE_BIN"));
	cr_assert(pipe(gate) == 0);
	target = fork();
	cr_assert(target >= 0);
	if (target == 0) {
		dup2(gate[0], 0);
		close(gate[1]);
		execl(prog, "tls_ex", "/nonexistent", "/nonexistent", "c", "s", "wait",
		      (char *)NULL);
		_exit(127);
	}
	close(gate[0]);
	target_gate = gate[1];
	usleep(200000); /* its libraries mapped */
}

static void stop_target(void)
{
	if (target > 0) {
		kill(target, SIGKILL);
		waitpid(target, NULL, 0);
	}
	if (target_gate >= 0)
		close(target_gate);
}

/* The path of libc as this process has it mapped. */
static void libc_path(char *buf, size_t len)
{
	char line[4096];
	FILE *f = fopen("/proc/self/maps", "re");

	buf[0] = '\0';
	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *path = strchr(line, '/');

		if (path && strstr(path, "/libc.so.6")) {
			path[strcspn(path, "\n")] = '\0';
			snprintf(buf, len, "%s", path);
			break;
		}
	}
	fclose(f);
	cr_assert(buf[0], "no libc.so.6 in /proc/self/maps");
}

/* A disk of this host, as biolatency -d names it. */
static void a_disk(char *buf, size_t len)
{
	DIR *d = opendir("/sys/block");
	struct dirent *e;

	buf[0] = '\0';
	cr_assert_not_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && strncmp(e->d_name, "ram", 3) != 0) {
			snprintf(buf, len, "%s", e->d_name);
			if (strncmp(e->d_name, "loop", 4) != 0)
				break; /* a real disk if there is one */
		}
	closedir(d);
	cr_assert(buf[0], "no disk in /sys/block");
}

/* The word of an example, as a reader would type it on this host. */
static const char *placeholder(const char *word)
{
	static char pid[16], disk[256], libc[4096], static_prog[4096];

	if (!strcmp(word, "1234") || !strcmp(word, "181") || !strcmp(word, "1834")) {
		snprintf(pid, sizeof(pid), "%d", (int)target);
		return pid;
	}
	if (!strcmp(word, "nvme0n1")) {
		a_disk(disk, sizeof(disk));
		return disk;
	}
	if (!strcmp(word, "/usr/local/bin/static-app")) {
		libc_path(libc, sizeof(libc));
		return libc;
	}
	if (!strcmp(word, "/usr/bin/node")) {
		snprintf(static_prog, sizeof(static_prog), "%s/../tests/progs/tls_ex-static",
			 getenv("CORETRACE_BIN"));
		return static_prog;
	}
	return word;
}

/* The troff of ".B biolatency \-mT 1" as the command "biolatency -mT 1". */
static void untroff(const char *in, char *out, size_t len)
{
	size_t n = 0;

	for (; *in && *in != '\n' && n + 1 < len; in++) {
		if (in[0] == '\\' && in[1] == '-')
			in++;
		out[n++] = *in;
	}
	out[n] = '\0';
}

/* Run one example's tool command: it must attach or end, and exit 0. */
static void run_example(const char *page, const char *command)
{
	char copy[1024], *words[32], *save = NULL, *w;
	const char *argv[32];
	struct tool_run r;
	int n = 0, ready;

	snprintf(copy, sizeof(copy), "%s", command);
	copy[strcspn(copy, "|")] = '\0'; /* the tool's part of a pipeline */
	for (w = strtok_r(copy, " ", &save); w && n < 31; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	cr_assert_gt(n, 0, "%s: an empty example", page);
	for (int i = 1; i < n; i++)
		argv[i - 1] = placeholder(words[i]);
	argv[n - 1] = NULL;

	tool_spawn(&r, words[0], argv);
	ready = tool_wait_ready(&r, 60);
	cr_expect_neq(ready, -1, "%s: '%s' neither attached nor ended in 60 s: %s", page, command,
		      r.err);
	if (ready == 1)
		tool_finish(&r, SIGINT, 30);
	cr_expect_eq(r.status, 0, "%s: '%s' exited %d: %s", page, command, r.status, r.err);
	tool_free(&r);
}

Test(man, every_example_runs_as_shown, .timeout = 900)
{
	DIR *d;
	struct dirent *e;
	int pages = 0, examples = 0;

	require_bpf();
	start_target();
	d = opendir(MAN_DIR);
	cr_assert_not_null(d, "no %s (run from the top of the tree)", MAN_DIR);
	while ((e = readdir(d))) {
		char path[512], line[1024], cmd[1024];
		bool in_examples = false, after_tp = false;
		int here = 0;
		FILE *f;

		if (!strstr(e->d_name, ".8"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", MAN_DIR, e->d_name);
		f = fopen(path, "re");
		cr_assert_not_null(f, "%s", path);
		while (fgets(line, sizeof(line), f)) {
			if (!strncmp(line, ".SH ", 4)) {
				in_examples = !strncmp(line, ".SH EXAMPLES", 12);
				continue;
			}
			if (in_examples && after_tp && !strncmp(line, ".B ", 3)) {
				untroff(line + 3, cmd, sizeof(cmd));
				run_example(e->d_name, cmd);
				here++;
			}
			after_tp = in_examples && !strncmp(line, ".TP", 3);
		}
		fclose(f);
		cr_expect_gt(here, 0, "%s has no examples this test can read", e->d_name);
		examples += here;
		pages++;
	}
	closedir(d);
	stop_target();
	cr_expect_eq(pages, 8, "%d man pages in %s, want 8 (seven tools and coretrace)", pages,
		     MAN_DIR);
	cr_log_info("%d examples in %d pages ran", examples, pages);
}
