// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * gethostlatency against lookups the test makes itself. No query leaves
 * the machine: names come from /etc/hosts ("localhost"), and failures are
 * made locally (AI_NUMERICHOST on a name, an unknown service, a malformed
 * dotted number).
 */
#include <criterion/criterion.h>
#include <netdb.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sys/wait.h>

#include "helpers/tool.h"

/* Seconds a tool may take to end after SIGINT. Where uprobes attach as
 * perf events (before 6.10), each detach waits for RCU grace periods under
 * a kernel-wide mutex, about 0.1 s a probe and more on a busy machine:
 * sslsnoop has up to 28 to detach. */
#define DETACH_TIMEOUT 45

static void lookups(void *arg)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
	struct hostent h, *hp;
	char buf[4096];
	int herr;

	if (getaddrinfo("localhost", NULL, &hints, &res) == 0)
		freeaddrinfo(res);
	hints.ai_flags = AI_NUMERICHOST;
	getaddrinfo("localhost", NULL, &hints, &res); /* EAI_NONAME */
	hints.ai_flags = 0;
	getaddrinfo("localhost", "coretrace-no-such-service", &hints, &res); /* EAI_SERVICE */
	gethostbyname("localhost");
	/* All digits and dots: refused as a malformed address, no query. */
	gethostbyname_r("1.2.3.4.5", &h, buf, sizeof(buf), &hp, &herr);
}

/* Run gethostlatency with @extra, the lookups in a child; returns stdout. */
static char *trace_lookups(const char *const extra[], pid_t *child, pid_t *other)
{
	struct workload w, w2;
	struct tool_run r;
	const char *argv[8];
	char pid[16], *out;
	int n = 0, i;

	workload_start(&w, lookups, NULL);
	workload_start(&w2, lookups, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	for (i = 0; extra[i]; i++)
		argv[n++] = strcmp(extra[i], "PID") == 0 ? pid : extra[i];
	argv[n] = NULL;
	tool_start(&r, "gethostlatency", argv);
	workload_go(&w);
	workload_go(&w2);
	cr_assert_eq(workload_wait(&w), 0);
	cr_assert_eq(workload_wait(&w2), 0);
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "stderr: %s", r.err);
	out = strdup(r.out);
	*child = w.pid;
	*other = w2.pid;
	tool_free(&r);
	return out;
}

TestSuite(gethostlatency, .init = require_bpf, .timeout = 120);

Test(gethostlatency, reports_each_lookup_once_with_its_result)
{
	const char *extra[] = { "-j", NULL };
	char filter[256], *out, *got;
	pid_t child, other;

	out = trace_lookups(extra, &child, &other);
	snprintf(filter, sizeof(filter),
		 "[., inputs | select(.type == \"event\" and .pid == %d) | [.func, .result, "
		 ".addrs, .host]]",
		 child);
	got = jq(out, filter);
	cr_assert_not_null(got, "bad JSON:\n%s", out);
	cr_expect_str_eq(got,
			 "[[\"getaddrinfo\",\"ok\",1,\"localhost\"],"
			 "[\"getaddrinfo\",\"EAI_NONAME\",0,\"localhost\"],"
			 "[\"getaddrinfo\",\"EAI_SERVICE\",0,\"localhost\"],"
			 "[\"gethostbyname\",\"ok\",1,\"localhost\"],"
			 "[\"gethostbyname_r\",\"HOST_NOT_FOUND\",0,\"1.2.3.4.5\"]]",
			 "%s", out);
	free(got);
	snprintf(filter, sizeof(filter),
		 "[., inputs | select(.pid == %d and .lat_ms >= 0 and .lat_ms < 5000 and "
		 ".comm != \"\")] | length",
		 child);
	got = jq(out, filter);
	cr_expect_str_eq(got ? got : "", "5", "%s", out);
	free(got);
	free(out);
}

Test(gethostlatency, pid_filter_sees_only_that_process)
{
	const char *extra[] = { "-p", "PID", "-j", NULL };
	char filter[160], *out, *got;
	pid_t child, other;

	out = trace_lookups(extra, &child, &other);
	snprintf(filter, sizeof(filter),
		 "[., inputs | select(.type == \"event\") | .pid] | unique");
	got = jq(out, filter);
	snprintf(filter, sizeof(filter), "[%d]", child);
	cr_expect_str_eq(got ? got : "", filter, "%s", out);
	free(got);
	free(out);
}

