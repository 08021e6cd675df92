/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Integration test helpers: run a built tool, wait until it says it is
 * attached, drive a workload the test controls, stop the tool and read
 * what it printed.
 */
#ifndef CORETRACE_TEST_TOOL_H
#define CORETRACE_TEST_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct tool_run {
	pid_t pid;
	int out_fd;
	int err_fd;
	char *out; /* everything the tool wrote to stdout, NUL-terminated */
	size_t out_len;
	char *err; /* and to stderr */
	size_t err_len;
	int status; /* exit status once stopped, -1 if killed by a signal */
};

/* Skip the test unless it can load BPF (root, kernel BTF). With
 * REQUIRE_BPF=1 in the environment a skip becomes a failure. */
void require_bpf(void);

/* Start $CORETRACE_BIN/@tool with @argv (NULL-terminated, without the
 * program name) and wait until it prints its "Tracing" line. Fails the
 * test if the tool exits first or is not ready within 30 s. */
void tool_start(struct tool_run *r, const char *tool, const char *const argv[]);

/* Same, without waiting for readiness (for tools that exit at once). */
void tool_spawn(struct tool_run *r, const char *tool, const char *const argv[]);

/* After tool_spawn: wait until the tool is attached (1), has exited by
 * itself (0, its status in r->status), or @timeout seconds passed (-1). */
int tool_wait_ready(struct tool_run *r, double timeout);

/* Send @sig (0: none) and collect output until the tool exits, at most
 * @timeout seconds (then SIGKILL and fail). Returns the exit status. */
int tool_finish(struct tool_run *r, int sig, double timeout);

/* Wait until stdout contains @needle, at most @timeout seconds. */
bool tool_wait_output(struct tool_run *r, const char *needle, double timeout);

void tool_free(struct tool_run *r);

/* Run @tool to completion with @argv; returns its exit status and leaves
 * its output in @r. */
int tool_run_once(struct tool_run *r, const char *tool, const char *const argv[], double timeout);

/* A child process that waits for tool_go() before running @fn, so the test
 * knows its pid before it does anything. */
struct workload {
	pid_t pid;
	int go_fd;
};
void workload_start(struct workload *w, void (*fn)(void *arg), void *arg);
void workload_go(struct workload *w);
/* Wait for the child; returns its exit status. */
int workload_wait(struct workload *w);

/* Run `jq -c FILTER` over @input; returns the trimmed output (malloc'd),
 * or NULL if jq failed (invalid JSON) or printed nothing (no match). */
char *jq(const char *input, const char *filter);

/* The line of @text that starts with @prefix (after leading spaces), or NULL. */
const char *find_line(const char *text, const char *prefix);

/* Count of lines in @text containing @needle. */
int count_lines(const char *text, const char *needle);

/* The running kernel's version as major * 1000 + minor (6.13: 6013). */
int kernel_version(void);

#endif
