// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* syscount against workloads whose syscalls the test counts itself. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "helpers/tool.h"

#define N_CALLS 1234
#define N_FAILS 321

static void getppid_loop(void *arg)
{
	int i;

	for (i = 0; i < N_CALLS; i++)
		syscall(SYS_getppid);
}

/* close(-1) fails with EBADF; opening a missing path fails with ENOENT. */
static void failing_calls(void *arg)
{
	int i;

	for (i = 0; i < N_CALLS; i++)
		syscall(SYS_getppid);
	for (i = 0; i < N_FAILS; i++)
		close(-1);
	for (i = 0; i < N_FAILS * 2; i++)
		open("/nonexistent/coretrace-syscount-test", O_RDONLY);
}

static void sleeper(void *arg)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };

	syscall(SYS_nanosleep, &ts, NULL);
}

/* Two threads on one CPU: the main one calls getppid() (never blocks) and
 * read() (blocks until the other thread writes, PONG_MS later), so -L's
 * per-CPU entry slot is taken over by the other thread while a read is
 * parked. Every call must still get its own time. */
#define N_PINGS 50
#define PONG_MS 20
static int pings[2];

static void *ponger(void *arg)
{
	struct timespec wait = { 0, PONG_MS * 1000 * 1000 };
	int i;

	for (i = 0; i < N_PINGS; i++)
		if (syscall(SYS_nanosleep, &wait, NULL) || write(pings[1], "x", 1) != 1)
			_exit(1);
	return NULL;
}

static void ping_pong(void *arg)
{
	pthread_t thread;
	cpu_set_t cpu;
	char c;
	int i;

	CPU_ZERO(&cpu);
	CPU_SET(0, &cpu);
	if (sched_setaffinity(0, sizeof(cpu), &cpu) || pipe(pings) ||
	    pthread_create(&thread, NULL, ponger, NULL))
		_exit(1);
	for (i = 0; i < N_PINGS; i++)
		if (syscall(SYS_getppid) < 0 || read(pings[0], &c, 1) != 1)
			_exit(1);
	pthread_join(thread, NULL);
}

