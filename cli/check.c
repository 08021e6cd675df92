// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * coretrace check: before an incident, whether each tool can run on this
 * host and how. The host's facts (kernel, BTF, tracefs, cgroup v2,
 * capabilities), then every tool run by its own code up to attached
 * (--preflight: open, configure, load, attach, report, exit), so the
 * method shown is the one the tool would choose, not a second guess.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#include "cgroup2.h"
#include "escape.h"
#include "json.h"
#include "tracer.h"

#define KERNEL_BTF "/sys/kernel/btf/vmlinux"
/* Uprobe tools attach to every library they find; detaching perf-event
 * uprobes at exit waits for RCU grace periods. */
#define TOOL_TIMEOUT_S 120

struct tool_result {
	const char *name;
	bool ok;
	char method[512];
	char reason[512];
	char libraries[4096]; /* "N functions in PATH", one a line */
};

/* What a run of a tool printed: stdout's KEY TAB VALUE lines, stderr's
 * last line, and its exit status. */
struct capture {
	char out[16384], err[4096];
	size_t out_len, err_len;
	int status;
};

static void append(char *buf, size_t cap, size_t *len, const char *data, size_t n)
{
	if (*len + n >= cap)
		n = cap - 1 - *len;
	memcpy(buf + *len, data, n);
	*len += n;
	buf[*len] = '\0';
}

/* Run @tool's main in a child, its output into @c; -1 on a timeout. */
static int run_tool(const struct cli_tool *tool, const char *btf, struct capture *c)
{
	char *argv[] = { (char *)tool->name, "--preflight", btf ? "--btf" : NULL, (char *)btf,
			 NULL };
	int out[2], err[2], open_fds = 2;
	struct timespec start, now;
	pid_t pid;

	memset(c, 0, sizeof(*c));
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		_exit(tool->main(btf ? 4 : 2, argv));
	}
	close(out[1]);
	close(err[1]);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (open_fds > 0) {
		struct pollfd p[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
		char buf[4096];
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec > TOOL_TIMEOUT_S) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(p, 2, 1000) <= 0)
			continue;
		for (int i = 0; i < 2; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP)) || p[i].fd < 0)
				continue;
			n = read(p[i].fd, buf, sizeof(buf));
			if (n <= 0) {
				close(i ? err[0] : out[0]);
				if (i)
					err[0] = -1;
				else
					out[0] = -1;
				open_fds--;
			} else if (i) {
				append(c->err, sizeof(c->err), &c->err_len, buf, (size_t)n);
			} else {
				append(c->out, sizeof(c->out), &c->out_len, buf, (size_t)n);
			}
		}
	}
	if (out[0] >= 0)
		close(out[0]);
	if (err[0] >= 0)
		close(err[0]);
	waitpid(pid, &c->status, 0);
	return open_fds > 0 ? -1 : 0;
}

/* The last non-empty line of @text into @buf. */
static void last_line(const char *text, char *buf, size_t len)
{
	const char *end = text + strlen(text), *start;

	while (end > text && end[-1] == '\n')
		end--;
	start = end;
	while (start > text && start[-1] != '\n')
		start--;
	snprintf(buf, len, "%.*s", (int)(end - start), start);
}