Test(gethostlatency, text_columns)
{
	const char *extra[] = { "-p", "PID", NULL };
	char prefix[32], *out;
	pid_t child, other;
	const char *line;
	char result[32], host[64];
	double ms;

	out = trace_lookups(extra, &child, &other);
	cr_assert(strstr(out, "LATms RESULT"), "no header:\n%s", out);
	cr_expect_eq(count_lines(out, "localhost"), 4, "%s", out);
	line = strchr(out, '\n') + 1;
	snprintf(prefix, sizeof(prefix), "%d ", child);
	cr_assert(strstr(line, prefix), "%s", out);
	cr_assert_eq(sscanf(line, "%*s %*d %*s %lf %31s %63s", &ms, result, host), 3, "%s", line);
	cr_expect_str_eq(result, "ok(1)", "%s", line);
	cr_expect_str_eq(host, "localhost", "%s", line);
	free(out);
}

/* Files for a private /etc/hosts: thirty.coretrace.test with 30 addresses
 * and hundred.coretrace.test with 101, and host.conf's "multi on" so that
 * gethostbyname() returns them all. */
static const char many_hosts[] = "/tmp/coretrace-test-many-hosts";
static const char many_conf[] = "/tmp/coretrace-test-many-host.conf";

static void write_many_hosts(void)
{
	FILE *f = fopen(many_hosts, "w");
	int i;

	cr_assert_not_null(f);
	for (i = 1; i <= 30; i++)
		fprintf(f, "127.0.1.%d thirty.coretrace.test\n", i);
	for (i = 1; i <= 101; i++)
		fprintf(f, "127.0.2.%d hundred.coretrace.test\n", i);
	cr_assert_eq(fclose(f), 0);
	f = fopen(many_conf, "w");
	cr_assert_not_null(f);
	fputs("multi on\n", f);
	cr_assert_eq(fclose(f), 0);
}

/* In its own mount namespace, with the files above over /etc's; no query
 * leaves the machine (nsswitch asks files first, and they have the names). */
static void many_address_lookups(void *arg)
{
	struct addrinfo *res;

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount(many_hosts, "/etc/hosts", NULL, MS_BIND, NULL) ||
	    mount(many_conf, "/etc/host.conf", NULL, MS_BIND, NULL))
		_exit(1);
	/* Unhinted: each address once per socket type, 90 and 303 entries. */
	if (getaddrinfo("thirty.coretrace.test", NULL, NULL, &res))
		_exit(2);
	freeaddrinfo(res);
	if (getaddrinfo("hundred.coretrace.test", NULL, NULL, &res))
		_exit(3);
	freeaddrinfo(res);
	if (!gethostbyname("hundred.coretrace.test"))
		_exit(4);
}

/* Every address counted, or the count marked as a lower bound. */
Test(gethostlatency, long_address_lists_are_counted_or_marked)
{
	const char *argv[] = { "-j", "-p", NULL, NULL };
	struct workload w;
	struct tool_run r;
	char pid[16], *got;

	write_many_hosts();
	workload_start(&w, many_address_lookups, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	argv[2] = pid;
	tool_start(&r, "gethostlatency", argv);
	workload_go(&w);
	cr_assert_eq(workload_wait(&w), 0);
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "stderr: %s", r.err);
	got = jq(r.out,
		 "[., inputs | select(.type == \"event\") | [.func, .addrs, .addrs_truncated]]");
	cr_expect_str_eq(got ? got : "",
			 "[[\"getaddrinfo\",30,false],[\"getaddrinfo\",43,true],"
			 "[\"gethostbyname\",101,false]]",
			 "%s", r.out);
	free(got);
	tool_free(&r);
	unlink(many_hosts);
	unlink(many_conf);
}

/* The path of the libc this test runs with, from its own maps. */
static void own_libc(char *path, size_t len)
{
	char line[4096];
	FILE *f = fopen("/proc/self/maps", "r");

	cr_assert_not_null(f);
	path[0] = '\0';
	while (!path[0] && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, '/');

		if (p && strstr(p, "/libc.so.6\n"))
			snprintf(path, len, "%.*s", (int)(strlen(p) - 1), p);
	}
	fclose(f);
	cr_assert(path[0], "no libc.so.6 in our maps");
}

