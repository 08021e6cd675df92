// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Every tool, however it ends (SIGINT, SIGTERM, SIGKILL, a closed output
 * pipe), leaves no BPF program, link or map of its own in the kernel; and
 * without privilege it says which capabilities it needs.
 *
 * The tools are found in $CORETRACE_BIN, so a new tool is covered without
 * editing this file; the table below only says how to make one print
 * output (for the closed-pipe case).
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers/tool.h"

/* Arguments that make a tool print soon: an interval for the summary
 * tools; the streaming tools print the events poke() causes. */
static const struct {
	const char *tool;
	const char *args[4];
} print_args[] = {
	{ "biolatency", { "1" } }, /* text: a blank line per interval, I/O or not */
	{ "syscount", { "-i", "1" } },
};

/* A little of everything the tools trace: an open, a child's exit
 * (SIGCHLD), a UDP socket's life, a name lookup from /etc/hosts. */
static void poke(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct addrinfo *ai = NULL;
	pid_t child;
	int fd;

	fd = open("/etc/hostname", O_RDONLY);
	if (fd >= 0)
		close(fd);
	child = fork();
	if (child == 0)
		_exit(0);
	if (child > 0)
		waitpid(child, NULL, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd >= 0) {
		sendto(fd, "x", 1, 0, (struct sockaddr *)&a, sizeof(a));
		close(fd);
	}
	if (getaddrinfo("localhost", NULL, NULL, &ai) == 0)
		freeaddrinfo(ai);
}

/* TLS for sslsnoop: our tls_ex test program over a socketpair, with a
 * throwaway certificate made once. */
static void tls_poke(void)
{
	static char dir[] = "/tmp/coretrace-lc-tls-XXXXXX";
	static bool made;
	char cmd[8192];

	if (!made) {
		cr_assert_not_null(mkdtemp(dir));
		snprintf(
			cmd, sizeof(cmd),
			"openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
			"-keyout %s/key.pem -out %s/cert.pem -subj /CN=localhost -days 1 "
			">/dev/null 2>&1",
			dir, dir);
		cr_assert_eq(system(cmd), 0, "openssl req failed");
		made = true;
	}
	snprintf(cmd, sizeof(cmd), "%s/../tests/progs/tls_ex %s/cert.pem %s/key.pem ping pong",
		 getenv("CORETRACE_BIN"), dir, dir);
	cr_expect_eq(system(cmd), 0, "%s", cmd);
}

static const char *const *args_for(const char *tool)
{
	static const char *const none[] = { NULL };

	for (size_t i = 0; i < sizeof(print_args) / sizeof(print_args[0]); i++)
		if (strcmp(print_args[i].tool, tool) == 0)
			return print_args[i].args;
	return none;
}

#define MAX_IDS 4096

struct id_set {
	__u32 ids[3][MAX_IDS]; /* programs, maps, links */
	int n[3];
};

static void snapshot(struct id_set *s)
{
	int (*next[3])(__u32, __u32 *) = { bpf_prog_get_next_id, bpf_map_get_next_id,
					   bpf_link_get_next_id };
	int kind;

	for (kind = 0; kind < 3; kind++) {
		__u32 id = 0;

		s->n[kind] = 0;
		while (next[kind](id, &id) == 0 && s->n[kind] < MAX_IDS)
			s->ids[kind][s->n[kind]++] = id;
	}
}

static bool contains(const struct id_set *s, int kind, __u32 id)
{
	for (int i = 0; i < s->n[kind]; i++)
		if (s->ids[kind][i] == id)
			return true;
	return false;
}

/* Whether a live process holds an fd of object @id (fdinfo says
 * "prog_id:", "map_id:" or "link_id:"). Such an object belongs to that
 * process (another test, a benchmark), not to the tool that exited. */
