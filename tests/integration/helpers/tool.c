// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "tool.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void require_bpf(void)
{
	const char *require = getenv("REQUIRE_BPF");
	const char *why = NULL;

	if (geteuid() != 0)
		why = "not root";
	else if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
		why = "no kernel BTF at /sys/kernel/btf/vmlinux";
	if (!why)
		return;
	if (require && strcmp(require, "1") == 0)
		cr_assert_fail("BPF integration test cannot run (%s) and REQUIRE_BPF=1", why);
	cr_skip_test("BPF integration test skipped: %s", why);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void append(char **buf, size_t *len, const char *data, size_t n)
{
	char *grown = realloc(*buf, *len + n + 1);

	cr_assert_not_null(grown);
	memcpy(grown + *len, data, n);
	*len += n;
	grown[*len] = '\0';
	*buf = grown;
}

/* Read whatever is available within @timeout_ms; false once both pipes
 * are closed. */
static bool pump(struct tool_run *r, int timeout_ms)
{
	struct pollfd fds[2] = { { r->out_fd, POLLIN, 0 }, { r->err_fd, POLLIN, 0 } };
	char buf[65536];
	int i;

	if (r->out_fd < 0 && r->err_fd < 0)
		return false;
	if (poll(fds, 2, timeout_ms) <= 0)
		return true;
	for (i = 0; i < 2; i++) {
		ssize_t n;

		if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(fds[i].fd, buf, sizeof(buf));
		if (n > 0) {
			if (i == 0)
				append(&r->out, &r->out_len, buf, (size_t)n);
			else
				append(&r->err, &r->err_len, buf, (size_t)n);
		} else if (n == 0 || errno != EINTR) {
			close(fds[i].fd);
			if (i == 0)
				r->out_fd = -1;
			else
				r->err_fd = -1;
		}
	}
	return true;
}

void tool_spawn(struct tool_run *r, const char *tool, const char *const argv[])
{
	const char *bindir = getenv("CORETRACE_BIN");
	int out[2], err[2];
	char path[4096];
	size_t n = 0;

	memset(r, 0, sizeof(*r));
	r->out = calloc(1, 1);
	r->err = calloc(1, 1);
	cr_assert_not_null(bindir, "CORETRACE_BIN is not set (run through make check)");
	snprintf(path, sizeof(path), "%s/%s", bindir, tool);
	while (argv[n])
		n++;
	cr_assert(pipe2(out, O_CLOEXEC) == 0 && pipe2(err, O_CLOEXEC) == 0);
	r->pid = fork();
	cr_assert(r->pid >= 0);
	if (r->pid == 0) {
		const char **args = calloc(n + 2, sizeof(*args));

		args[0] = path;
		memcpy(args + 1, argv, n * sizeof(*args));
		dup2(out[1], 1);
		dup2(err[1], 2);
		execv(path, (char *const *)args);
		dprintf(2, "exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	r->out_fd = out[0];
	r->err_fd = err[0];
	r->status = -1;
}

void tool_start(struct tool_run *r, const char *tool, const char *const argv[])
{
	double deadline = now() + 30;

	tool_spawn(r, tool, argv);
	while (!strstr(r->err, "Tracing")) {
		int status;

		if (now() > deadline) {
			kill(r->pid, SIGKILL);
			cr_assert_fail("%s not ready within 30 s; stderr: %s", tool, r->err);
		}
		if (waitpid(r->pid, &status, WNOHANG) == r->pid) {
			while (pump(r, 100))
				;
			r->pid = 0;
			cr_assert_fail("%s exited before attaching (status %d); stderr: %s", tool,
				       WIFEXITED(status) ? WEXITSTATUS(status) : -1, r->err);
		}
		pump(r, 50);
	}
}

int tool_finish(struct tool_run *r, int sig, double timeout)
{
	double deadline = now() + timeout;
	int status = 0;

	if (r->pid <= 0)
		return r->status;
	if (sig)
		kill(r->pid, sig);
	for (;;) {
		pid_t p = waitpid(r->pid, &status, WNOHANG);

		if (p == r->pid)
			break;
		if (now() > deadline) {
			kill(r->pid, SIGKILL);
			waitpid(r->pid, &status, 0);
			r->pid = 0;
			cr_assert_fail("tool did not exit within %.0f s; stderr: %s", timeout,
				       r->err);
		}
		pump(r, 50);
	}
	while (pump(r, 100))
		;
	r->pid = 0;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return r->status;
}

int tool_wait_ready(struct tool_run *r, double timeout)
{
	double deadline = now() + timeout;
	int status;

	while (!strstr(r->err, "Tracing")) {
		if (waitpid(r->pid, &status, WNOHANG) == r->pid) {
			while (pump(r, 100))
				;
			r->pid = 0;
			r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
			return 0;
		}
		if (now() > deadline)
			return -1;
		pump(r, 50);
	}
	return 1;
}

bool tool_wait_output(struct tool_run *r, const char *needle, double timeout)
{
	double deadline = now() + timeout;

	while (!strstr(r->out, needle)) {
		if (now() > deadline || !pump(r, 50))
			return strstr(r->out, needle) != NULL;
	}
	return true;
}

void tool_free(struct tool_run *r)
{
	if (r->pid > 0) {
		kill(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
	}
	if (r->out_fd >= 0)
		close(r->out_fd);
	if (r->err_fd >= 0)
		close(r->err_fd);
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

int tool_run_once(struct tool_run *r, const char *tool, const char *const argv[], double timeout)
{
	tool_spawn(r, tool, argv);
	return tool_finish(r, 0, timeout);
}

void workload_start(struct workload *w, void (*fn)(void *arg), void *arg)
{
	int go[2];

	cr_assert(pipe2(go, O_CLOEXEC) == 0);
	w->pid = fork();
	cr_assert(w->pid >= 0);
	if (w->pid == 0) {
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(100);
		fn(arg);
		_exit(0);
	}
	close(go[0]);
	w->go_fd = go[1];
}

void workload_go(struct workload *w)
{
	cr_assert(write(w->go_fd, "g", 1) == 1);
	close(w->go_fd);
	w->go_fd = -1;
}

int workload_wait(struct workload *w)
{
	int status;

	cr_assert(waitpid(w->pid, &status, 0) == w->pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

char *jq(const char *input, const char *filter)
{
	char in_path[] = "/tmp/coretrace-jq-XXXXXX", cmd[8192], *out = NULL;
	size_t len = 0;
	char buf[4096];
	FILE *p;
	int fd, status;
	size_t n;

	fd = mkstemp(in_path);
	cr_assert(fd >= 0);
	cr_assert(write(fd, input, strlen(input)) == (ssize_t)strlen(input));
	close(fd);
	/* No -e: jq 1.6 sets its status from the last input only, so a select
	 * that matched an earlier line would look like a failure. */
	snprintf(cmd, sizeof(cmd), "jq -c '%s' < %s", filter, in_path);
	p = popen(cmd, "r");
	cr_assert_not_null(p, "cannot run jq");
	out = calloc(1, 1);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		append(&out, &len, buf, n);
	status = pclose(p);
	unlink(in_path);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		cr_log_info("jq '%s' failed (status %d): %s", filter, status, out);
		free(out);
		return NULL;
	}
	while (len && (out[len - 1] == '\n' || out[len - 1] == ' '))
		out[--len] = '\0';
	if (!len) { /* nothing matched */
		free(out);
		return NULL;
	}
	return out;
}

const char *find_line(const char *text, const char *prefix)
{
	const char *line = text;

	while (line && *line) {
		const char *p = line;

		while (*p == ' ')
			p++;
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return p;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

int count_lines(const char *text, const char *needle)
{
	const char *line = text;
	int n = 0;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (memmem(line, len, needle, strlen(needle)))
			n++;
		line = end ? end + 1 : NULL;
	}
	return n;
}

int kernel_version(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	cr_assert_eq(uname(&u), 0);
	cr_assert_eq(sscanf(u.release, "%d.%d", &major, &minor), 2, "%s", u.release);
	return major * 1000 + minor;
}
