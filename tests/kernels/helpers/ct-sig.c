// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ct-sig: signal workloads with known senders, targets and results, for
 * sigsnoop (as tests/integration/test_sigsnoop.c).
 *
 *   ct-sig SCENARIO PIDFILE FIFO
 *
 * Starts a target child named "ctsig-target" (SIGUSR1 handled, SIGUSR2
 * ignored, SIGHUP and SIGRTMIN+3 blocked), writes "SENDER TARGET" pids to
 * PIDFILE, waits until a line is written to FIFO (the tracer is attached),
 * then runs SCENARIO:
 *
 *   four    kill USR1, USR2, HUP, HUP: delivered, ignored, delivered, pending
 *   queue   (target with RLIMIT_SIGPENDING 0) sigqueue SIGRTMIN+3: refused
 *           (overflow), sigqueue USR1: arrives without its siginfo (lose_info)
 *   list    kill USR2, USR1, SIGRTMIN+3, HUP
 *   usr1    kill USR1
 *   kill    sigqueue USR1 (rt_sigqueueinfo), pidfd_send_signal USR1, the
 *           target exits and is reaped, kill TERM (ESRCH)
 *   killx   kill USR1, the target exits and is reaped, kill USR2 (ESRCH)
 *   segv    no target: a child that faults (SIGSEGV), and its SIGCHLD to us
 *           (handled); TARGET in PIDFILE is that child
 *   pipe    the same with a write to a pipe without readers (SIGPIPE)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x)) {                                                                        \
			fprintf(stderr, "ct-sig: %s failed: %s\n", #x, strerror(errno));           \
			exit(1);                                                                   \
		}                                                                                  \
	} while (0)

static pid_t target;
static int done_fd;

static void on_signal(int sig)
{
	(void)sig;
}

static void wait_go(const char *fifo)
{
	char c;
	int fd = open(fifo, O_RDONLY);

	CHECK(fd >= 0 && read(fd, &c, 1) == 1);
	close(fd);
}

static void target_start(int no_queue)
{
	int ready[2], done[2];
	char c;

	CHECK(pipe2(ready, O_CLOEXEC) == 0 && pipe2(done, O_CLOEXEC) == 0);
	target = fork();
	CHECK(target >= 0);
	if (target == 0) {
		struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
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
	CHECK(read(ready[0], &c, 1) == 1);
	close(ready[0]);
	done_fd = done[1];
}

static void target_finish(void)
{
	int status;

	close(done_fd);
	CHECK(waitpid(target, &status, 0) == target);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A child that waits for the gate, then dies of @sig the kernel sends. */
static void kernel_signal_child(const char *fifo, int sig)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };

	sigaction(SIGCHLD, &sa, NULL);
	target = fork();
	CHECK(target >= 0);
	if (target == 0) {
		int p[2];

		wait_go(fifo);
		signal(sig, SIG_DFL);
		if (sig == SIGSEGV)
			*(volatile int *)0 = 1;
		if (pipe(p) == 0) {
			close(p[0]);
			if (write(p[1], "x", 1) < 0)
				_exit(3);
		}
		_exit(4);
	}
}

static void write_pids(const char *file)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	f = fopen(tmp, "w");
	CHECK(f);
	fprintf(f, "%d %d\n", getpid(), target);
	CHECK(fclose(f) == 0 && rename(tmp, file) == 0);
}

int main(int argc, char **argv)
{
	union sigval val = { .sival_int = 7 };
	const char *s;
	int status, pidfd;

	if (argc != 4) {
		fprintf(stderr, "usage: ct-sig four|queue|list|usr1|kill|killx|segv|pipe "
				"PIDFILE FIFO\n");
		return 2;
	}
	s = argv[1];
	if (!strcmp(s, "segv") || !strcmp(s, "pipe")) {
		kernel_signal_child(argv[3], !strcmp(s, "segv") ? SIGSEGV : SIGPIPE);
		write_pids(argv[2]);
		CHECK(waitpid(target, &status, 0) == target);
		CHECK(WIFSIGNALED(status));
		return 0;
	}
	target_start(!strcmp(s, "queue"));
	write_pids(argv[2]);
	wait_go(argv[3]);
	if (!strcmp(s, "four")) {
		kill(target, SIGUSR1);
		kill(target, SIGUSR2);
		kill(target, SIGHUP);
		kill(target, SIGHUP);
	} else if (!strcmp(s, "queue")) {
		CHECK(sigqueue(target, SIGRTMIN + 3, val) == -1 && errno == EAGAIN);
		CHECK(sigqueue(target, SIGUSR1, val) == 0);
	} else if (!strcmp(s, "list")) {
		kill(target, SIGUSR2);
		kill(target, SIGUSR1);
		kill(target, SIGRTMIN + 3);
		kill(target, SIGHUP);
	} else if (!strcmp(s, "usr1")) {
		kill(target, SIGUSR1);
	} else if (!strcmp(s, "kill")) {
		CHECK(sigqueue(target, SIGUSR1, val) == 0);
		pidfd = (int)syscall(SYS_pidfd_open, target, 0);
		CHECK(pidfd >= 0);
		CHECK(syscall(SYS_pidfd_send_signal, pidfd, SIGUSR1, NULL, 0) == 0);
		close(pidfd);
		target_finish();
		CHECK(kill(target, SIGTERM) == -1 && errno == ESRCH);
		return 0;
	} else if (!strcmp(s, "killx")) {
		kill(target, SIGUSR1);
		target_finish();
		CHECK(kill(target, SIGUSR2) == -1 && errno == ESRCH);
		return 0;
	} else {
		fprintf(stderr, "ct-sig: unknown scenario '%s'\n", s);
		return 2;
	}
	target_finish();
	return 0;
}