static void check_tool(const struct cli_tool *tool, const char *btf, struct tool_result *r)
{
	struct capture c;
	char *line, *save = NULL;
	size_t lib_len = 0;

	memset(r, 0, sizeof(*r));
	r->name = tool->name;
	if (run_tool(tool, btf, &c) < 0) {
		snprintf(r->reason, sizeof(r->reason), "did not finish within %d s",
			 TOOL_TIMEOUT_S);
		return;
	}
	for (line = strtok_r(c.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');

		if (!tab)
			continue;
		*tab = '\0';
		if (strcmp(line, "method") == 0)
			snprintf(r->method, sizeof(r->method), "%s", tab + 1);
		else if (strcmp(line, "library") == 0)
			lib_len += (size_t)snprintf(
				r->libraries + lib_len,
				lib_len < sizeof(r->libraries) ? sizeof(r->libraries) - lib_len : 0,
				"%s\n", tab + 1);
		else if (strcmp(line, "ready") == 0)
			r->ok = WIFEXITED(c.status) && WEXITSTATUS(c.status) == 0;
	}
	if (!r->ok) {
		size_t n = strlen(tool->name);

		last_line(c.err[0] ? c.err : "it stopped without a reason", r->reason,
			  sizeof(r->reason));
		/* "biolatency: missing CAP_BPF...": the table names the tool. */
		if (strncmp(r->reason, tool->name, n) == 0 && strncmp(r->reason + n, ": ", 2) == 0)
			memmove(r->reason, r->reason + n + 2, strlen(r->reason + n + 2) + 1);
	}
}

/* A "library" report, "N functions in PATH", as its two parts. */
static const char *library_path(const char *line, size_t len, long *functions)
{
	static const char sep[] = " functions in ";
	char *end;

	*functions = strtol(line, &end, 10);
	if ((size_t)(end - line) + sizeof(sep) - 1 > len || strncmp(end, sep, sizeof(sep) - 1))
		return NULL;
	return end + sizeof(sep) - 1;
}

struct host {
	struct utsname uts;
	char btf[256];
	char tracefs[256];
	char cgroup2[256];
	char caps[128];
};

static void find_mount(const char *mountinfo, const char *type, char *buf, size_t len)
{
	char pattern[64], *p;

	snprintf(pattern, sizeof(pattern), " - %s ", type);
	buf[0] = '\0';
	for (p = strstr(mountinfo, pattern); p; p = strstr(p + 1, pattern)) {
		const char *line = p;
		int field = 0;

		while (line > mountinfo && line[-1] != '\n')
			line--;
		/* id parent maj:min root MOUNTPOINT ... */
		for (; *line && field < 4; line++)
			if (*line == ' ')
				field++;
		snprintf(buf, len, "%.*s", (int)strcspn(line, " "), line);
		return;
	}
}

static void host_facts(struct host *h, const char *btf)
{
	static const struct {
		int cap;
		const char *name;
	} caps[] = { { 39, "CAP_BPF" },
		     { 38, "CAP_PERFMON" },
		     { CAP_SYS_ADMIN, "CAP_SYS_ADMIN" },
		     { CAP_NET_ADMIN, "CAP_NET_ADMIN" } };
	char mountinfo[65536] = "";
	size_t i, used = 0;
	FILE *f;

	memset(h, 0, sizeof(*h));
	uname(&h->uts);
	if (btf)
		snprintf(h->btf, sizeof(h->btf), "%s (--btf)", btf);
	else if (access(KERNEL_BTF, R_OK) == 0)
		snprintf(h->btf, sizeof(h->btf), KERNEL_BTF);
	else
		snprintf(h->btf, sizeof(h->btf),
			 "none: the kernel needs CONFIG_DEBUG_INFO_BTF=y, "
			 "or pass --btf FILE");
	f = fopen("/proc/self/mountinfo", "re");
	if (f) {
		size_t n = fread(mountinfo, 1, sizeof(mountinfo) - 1, f);

		mountinfo[n] = '\0';
		fclose(f);
	}
	find_mount(mountinfo, "tracefs", h->tracefs, sizeof(h->tracefs));
	if (!h->tracefs[0])
		find_mount(mountinfo, "debugfs", h->tracefs, sizeof(h->tracefs));
	if (!h->tracefs[0])
		snprintf(h->tracefs, sizeof(h->tracefs), "not mounted (no tool needs it)");
	if (cgroup2_find_mount(mountinfo, h->cgroup2, sizeof(h->cgroup2)) < 0)
		snprintf(h->cgroup2, sizeof(h->cgroup2),
			 "not mounted (udplife mounts one while it starts)");
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (tracer_has_cap(caps[i].cap))
			used += (size_t)snprintf(h->caps + used, sizeof(h->caps) - used, "%s%s",
						 used ? " " : "", caps[i].name);
	if (!used)
		snprintf(h->caps, sizeof(h->caps), "none");
}

static void print_text(const struct host *h, const struct tool_result *r, size_t n)
{
	size_t i;

	printf("coretrace %s on Linux %s (%s)\n", CORETRACE_VERSION, h->uts.release,
	       h->uts.machine);
	printf("  kernel BTF     %s\n  tracefs        %s\n  cgroup v2      %s\n"
	       "  capabilities   %s\n\n",
	       h->btf, h->tracefs, h->cgroup2, h->caps);
	printf("%-15s %-6s %s\n", "TOOL", "RESULT", "HOW, OR WHY NOT");
	for (i = 0; i < n; i++) {
		const char *lib = r[i].libraries;

		printf("%-15s %-6s %s\n", r[i].name, r[i].ok ? "ok" : "no",
		       r[i].ok ? r[i].method : r[i].reason);
		while (r[i].ok && *lib) {
			size_t len = strcspn(lib, "\n");

			printf("%-22s %.*s\n", "", (int)len, lib);
			lib += len + (lib[len] == '\n');
		}
	}
}

static void print_json(const struct host *h, const struct tool_result *r, size_t n, bool all_ok)
{
	size_t i;

	printf("{\"type\":\"check\",\"version\":");
	json_write_string(stdout, CORETRACE_VERSION, (size_t)-1);
	printf(",\"kernel\":");
	json_write_string(stdout, h->uts.release, (size_t)-1);
	printf(",\"arch\":");
	json_write_string(stdout, h->uts.machine, (size_t)-1);
	printf(",\"btf\":");
	json_write_string(stdout, h->btf, (size_t)-1);
	printf(",\"tracefs\":");
	json_write_string(stdout, h->tracefs, (size_t)-1);
	printf(",\"cgroup2\":");
	json_write_string(stdout, h->cgroup2, (size_t)-1);
	printf(",\"capabilities\":");
	json_write_string(stdout, h->caps, (size_t)-1);
	printf(",\"ok\":%s,\"tools\":[", all_ok ? "true" : "false");
	for (i = 0; i < n; i++) {
		const char *lib = r[i].libraries;
		bool first = true;

		printf("%s{\"tool\":\"%s\",\"ok\":%s,", i ? "," : "", r[i].name,
		       r[i].ok ? "true" : "false");
		printf(r[i].ok ? "\"method\":" : "\"reason\":");
		json_write_string(stdout, r[i].ok ? r[i].method : r[i].reason, (size_t)-1);
		printf(",\"libraries\":[");
		while (*lib) {
			size_t len = strcspn(lib, "\n");
			long functions;
			const char *path = library_path(lib, len, &functions);

			if (path) {
				printf("%s{\"path\":", first ? "" : ",");
				json_write_string(stdout, path, len - (size_t)(path - lib));
				printf(",\"functions\":%ld}", functions);
				first = false;
			}
			lib += len + (lib[len] == '\n');
		}
		printf("]}");
	}
	printf("]}\n");
}

int cli_check_main(int argc, char **argv)
{
	struct tool_result *results = calloc(cli_ntools, sizeof(*results));
	const char *btf = NULL;
	bool json = false, all_ok = true;
	struct host h;
	size_t i;
	int a;

	if (!results)
		return 1;
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-j") == 0 || strcmp(argv[a], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[a], "--btf") == 0 && a + 1 < argc && argv[a + 1][0]) {
			btf = argv[++a];
		} else if (strcmp(argv[a], "-h") == 0 || strcmp(argv[a], "--help") == 0) {
			puts("Usage: coretrace check [-j] [--btf FILE]\n"
			     "Whether each tool can run on this host, and how; exit 0 when all can.");
			free(results);
			return 0;
		} else {
			fprintf(stderr, "coretrace check: unexpected argument '%s'\n", argv[a]);
			free(results);
			return 2;
		}
	}
	host_facts(&h, btf);
	fflush(stdout); /* a child's exit must not write our buffer again */
	for (i = 0; i < cli_ntools; i++) {
		check_tool(&cli_tools[i], btf, &results[i]);
		all_ok = all_ok && results[i].ok;
	}
	if (json)
		print_json(&h, results, cli_ntools, all_ok);
	else
		print_text(&h, results, cli_ntools);
	free(results);
	return all_ok ? 0 : 1;
}