/* Run syscount with @extra options on a workload child; returns stdout. */
static char *count_workload(void (*fn)(void *), const char *const extra[], pid_t *child)
{
	struct tool_run r;
	struct workload w;
	const char *argv[16] = { "-p" };
	char pid[16], *out;
	int n = 1, i;

	workload_start(&w, fn, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	argv[n++] = pid;
	for (i = 0; extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	tool_start(&r, "syscount", argv);
	workload_go(&w);
	cr_assert_eq(workload_wait(&w), 0);
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "stderr: %s", r.err);
	out = strdup(r.out);
	if (child)
		*child = w.pid;
	tool_free(&r);
	return out;
}

static unsigned long long row_count(const char *out, const char *syscall)
{
	char prefix[64];
	const char *line;

	snprintf(prefix, sizeof(prefix), "%s ", syscall);
	line = find_line(out, prefix);
	cr_assert_not_null(line, "no %s row in:\n%s", syscall, out);
	return strtoull(line + strlen(prefix), NULL, 10);
}

TestSuite(syscount, .init = require_bpf, .timeout = 60);

static unsigned long long pid_count(const char *out, pid_t pid);

Test(syscount, counts_exactly_the_calls_of_the_filtered_process)
{
	const char *extra[] = { NULL };
	char *out = count_workload(getppid_loop, extra, NULL);

	cr_assert(find_line(out, "SYSCALL"), "no header in:\n%s", out);
	cr_expect_eq(row_count(out, "getppid"), N_CALLS, "%s", out);
	free(out);
}

Test(syscount, failures_only_counts_exactly_the_failed_calls)
{
	const char *extra[] = { "-x", NULL };
	char *out = count_workload(failing_calls, extra, NULL);

	cr_expect_eq(row_count(out, "close"), N_FAILS, "%s", out);
	cr_expect_eq(row_count(out, "openat"), N_FAILS * 2, "%s", out);
	cr_expect_null(find_line(out, "getppid "), "successful calls counted:\n%s", out);
	free(out);
}

Test(syscount, errno_filter_counts_only_that_errno)
{
	const char *by_name[] = { "-e", "ENOENT", NULL };
	const char *by_number[] = { "-e", "9", NULL }; /* EBADF */
	char *out = count_workload(failing_calls, by_name, NULL);

	cr_expect_eq(row_count(out, "openat"), N_FAILS * 2, "%s", out);
	cr_expect_null(find_line(out, "close "), "EBADF counted under -e ENOENT:\n%s", out);
	free(out);
	out = count_workload(failing_calls, by_number, NULL);
	cr_expect_eq(row_count(out, "close"), N_FAILS, "%s", out);
	cr_expect_null(find_line(out, "openat "), "ENOENT counted under -e 9:\n%s", out);
	free(out);
}

Test(syscount, latency_covers_the_time_slept)
{
	const char *extra[] = { "-L", "-j", NULL };
	char *out = count_workload(sleeper, extra, NULL);
	char *ns = jq(out, "[.rows[] | select(.syscall == \"nanosleep\")][0].total_ns");

	cr_assert_not_null(ns, "no nanosleep row in:\n%s", out);
	cr_expect_geq(strtoull(ns, NULL, 10), 300ULL * 1000 * 1000, "total_ns %s", ns);
	cr_expect_lt(strtoull(ns, NULL, 10), 5ULL * 1000 * 1000 * 1000, "total_ns %s", ns);
	free(ns);
	free(out);
}

/* The number jq's @filter finds in @out; fails the test if none. */
static unsigned long long jq_number(const char *out, const char *filter)
{
	char *v = jq(out, filter);
	unsigned long long n;

	cr_assert_not_null(v, "nothing for %s in:\n%s", filter, out);
	n = strtoull(v, NULL, 10);
	free(v);
	return n;
}

static unsigned long long json_field(const char *out, const char *syscall, const char *field)
{
	char filter[128];

	snprintf(filter, sizeof(filter), "[.rows[] | select(.syscall == \"%s\")][0].%s", syscall,
		 field);
	return jq_number(out, filter);
}

Test(syscount, latency_keeps_blocked_and_running_calls_apart)
{
	const char *extra[] = { "-L", "-j", NULL };
	char *out = count_workload(ping_pong, extra, NULL);
	const unsigned long long pong_ns = PONG_MS * 1000ULL * 1000;

	cr_expect_eq(json_field(out, "getppid", "count"), N_PINGS, "%s", out);
	cr_expect_eq(json_field(out, "nanosleep", "count"), N_PINGS, "%s", out);
	cr_expect_eq(json_field(out, "write", "count"), N_PINGS, "%s", out);
	/* The child's read of the go pipe began before syscount attached. */
	cr_expect_eq(json_field(out, "read", "count"), N_PINGS, "%s", out);
	cr_expect_geq(json_field(out, "nanosleep", "total_ns"), N_PINGS * pong_ns, "%s", out);
	cr_expect_geq(json_field(out, "read", "total_ns"), N_PINGS * pong_ns / 2, "%s", out);
	/* One read's or sleep's time given to a getppid would be >= PONG_MS. */
	cr_expect_lt(json_field(out, "getppid", "total_ns"), pong_ns * 3 / 4, "%s", out);
	free(out);
}

Test(syscount, latency_text_has_time_column)
{
	const char *extra[] = { "-L", "-m", NULL };
	char *out = count_workload(sleeper, extra, NULL);
	const char *line = find_line(out, "nanosleep ");
	double ms;

	cr_assert(strstr(out, "TIME (ms)"), "%s", out);
	cr_assert_not_null(line, "%s", out);
	cr_assert_eq(sscanf(line, "nanosleep %*u %lf", &ms), 1, "%s", line);
	cr_expect_geq(ms, 300.0, "%s", line);
	free(out);
}

Test(syscount, per_process_attributes_to_the_right_pid)
{
	const char *extra[] = { "-P", "-j", NULL };
	char filter[128], *row;
	pid_t child;
	char *out = count_workload(getppid_loop, extra, &child);

	snprintf(filter, sizeof(filter), "[.rows[] | select(.pid == %d)][0].count", child);
	row = jq(out, filter);
	cr_assert_not_null(row, "no row for pid %d in:\n%s", child, out);
	/* getppid plus the few calls of starting and exiting. */
	cr_expect_geq(strtoull(row, NULL, 10), N_CALLS, "count %s", row);
	cr_expect_lt(strtoull(row, NULL, 10), N_CALLS + 100, "count %s", row);
	free(row);
	row = jq(out, "[.rows[] | .pid] | length");
	cr_expect_str_eq(row, "1", "-p with -P shows one process:\n%s", out);
	free(row);
	free(out);
}

/* A shell that execs dd: 20,000 one-byte copies, a read and a write each. */
static void shell_execs_dd(void *arg)
{
	execl("/bin/sh", "sh", "-c",
	      "exec dd if=/dev/zero of=/dev/null bs=1 count=20000 status=none", (char *)NULL);
	_exit(127);
}

/* The process is first seen under the test's name, then as sh: its row
 * must carry the name of the program that made the calls. */
Test(syscount, per_process_names_follow_exec)
{
	const char *extra[] = { "-P", "-j", NULL };
	char filter[128], *comm;
	pid_t child;
	char *out = count_workload(shell_execs_dd, extra, &child);

	snprintf(filter, sizeof(filter), "[.rows[] | select(.pid == %d)][0].comm", child);
	comm = jq(out, filter);
	cr_assert_not_null(comm, "no row for pid %d in:\n%s", child, out);
	cr_expect_str_eq(comm, "\"dd\"", "%s", out);
	cr_expect_geq(pid_count(out, child), 40000, "%s", out);
	free(comm);
	free(out);
}

/* Numbers no kernel has (100000, -5) and one newer than bookworm's
 * headers (452, fchmodat2, Linux 6.6), each failing. */
#define N_ODD 77
static void odd_syscalls(void *arg)
{
	int i;

	for (i = 0; i < N_ODD; i++) {
		syscall(100000);
		syscall(-5);
		syscall(452, -1, "", 0, 0);
	}
}

Test(syscount, counts_numbers_outside_the_table_and_names_new_ones)
{
	const char *extra[] = { "-j", "-T", "1000", NULL };
	char *out = count_workload(odd_syscalls, extra, NULL);
	char *v = jq(out, "[.rows[] | select(.syscall == \"[100000]\" or .syscall == \"[-5]\" or "
			  ".syscall == \"fchmodat2\") | [.syscall, .count, .errors]] | sort");

	cr_assert_not_null(v, "%s", out);
	cr_expect_str_eq(v, "[[\"[-5]\",77,77],[\"[100000]\",77,77],[\"fchmodat2\",77,77]]", "%s",
			 out);
	free(v);
	free(out);
}

Test(syscount, json_is_one_valid_record_per_interval)
{
	const char *extra[] = { "-j", NULL };
	char *out = count_workload(getppid_loop, extra, NULL);
	char *v = jq(
		out,
		"select(.type == \"syscalls\") | [.rows[] | select(.syscall == \"getppid\")][0] | [.count, .errors]");

	cr_assert_not_null(v, "invalid JSON or no getppid row:\n%s", out);
	cr_expect_str_eq(v, "[1234,0]");
	free(v);
	free(out);
}

Test(syscount, duration_ends_the_run_by_itself)
{
	const char *argv[] = { "-d", "1", "-j", NULL };
	struct tool_run r;
	char *v;

	tool_start(&r, "syscount", argv);
	cr_assert_eq(tool_finish(&r, 0, 10), 0, "stderr: %s", r.err);
	v = jq(r.out, ".type");
	cr_expect_str_eq(v, "\"syscalls\"", "%s", r.out);
	free(v);
	tool_free(&r);
}

Test(syscount, missing_pid_is_an_error)
{
	const char *argv[] = { "-p", "4194303", NULL };
	struct tool_run r;

	cr_expect_eq(tool_run_once(&r, "syscount", argv, 10), 1);
	cr_expect(strstr(r.err, "no process with pid 4194303"), "%s", r.err);
	tool_free(&r);
}

Test(syscount, top_limits_the_rows)
{
	const char *extra[] = { "-T", "1", NULL };
	char *out = count_workload(failing_calls, extra, NULL);

	/* Header, timestamp and exactly one row: the most frequent call. */
	cr_expect_eq(row_count(out, "getppid"), N_CALLS, "%s", out);
	cr_expect_null(find_line(out, "openat "), "%s", out);
	cr_expect_null(find_line(out, "close "), "%s", out);
	free(out);
}

static void thread_calls(void *arg)
{
	int i;

	/* The workload's main thread is the one -t names (tid == pid). */
	for (i = 0; i < N_CALLS; i++)
		syscall(SYS_getppid);
}

Test(syscount, tid_filter_counts_that_thread)
{
	struct workload w;
	struct tool_run r;
	const char *argv[] = { "-t", NULL, NULL };
	char tid[16];

	workload_start(&w, thread_calls, NULL);
	snprintf(tid, sizeof(tid), "%d", w.pid);
	argv[1] = tid;
	tool_start(&r, "syscount", argv);
	workload_go(&w);
	/* Our own calls must not be counted. */
	for (int i = 0; i < 100; i++)
		syscall(SYS_getppid);
	cr_assert_eq(workload_wait(&w), 0);
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "%s", r.err);
	cr_expect_eq(row_count(r.out, "getppid"), N_CALLS, "%s", r.out);
	tool_free(&r);
}

