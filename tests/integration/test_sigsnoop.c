// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* sigsnoop against signals the test sends, and ones the kernel sends. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers/tool.h"

/* A child with one signal handled, one ignored and two blocked, named so
 * TCOMM is checkable. It exits when the test closes done_fd. */
struct target {
	pid_t pid;
	int done_fd;
};

static void on_usr1(int sig)
{
}

/* @no_queue: RLIMIT_SIGPENDING 0, so no siginfo can be queued for it. */
static void target_start_limited(struct target *t, bool no_queue)
{
	int ready[2], done[2];
	char c;

	cr_assert(pipe2(ready, O_CLOEXEC) == 0 && pipe2(done, O_CLOEXEC) == 0);
	t->pid = fork();
	cr_assert(t->pid >= 0);
	if (t->pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
		sigset_t blocked;

		prctl(PR_SET_NAME, "ctsig-target");
		sigaction(SIGUSR1, &sa, NULL);
		signal(SIGUSR2, SIG_IGN);
		sigemptyset(&blocked);
		sigaddset(&blocked, SIGHUP);
		sigaddset(&blocked, SIGRTMIN + 3);
		sigprocmask(SIG_BLOCK, &blocked, NULL);
		if (no_queue) {
			struct rlimit none = { 0, 0 };

			setrlimit(RLIMIT_SIGPENDING, &none);
		}
		close(ready[0]);
		close(done[1]);
		if (write(ready[1], "r", 1) != 1)
			_exit(100);
		while (read(done[0], &c, 1) < 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(done[0]);
	cr_assert(read(ready[0], &c, 1) == 1);
	close(ready[0]);
	t->done_fd = done[1];
}

static void target_start(struct target *t)
{
	target_start_limited(t, false);
}

static int target_finish(struct target *t)
{
	int status;

	close(t->done_fd);
	cr_assert(waitpid(t->pid, &status, 0) == t->pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* EXPR over the array of event records matching SEL. */
static char *events_jq(const char *out, const char *sel, const char *expr)
{
	char filter[1024];

	snprintf(filter, sizeof(filter),
		 "[., inputs] | map(select(.type == \"event\" and (%s))) | %s", sel, expr);
	return jq(out, filter);
}

static void start(struct tool_run *r, const char *const argv[])
{
	tool_start(r, "sigsnoop", argv);
}

static char *finish(struct tool_run *r)
{
	char *out;

	cr_assert_eq(tool_finish(r, SIGINT, 30), 0, "stderr: %s", r->err);
	out = strdup(r->out);
	tool_free(r);
	return out;
}

static void send_the_four(pid_t pid)
{
	kill(pid, SIGUSR1); /* handled */
	kill(pid, SIGUSR2); /* ignored */
	kill(pid, SIGHUP);  /* blocked: queued */
	kill(pid, SIGHUP);  /* blocked and already pending */
}

TestSuite(sigsnoop, .init = require_bpf, .timeout = 60);

Test(sigsnoop, result_of_handled_ignored_and_pending_signals)
{
	char pid[16], expect[512], *out, *v;
	struct tool_run r;
	struct target t;
	pid_t me = getpid();

	target_start(&t);
	snprintf(pid, sizeof(pid), "%d", t.pid);
	{
		const char *argv[] = { "--target", pid, "-j", NULL };

		start(&r, argv);
	}
	send_the_four(t.pid);
	cr_assert_eq(target_finish(&t), 0);
	out = finish(&r);
	v = events_jq(out, "true", "map([.pid, .sig, .tpid, .tcomm, .result])");
	snprintf(
		expect, sizeof(expect),
		"[[%d,10,%d,\"ctsig-target\",\"delivered\"],[%d,12,%d,\"ctsig-target\",\"ignored\"],"
		"[%d,1,%d,\"ctsig-target\",\"delivered\"],[%d,1,%d,\"ctsig-target\",\"pending\"]]",
		me, t.pid, me, t.pid, me, t.pid, me, t.pid);
	cr_expect_str_eq(v ? v : "(none)", expect, "%s", out);
	free(v);
	free(out);
}

/* --btf switches to raw_tp programs (for kernels without their own BTF);
 * the kernel's own file tests that path here. */
Test(sigsnoop, raw_tracepoints_with_btf_from_a_file)
{
	char pid[16], expect[512], *out, *v;
	struct tool_run r;
	struct target t;
	pid_t me = getpid();

	target_start(&t);
	snprintf(pid, sizeof(pid), "%d", t.pid);
	{
		const char *argv[] = { "--target", pid,	    "-j",
				       "-v",	   "--btf", "/sys/kernel/btf/vmlinux",
				       NULL };

		start(&r, argv);
	}
	cr_expect(strstr(r.err, "method: raw_tp on"), "%s", r.err);
	send_the_four(t.pid);
	cr_assert_eq(target_finish(&t), 0);
	out = finish(&r);
	v = events_jq(out, "true", "map([.pid, .sig, .tpid, .result])");
	snprintf(expect, sizeof(expect),
		 "[[%d,10,%d,\"delivered\"],[%d,12,%d,\"ignored\"],[%d,1,%d,\"delivered\"],"
		 "[%d,1,%d,\"pending\"]]",
		 me, t.pid, me, t.pid, me, t.pid, me, t.pid);
	cr_expect_str_eq(v ? v : "(none)", expect, "%s", out);
	free(v);
	free(out);
}

Test(sigsnoop, failed_only_shows_signals_not_delivered)
{
	char pid[16], *out, *v;
	struct tool_run r;
	struct target t;

	target_start(&t);
	snprintf(pid, sizeof(pid), "%d", t.pid);
	{
		const char *argv[] = { "--target", pid, "-x", "-j", NULL };

		start(&r, argv);
	}
	send_the_four(t.pid);
	cr_assert_eq(target_finish(&t), 0);
	out = finish(&r);
	v = events_jq(out, "true", "map([.sig, .result])");
	cr_expect_str_eq(v ? v : "(none)", "[[12,\"ignored\"],[1,\"pending\"]]", "%s", out);
	free(v);
	free(out);
}

/* The two results a full signal queue gives: a real-time signal sent with
 * sigqueue() is refused, a standard one arrives without its siginfo. */
Test(sigsnoop, result_of_signals_that_cannot_be_queued)
{
	union sigval val = { .sival_int = 1 };
	char pid[16], *out, *v;
	struct tool_run r;
	struct target t;

	target_start_limited(&t, true);
	snprintf(pid, sizeof(pid), "%d", t.pid);
	{
		const char *argv[] = { "--target", pid, "-n", "-j", NULL };

		start(&r, argv);
	}
	cr_expect_eq(sigqueue(t.pid, SIGRTMIN + 3, val), -1); /* EAGAIN */
	cr_expect_eq(sigqueue(t.pid, SIGUSR1, val), 0);
	cr_assert_eq(target_finish(&t), 0);
	out = finish(&r);
	v = events_jq(out, "true", "map([.signal, .result])");
	cr_expect_str_eq(v ? v : "(none)",
			 "[[\"SIGRTMIN+3\",\"overflow\"],[\"SIGUSR1\",\"lose_info\"]]", "%s", out);
	free(v);
	free(out);
}

static void on_sigchld(int sig)
{
}

/* A write to a read-only page: a real fault, which sanitizer builds do not
 * intercept the way they catch a NULL store. */
static void segfault(void *arg)
{
	volatile int *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	signal(SIGSEGV, SIG_DFL);
	if (page != MAP_FAILED)
		*page = 1;
	_exit(4);
}

static void broken_pipe(void *arg)
{
	int p[2];

	signal(SIGPIPE, SIG_DFL);
	if (pipe(p) == 0) {
		close(p[0]);
		if (write(p[1], "x", 1) < 0)
			_exit(3);
	}
}

/* What the kernel sends by itself: the fault, and SIGCHLD to the parent. */
static void kernel_signals(void (*fn)(void *), int sig)
{
	struct sigaction sa = { .sa_handler = on_sigchld, .sa_flags = SA_RESTART };
	char pid[16], expect[512], *out, *v;
	struct tool_run r;
	struct workload w;

	sigaction(SIGCHLD, &sa, NULL);
	workload_start(&w, fn, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	{
		const char *argv[] = { "-p", pid, "-j", NULL };

		start(&r, argv);
	}
	workload_go(&w);
	cr_expect_eq(workload_wait(&w), -1, "the child was not killed by signal %d", sig);
	out = finish(&r);
	v = events_jq(out, "true", "map([.pid, .sig, .tpid, .result])");
	snprintf(expect, sizeof(expect), "[[%d,%d,%d,\"delivered\"],[%d,17,%d,\"delivered\"]]",
		 w.pid, sig, w.pid, w.pid, getpid());
	cr_expect_str_eq(v ? v : "(none)", expect, "%s", out);
	free(v);
	free(out);
}

Test(sigsnoop, sees_kernel_generated_sigsegv_and_sigchld)
{
	kernel_signals(segfault, SIGSEGV);
}

Test(sigsnoop, sees_kernel_generated_sigpipe_and_sigchld)
{
	kernel_signals(broken_pipe, SIGPIPE);
}

Test(sigsnoop, kill_syscalls_with_their_errno)
{
	char me[16], expect[512], filter[64], *out, *v;
	union sigval val = { .sival_int = 7 };
	struct tool_run r;
	struct target t;
	int pidfd;

	snprintf(me, sizeof(me), "%d", getpid());
	target_start(&t);
	{
		const char *argv[] = { "-k", "-p", me, "-j", NULL };

		start(&r, argv);
	}
	cr_assert_eq(sigqueue(t.pid, SIGUSR1, val), 0); /* rt_sigqueueinfo */
	pidfd = (int)syscall(SYS_pidfd_open, t.pid, 0);
	cr_assert(pidfd >= 0);
	cr_assert_eq(syscall(SYS_pidfd_send_signal, pidfd, SIGUSR1, NULL, 0), 0);
	close(pidfd);
	cr_assert_eq(target_finish(&t), 0);
	cr_assert_eq(kill(t.pid, SIGTERM), -1); /* reaped: ESRCH */
	out = finish(&r);
	snprintf(filter, sizeof(filter), ".tpid == %d", t.pid);
	v = events_jq(out, filter, "map([.pid, .sig, .tpid, .tcomm, .result])");
	snprintf(expect, sizeof(expect),
		 "[[%s,10,%d,\"ctsig-target\",\"0\"],[%s,10,%d,\"ctsig-target\",\"0\"],"
		 "[%s,15,%d,\"?\",\"ESRCH\"]]",
		 me, t.pid, me, t.pid, me, t.pid);
	cr_expect_str_eq(v ? v : "(none)", expect, "%s", out);
	free(v);
	free(out);
}

Test(sigsnoop, kill_syscalls_with_raw_tracepoints)
{
	char me[16], expect[256], filter[64], *out, *v;
	struct tool_run r;
	struct target t;

	snprintf(me, sizeof(me), "%d", getpid());
	target_start(&t);
	{
		const char *argv[] = {
			"-k", "-p", me, "-j", "-v", "--btf", "/sys/kernel/btf/vmlinux", NULL
		};

		start(&r, argv);
	}
	cr_expect(strstr(r.err, "method: raw_tp on") && strstr(r.err, "in a tid hash"), "%s",
		  r.err);
	kill(t.pid, SIGUSR1);
	cr_assert_eq(target_finish(&t), 0);
	kill(t.pid, SIGUSR2);
	out = finish(&r);
	snprintf(filter, sizeof(filter), ".tpid == %d", t.pid);
	v = events_jq(out, filter, "map([.sig, .tcomm, .result])");
	snprintf(expect, sizeof(expect), "[[10,\"ctsig-target\",\"0\"],[12,\"?\",\"ESRCH\"]]");
	cr_expect_str_eq(v ? v : "(none)", expect, "%s", out);
	free(v);
	free(out);
}

Test(sigsnoop, kill_syscalls_failed_only)
{
	char me[16], expect[128], *out, *v;
	struct tool_run r;
	struct target t;

	snprintf(me, sizeof(me), "%d", getpid());
	target_start(&t);
	{
		const char *argv[] = { "-k", "-x", "-p", me, "-j", NULL };

		start(&r, argv);
	}
	kill(t.pid, SIGUSR1);
	cr_assert_eq(target_finish(&t), 0);
	kill(t.pid, SIGUSR2);
	out = finish(&r);
	v = events_jq(out, "true", "map([.sig, .tpid, .result])");
	snprintf(expect, sizeof(expect), "[[12,%d,\"ESRCH\"]]", t.pid);
	cr_expect_str_eq(v ? v : "(none)", expect, "%s", out);
	free(v);
	free(out);
}

Test(sigsnoop, signal_list_with_names_and_realtime)
{
	char pid[16], *out, *v;
	struct tool_run r;
	struct target t;

	target_start(&t);
	snprintf(pid, sizeof(pid), "%d", t.pid);
	{
		const char *argv[] = { "--target", pid, "-s", "usr1,SIGRTMIN+3", "-n", "-j", NULL };

		start(&r, argv);
	}
	kill(t.pid, SIGUSR2);
	kill(t.pid, SIGUSR1);
	kill(t.pid, SIGRTMIN + 3); /* blocked in the target: queued */
	kill(t.pid, SIGHUP);
	cr_assert_eq(target_finish(&t), 0);
	out = finish(&r);
	v = events_jq(out, "true", "map([.signal, .sig, .result])");
	cr_expect_str_eq(v ? v : "(none)",
			 "[[\"SIGUSR1\",10,\"delivered\"],[\"SIGRTMIN+3\",37,\"delivered\"]]", "%s",
			 out);
	free(v);
	free(out);
}

Test(sigsnoop, sender_filter_and_text_columns)
{
	char me[16], pid[16], *out;
	const char *line;
	struct tool_run r;
	struct target t;
	int spid, tpid;
	char comm[32], sig[32], tcomm[32], result[32];

	snprintf(me, sizeof(me), "%d", getpid());
	target_start(&t);
	snprintf(pid, sizeof(pid), "%d", t.pid);
	{
		const char *argv[] = { "-p", me, "-n", NULL };

		start(&r, argv);
	}
	kill(t.pid, SIGUSR1);
	cr_assert_eq(target_finish(&t), 0);
	out = finish(&r);
	line = find_line(out, "TIME");
	cr_assert_not_null(line, "%s", out);
	cr_expect_eq(strncmp(line, "TIME", 4), 0);
	cr_expect(strstr(line, "PID COMM") && strstr(line, "SIG") && strstr(line, "TPID TCOMM") &&
			  strstr(line, "RESULT"),
		  "%s", line);
	/* The target's SIGCHLD to us comes from the target: not shown. */
	cr_expect_eq(count_lines(out, "SIGCHLD"), 0, "%s", out);
	line = strstr(out, "SIGUSR1");
	cr_assert_not_null(line, "%s", out);
	while (line > out && line[-1] != '\n')
		line--;
	cr_assert_eq(sscanf(line, "%*s %d %31s %31s %d %31s %31s", &spid, comm, sig, &tpid, tcomm,
			    result),
		     6, "%s", line);
	cr_expect_eq(spid, getpid());
	cr_expect_eq(tpid, t.pid);
	cr_expect_str_eq(tcomm, "ctsig-target");
	cr_expect_str_eq(result, "delivered");
	free(out);
}

Test(sigsnoop, bad_signal_names_are_usage_errors)
{
	const char *bad1[] = { "-s", "TERM,NOPE", NULL };
	const char *bad2[] = { "-s", "SIGRTMIN+31", NULL };
	const char *bad3[] = { "-s", ",", NULL };
	const char *const *cases[] = { bad1, bad2, bad3 };
	struct tool_run r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_expect_eq(tool_run_once(&r, "sigsnoop", cases[i], 10), 2, "%s", cases[i][1]);
		cr_expect(strstr(r.err, "sigsnoop: invalid signal"), "%s", r.err);
		tool_free(&r);
	}
}