static bool held_by_a_process(int kind, __u32 id)
{
	static const char *const keys[] = { "prog_id:", "map_id:", "link_id:" };
	struct dirent *p, *fd;
	bool held = false;
	DIR *procs = opendir("/proc");

	while (procs && !held && (p = readdir(procs))) {
		char path[300], line[128];
		DIR *fds;

		if (p->d_name[0] < '0' || p->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fdinfo", p->d_name);
		fds = opendir(path);
		while (fds && !held && (fd = readdir(fds))) {
			char file[600];
			FILE *f;

			snprintf(file, sizeof(file), "%s/%s", path, fd->d_name);
			f = fopen(file, "r");
			while (f && !held && fgets(line, sizeof(line), f))
				if (strncmp(line, keys[kind], strlen(keys[kind])) == 0 &&
				    strtoul(line + strlen(keys[kind]), NULL, 10) == id)
					held = true;
			if (f)
				fclose(f);
		}
		if (fds)
			closedir(fds);
	}
	if (procs)
		closedir(procs);
	return held;
}

/* Objects in @after that were not in @before and that no process holds. */
static int leftovers(const struct id_set *before, const struct id_set *after, char *what,
		     size_t len)
{
	static const char *const names[] = { "prog", "map", "link" };
	int kind, n = 0;

	what[0] = '\0';
	for (kind = 0; kind < 3; kind++) {
		for (int i = 0; i < after->n[kind]; i++) {
			if (contains(before, kind, after->ids[kind][i]) ||
			    held_by_a_process(kind, after->ids[kind][i]))
				continue;
			n++;
			snprintf(what + strlen(what), len - strlen(what), " %s %u", names[kind],
				 after->ids[kind][i]);
		}
	}
	return n;
}

/* Objects are freed when the last reference goes, partly after an RCU
 * grace period: give the kernel a moment before calling it a leak. */
static void expect_nothing_left(const struct id_set *before, const char *tool, const char *how)
{
	static struct id_set after;
	char what[512];
	int n = 0;

	/* Uprobes go one RCU grace period at a time: seconds for sslsnoop. */
	for (int tries = 0; tries < 300; tries++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		snapshot(&after);
		n = leftovers(before, &after, what, sizeof(what));
		if (!n)
			return;
		nanosleep(&ts, NULL);
	}
	cr_expect_eq(n, 0, "%s left behind after %s:%s", tool, how, what);
}

static int list_tools(char names[][256], int max)
{
	const char *bindir = getenv("CORETRACE_BIN");
	struct dirent *d;
	int n = 0;
	DIR *dir;

	cr_assert_not_null(bindir);
	dir = opendir(bindir);
	cr_assert_not_null(dir, "%s: %s", bindir, strerror(errno));
	/* Each tool is a link to coretrace, the program, which is no tool. */
	while ((d = readdir(dir)) && n < max)
		if (d->d_name[0] != '.' && strcmp(d->d_name, "coretrace") != 0)
			snprintf(names[n++], 256, "%s", d->d_name);
	closedir(dir);
	cr_assert_gt(n, 0, "no tools in %s", bindir);
	return n;
}

static void end_every_tool_with(int sig, const char *how)
{
	static struct id_set before;
	char tools[32][256];
	int n = list_tools(tools, 32);

	for (int i = 0; i < n; i++) {
		const char *argv[] = { NULL };
		struct tool_run r;

		snapshot(&before);
		tool_start(&r, tools[i], argv);
		if (sig == SIGKILL) {
			tool_finish(&r, SIGKILL, 10);
			cr_expect_eq(r.status, -1, "%s survived SIGKILL", tools[i]);
		} else {
			cr_expect_eq(tool_finish(&r, sig, 10), 0, "%s after %s: %s", tools[i], how,
				     r.err);
		}
		expect_nothing_left(&before, tools[i], how);
		tool_free(&r);
	}
}

TestSuite(lifecycle, .init = require_bpf, .timeout = 180);

Test(lifecycle, sigint_detaches_everything)
{
	end_every_tool_with(SIGINT, "SIGINT");
}

Test(lifecycle, sigterm_detaches_everything)
{
	end_every_tool_with(SIGTERM, "SIGTERM");
}

Test(lifecycle, sigkill_leaves_nothing_behind)
{
	end_every_tool_with(SIGKILL, "SIGKILL");
}

Test(lifecycle, closed_pipe_ends_quietly_and_detaches)
{
	static struct id_set before;
	char tools[32][256];
	int n = list_tools(tools, 32);

	for (int i = 0; i < n; i++) {
		struct tool_run r;
		int tries;

		snapshot(&before);
		tool_start(&r, tools[i], args_for(tools[i]));
		/* Like `| head -0`: the reader goes away before any output. */
		close(r.out_fd);
		r.out_fd = -1;
		for (tries = 0; tries < 100; tries++) {
			struct timespec ts = { 0, 100 * 1000 * 1000 };
			siginfo_t info = { 0 };

			/* Still running? (WNOWAIT: tool_finish reaps it.) */
			if (waitid(P_PID, (id_t)r.pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
			    info.si_pid == r.pid)
				break;
			poke();
			if (strcmp(tools[i], "sslsnoop") == 0)
				tls_poke();
			nanosleep(&ts, NULL);
		}
		cr_expect_eq(tool_finish(&r, 0, 10), 0, "%s on a closed pipe: %s", tools[i], r.err);
		cr_expect_null(strstr(r.err, "rror"), "%s complained: %s", tools[i], r.err);
		expect_nothing_left(&before, tools[i], "a closed pipe");
		tool_free(&r);
	}
}

Test(lifecycle, without_privilege_every_tool_names_the_capabilities)
{
	char tools[32][256], path[8500], cmd[9000];
	int n = list_tools(tools, 32);

	for (int i = 0; i < n; i++) {
		FILE *p;
		char out[1024] = "";
		size_t len;
		int status;

		/* Root without any capability: what a container or a locked-down
		 * sudo gives. */
		snprintf(path, sizeof(path), "%s/%s", getenv("CORETRACE_BIN"), tools[i]);
		snprintf(cmd, sizeof(cmd), "setpriv --bounding-set=-all --inh-caps=-all %s 2>&1",
			 path);
		p = popen(cmd, "r");
		cr_assert_not_null(p);
		len = fread(out, 1, sizeof(out) - 1, p);
		out[len] = '\0';
		status = pclose(p);
		cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1, "%s: status %d", tools[i],
			  status);
		cr_expect(strstr(out, "CAP_BPF") && strstr(out, "CAP_PERFMON"),
			  "%s does not name the capabilities: %s", tools[i], out);
		cr_expect_eq(count_lines(out, ""), 1, "%s: not one line: %s", tools[i], out);
	}
}