Test(syscount, interval_prints_each_interval_then_stops_after_duration)
{
	const char *argv[] = { "-i", "1", "-d", "3", "-j", NULL };
	struct tool_run r;
	char *v;

	tool_start(&r, "syscount", argv);
	cr_assert_eq(tool_finish(&r, 0, 15), 0, "%s", r.err);
	v = jq(r.out, "select(.type == \"syscalls\") | 1");
	cr_assert_not_null(v, "%s", r.out);
	cr_expect_eq(count_lines(r.out, "\"type\":\"syscalls\""), 3, "%s", r.out);
	free(v);
	tool_free(&r);
}

/* The cgroup v2 mount point, from /proc/self/mountinfo. */
static bool cgroup2_mount(char *path, size_t len)
{
	char line[1024], mnt[512], fstype[64];
	FILE *f = fopen("/proc/self/mountinfo", "r");
	bool found = false;

	cr_assert_not_null(f);
	while (!found && fgets(line, sizeof(line), f)) {
		const char *sep = strstr(line, " - ");

		if (sep && sscanf(line, "%*s %*s %*s %*s %511s", mnt) == 1 &&
		    sscanf(sep, " - %63s", fstype) == 1 && strcmp(fstype, "cgroup2") == 0) {
			snprintf(path, len, "%s", mnt);
			found = true;
		}
	}
	fclose(f);
	return found;
}