static bool maps_have(pid_t pid, const char *needle)
{
	char maps[64], line[4096];
	bool found = false;
	FILE *f;

	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
	f = fopen(maps, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

/* A long-running process whose libc was replaced on disk after it
 * started (every daemon after a glibc upgrade): -p still finds and probes
 * the libc it has mapped, through /proc/PID/map_files, and -v says so. */
Test(gethostlatency, pid_whose_libc_was_replaced_on_disk)
{
	const char *argv[] = { "-j", "-v", "-p", NULL, NULL };
	char dir[] = "/tmp/coretrace-ghl-XXXXXX", libc[4096], copy[4200], cmd[8600], pid[16];
	struct tool_run r;
	int go[2], i;
	pid_t child;
	char *got;

	cr_assert_not_null(mkdtemp(dir));
	own_libc(libc, sizeof(libc));
	snprintf(copy, sizeof(copy), "%s/libc.so.6", dir);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", libc, copy);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	cr_assert_eq(pipe(go), 0);
	child = fork();
	cr_assert_geq(child, 0);
	if (child == 0) {
		dup2(go[0], 0);
		close(go[1]);
		setenv("LD_LIBRARY_PATH", dir, 1);
		execlp("perl", "perl", "-e", "<STDIN>; exit(gethostbyname('localhost') ? 0 : 1)",
		       (char *)NULL);
		_exit(127);
	}
	close(go[0]);
	for (i = 0; i < 500 && !maps_have(child, copy); i++)
		usleep(10000);
	cr_assert(maps_have(child, copy), "perl did not map %s", copy);
	cr_assert_eq(unlink(copy), 0);
	cr_assert(maps_have(child, " (deleted)"), "no deleted mapping");
	snprintf(pid, sizeof(pid), "%d", child);
	argv[3] = pid;
	tool_start(&r, "gethostlatency", argv);
	cr_assert_eq(write(go[1], "\n", 1), 1);
	close(go[1]);
	cr_assert_eq(waitpid(child, &i, 0), child);
	cr_expect(WIFEXITED(i) && WEXITSTATUS(i) == 0, "perl status %d", i);
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "stderr: %s", r.err);
	/* perl's gethostbyname() is libc's gethostbyname_r(). */
	got = jq(r.out, "[., inputs | select(.type == \"event\") | [.host, .result]]");
	cr_expect_str_eq(got ? got : "", "[[\"localhost\",\"ok\"]]", "%s\nstderr: %s", r.out,
			 r.err);
	free(got);
	cr_expect(strstr(r.err, "libc.so.6 (deleted)"), "-v does not name it:\n%s", r.err);
	tool_free(&r);
	rmdir(dir);
}

Test(gethostlatency, missing_library_is_an_error)
{
	const char *argv[] = { "-l", "/nonexistent/libfoo.so", NULL };
	struct tool_run r;

	cr_expect_eq(tool_run_once(&r, "gethostlatency", argv, DETACH_TIMEOUT), 1);
	cr_expect(strstr(r.err, "libfoo"), "%s", r.err);
	tool_free(&r);
}

Test(gethostlatency, library_without_lookups_is_an_error)
{
	const char *argv[] = { "-l", "/bin/true", NULL };
	struct tool_run r;

	cr_expect_eq(tool_run_once(&r, "gethostlatency", argv, DETACH_TIMEOUT), 1);
	cr_expect(strstr(r.err, "/bin/true has none of getaddrinfo"), "%s", r.err);
	tool_free(&r);
}

/* -vv adds libbpf's own log: the object has no CO-RE relocations (uprobe
 * arguments are read through the fixed user-space register layout), so
 * libbpf must not spend start-up parsing the kernel's BTF. From 6.13 on the
 * entry programs are uprobe sessions (a nested call then pays no return
 * trap), from 6.10 uprobe_multi links. */
Test(gethostlatency, verbose_names_what_it_attached)
{
	const char *argv[] = { "-vv", NULL };
	int kv = kernel_version();
	struct tool_run r;

	tool_start(&r, "gethostlatency", argv);
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "%s", r.err);
	cr_expect(strstr(r.err, "probing ") && strstr(r.err, "libc.so.6"), "%s", r.err);
	cr_expect(strstr(r.err, "attached getaddrinfo at "), "%s", r.err);
	cr_expect(strstr(r.err, "attached gethostbyname_r at "), "%s", r.err);
	cr_expect(strstr(r.err, "libbpf: "), "no libbpf log at -vv: %s", r.err);
	cr_expect(!strstr(r.err, "kernel BTF"), "loaded the kernel BTF:\n%s", r.err);
	cr_expect(strstr(r.err, kv >= 6013   ? "method: uprobe_multi sessions"
				: kv >= 6010 ? "method: uprobe_multi links"
					     : "method: perf events"),
		  "%s", r.err);
	tool_free(&r);
}
