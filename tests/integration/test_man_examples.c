// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Every example in every man page runs as shown: each page is rendered
 * (groff -man, as man shows it), and every command under EXAMPLES is run
 * as a reader would paste it, pipes included, by bash with pipefail and
 * the built tools first in PATH. It must finish by itself or attach
 * ("Tracing" on stderr), when the tool gets the reader's Ctrl-C (SIGINT);
 * every part of the pipeline must exit 0. The placeholders a reader
 * replaces are replaced here the same way: a PID by a live process that
 * has libc and libssl mapped, a disk by one of this host's, a program by
 * one that exists. A page with no example this test can read fails.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
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

/* A word of an example, as a reader would type it on this host. */
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
	return NULL;
}

/* @cmd with each space-delimited placeholder word replaced, into @out. */
static void substitute(const char *cmd, char *out, size_t len)
{
	size_t n = 0;

	while (*cmd && n + 1 < len) {
		size_t w = strcspn(cmd, " ");
		char word[512];
		const char *with;

		snprintf(word, sizeof(word), "%.*s", (int)w, cmd);
		with = placeholder(word);
		n += (size_t)snprintf(out + n, len - n, "%s", with ? with : word);
		cmd += w;
		if (*cmd == ' ' && n + 1 < len)
			out[n++] = *cmd++;
	}
	out[n < len ? n : len - 1] = '\0';
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The process of process group @pgid whose name is @comm, or 0. */
static pid_t find_in_group(pid_t pgid, const char *comm)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;

	while (d && !found && (e = readdir(d))) {
		char path[64], stat[512], name[32];
		int pid = atoi(e->d_name), pg;
		FILE *f;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		f = fopen(path, "re");
		if (!f)
			continue;
		/* pid (comm) state ppid pgrp */
		if (fgets(stat, sizeof(stat), f) &&
		    sscanf(stat, "%*d (%31[^)]) %*c %*d %d", name, &pg) == 2 && pg == pgid &&
		    strncmp(name, comm, 15) == 0)
			found = pid;
		fclose(f);
	}
	if (d)
		closedir(d);
	return found;
}

/* Run @cmd as a reader would; fails the test unless it ends with 0. */
static void run_example(const char *page, const char *shown)
{
	char cmd[2048], path_env[8192], err[65536] = "", tool[64];
	int errp[2], status = -1;
	size_t err_len = 0;
	bool interrupted = false;
	double deadline = now_s() + 60;
	pid_t pid;

	substitute(shown, cmd, sizeof(cmd));
	snprintf(tool, sizeof(tool), "%.*s", (int)strcspn(cmd, " "), cmd);
	snprintf(path_env, sizeof(path_env), "%s:%s", getenv("CORETRACE_BIN"), getenv("PATH"));
	cr_assert(pipe2(errp, O_CLOEXEC) == 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		setpgid(0, 0);
		dup2(devnull, 1);
		dup2(errp[1], 2);
		setenv("PATH", path_env, 1);
		execl("/bin/bash", "bash", "-o", "pipefail", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(errp[1]);
	setpgid(pid, pid);
	for (;;) {
		struct pollfd p = { errp[0], POLLIN, 0 };

		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		if (now_s() > deadline) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			cr_expect_fail("%s: '%s' did not end within 60 s: %s", page, cmd, err);
			close(errp[0]);
			return;
		}
		if (poll(&p, 1, 50) > 0) {
			ssize_t n = read(errp[0], err + err_len, sizeof(err) - 1 - err_len);

			if (n > 0)
				err[err_len += (size_t)n] = '\0';
		}
		if (!interrupted && strstr(err, "Tracing")) {
			/* The reader's Ctrl-C, to the tool: what follows it in the
			 * pipeline reads to the end of its output. */
			pid_t t = find_in_group(pid, tool);

			cr_assert(t > 0, "%s: '%s': no %s process running", page, cmd, tool);
			kill(t, SIGINT);
			interrupted = true;
		}
	}
	close(errp[0]);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: '%s' ended with %d: %s", page,
		  cmd, WIFEXITED(status) ? WEXITSTATUS(status) : -1, err);
}

/* @page rendered as man shows it, wide enough that no command wraps. */
static FILE *render(const char *page)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "LC_ALL=C groff -man -Tascii -P-cbou -rLL=300n '%s'", page);
	return popen(cmd, "r");
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
		char path[512], line[1024];
		bool in_examples = false;
		int here = 0;
		FILE *f;

		if (!strstr(e->d_name, ".8"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", MAN_DIR, e->d_name);
		f = render(path);
		cr_assert_not_null(f, "groff %s", path);
		while (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			if (line[0] && line[0] != ' ') {
				in_examples = strcmp(line, "EXAMPLES") == 0;
				continue;
			}
			/* Commands at the section's indent (7), what they do at 14. */
			if (in_examples && !strncmp(line, "       ", 7) && line[7] &&
			    line[7] != ' ') {
				run_example(e->d_name, line + 7);
				here++;
			}
		}
		cr_assert_eq(pclose(f), 0, "groff failed on %s", path);
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