static char cg_procs[600];

static void join_cgroup_then_call(void *arg)
{
	FILE *f = fopen(cg_procs, "w");
	int i;

	if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f) != 0)
		_exit(3);
	for (i = 0; i < N_CALLS; i++)
		syscall(SYS_getppid);
}

Test(syscount, cgroup_filter_counts_only_tasks_inside)
{
	char root[512], cg[560];
	const char *argv[] = { "-c", cg, NULL };
	struct workload w;
	struct tool_run r;

	cr_assert(cgroup2_mount(root, sizeof(root)), "no cgroup2 mount");
	snprintf(cg, sizeof(cg), "%s/coretrace-test-%d", root, getpid());
	snprintf(cg_procs, sizeof(cg_procs), "%s/cgroup.procs", cg);
	cr_assert(mkdir(cg, 0755) == 0, "mkdir %s: %s", cg, strerror(errno));
	workload_start(&w, join_cgroup_then_call, NULL);
	tool_start(&r, "syscount", argv);
	workload_go(&w);
	for (int i = 0; i < 100; i++) /* outside the cgroup: not counted */
		syscall(SYS_getppid);
	cr_assert_eq(workload_wait(&w), 0);
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "%s", r.err);
	rmdir(cg);
	cr_expect_eq(row_count(r.out, "getppid"), N_CALLS, "%s", r.out);
	tool_free(&r);
}

Test(syscount, raw_tracepoints_with_btf_from_a_file_count_exactly)
{
	/* --btf switches to raw_tp programs (for kernels without their own
	 * BTF); the kernel's BTF file serves as the "external" one here. */
	const char *extra[] = { "--btf", "/sys/kernel/btf/vmlinux", NULL };
	const char *latency[] = { "--btf", "/sys/kernel/btf/vmlinux", "-L", "-x", NULL };
	char *out = count_workload(getppid_loop, extra, NULL);

	cr_expect_eq(row_count(out, "getppid"), N_CALLS, "%s", out);
	free(out);
	out = count_workload(failing_calls, latency, NULL);
	cr_expect_eq(row_count(out, "close"), N_FAILS, "%s", out);
	free(out);
}

Test(syscount, garbage_btf_is_a_clear_error)
{
	const char *argv[] = { "--btf", "/etc/hostname", NULL };
	struct tool_run r;

	cr_expect_eq(tool_run_once(&r, "syscount", argv, 10), 1);
	cr_expect(strstr(r.err, "cannot use BTF from /etc/hostname"), "%s", r.err);
	tool_free(&r);
}

/* A child pinned to CPU 0 that makes N_CALLS getppid() once a byte arrives
 * on @go, then reports on @done and exits. */
static pid_t pinned_child(int go, int done)
{
	pid_t pid = fork();
	cpu_set_t cpu;
	char c;
	int i;

	cr_assert_geq(pid, 0);
	if (pid)
		return pid;
	CPU_ZERO(&cpu);
	CPU_SET(0, &cpu);
	if (sched_setaffinity(0, sizeof(cpu), &cpu) || read(go, &c, 1) != 1)
		_exit(1);
	for (i = 0; i < N_CALLS; i++)
		syscall(SYS_getppid);
	_exit(write(done, "", 1) == 1 ? 0 : 1);
}

static unsigned long long pid_count(const char *out, pid_t pid)
{
	char filter[128];

	snprintf(filter, sizeof(filter), "[.rows[] | select(.pid == %d) | .count] | add", pid);
	return jq_number(out, filter);
}

/* -P keeps a process in a per-CPU slot picked by pid % 1024; a second
 * process with the same slot on the same CPU is counted in the hash. Both
 * must come out exact, neither with the other's calls. */
Test(syscount, per_process_slot_collision_counts_both_exactly)
{
	const char *argv[] = { "-P", "-j", "-T", "100000", NULL };
	int go_a[2], go_b[2], done[2], status, tries;
	struct tool_run r;
	pid_t a, b = -1;
	char c;

	cr_assert_eq(pipe(go_a) | pipe(go_b) | pipe(done), 0);
	a = pinned_child(go_a[0], done[1]);
	/* Fork until a child lands in a's slot. The candidate itself is kept,
	 * not the next fork: other processes on the machine take pids too. */
	for (tries = 0; tries < 5000; tries++) {
		b = pinned_child(go_b[0], done[1]);
		if (b % 1024 == a % 1024)
			break;
		kill(b, SIGKILL);
		waitpid(b, NULL, 0);
	}
	cr_assert_eq(b % 1024, a % 1024, "no pid in slot %d after %d forks (got %d)", a % 1024,
		     tries, b);
	tool_start(&r, "syscount", argv);
	cr_assert_eq(write(go_a[1], "", 1), 1);
	cr_assert_eq(read(done[0], &c, 1), 1);
	cr_assert_eq(write(go_b[1], "", 1), 1);
	cr_assert_eq(read(done[0], &c, 1), 1);
	cr_assert_eq(waitpid(a, &status, 0), a);
	cr_assert_eq(waitpid(b, &status, 0), b);
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "stderr: %s", r.err);
	/* getppid plus the write and exit. */
	cr_expect_geq(pid_count(r.out, a), N_CALLS, "%s", r.out);
	cr_expect_lt(pid_count(r.out, a), N_CALLS + 10, "%s", r.out);
	cr_expect_geq(pid_count(r.out, b), N_CALLS, "%s", r.out);
	cr_expect_lt(pid_count(r.out, b), N_CALLS + 10, "%s", r.out);
	tool_free(&r);
}
