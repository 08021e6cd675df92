// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * forktree DIR [STATUS]: a process tree with a known amount of work in
 * each part, for the tree filter's tests. The top process forks a child,
 * the child forks a grandchild that daemonizes (forks again, its parent
 * exits, it calls setsid and is reparented away), and the daemon starts a
 * thread. Each does its own share, N times:
 *
 *   part     N   opens of DIR/PART   syscall        SIGUSR1 to itself
 *   top      3   DIR/top             sched_yield    3
 *   child    5   DIR/child           getppid        5
 *   daemon   7   DIR/daemon          getpgid        7
 *   thread  11   DIR/thread          getsid        11
 *
 * and N getaddrinfo("localhost") lookups, and one UDP socket that sends
 * itself N datagrams of N bytes over loopback and reads them back.
 *
 * The top waits until the daemon and its thread are done (a pipe they
 * hold) and until the child has exited, then exits with STATUS (default 7).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *dir;

static void on_usr1(int sig)
{
}

/* One socket talking to itself: n datagrams of n bytes each way. */
static void udp_self(int n)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	char buf[64];
	int fd = socket(AF_INET, SOCK_DGRAM, 0), i;

	memset(buf, 'u', sizeof(buf));
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len) ||
	    connect(fd, (struct sockaddr *)&a, sizeof(a)))
		_exit(3);
	for (i = 0; i < n; i++)
		if (send(fd, buf, (size_t)n, 0) != n || recv(fd, buf, sizeof(buf), 0) != n)
			_exit(4);
	close(fd);
}

static void lookups(int n)
{
	struct addrinfo hints = { .ai_family = AF_INET }, *res;
	int i;

	for (i = 0; i < n; i++)
		if (getaddrinfo("localhost", NULL, &hints, &res) == 0)
			freeaddrinfo(res);
}

static void work(const char *part, long nr, int n)
{
	char path[4096];
	int i, fd;

	snprintf(path, sizeof(path), "%s/%s", dir, part);
	for (i = 0; i < n; i++) {
		fd = open(path, O_RDONLY | O_CREAT, 0600);
		if (fd >= 0)
			close(fd);
		syscall(nr, 0);
		kill(getpid(), SIGUSR1);
	}
	lookups(n);
	udp_self(n);
}

static void *thread_main(void *arg)
{
	work("thread", SYS_getsid, 11);
	return NULL;
}

static void daemon_main(int done)
{
	pthread_t th;

	setsid();
	work("daemon", SYS_getpgid, 7);
	if (pthread_create(&th, NULL, thread_main, NULL) == 0)
		pthread_join(th, NULL);
	close(done); /* the top's read sees EOF once every copy is closed */
	_exit(0);
}

int main(int argc, char **argv)
{
	int done[2], status;
	char c;
	pid_t child, grandchild;

	if (argc < 2) {
		fprintf(stderr, "usage: forktree DIR [STATUS]\n");
		return 2;
	}
	dir = argv[1];
	signal(SIGUSR1, on_usr1);
	if (pipe(done))
		return 1;
	work("top", SYS_sched_yield, 3);
	child = fork();
	if (child == 0) {
		close(done[0]);
		work("child", SYS_getppid, 5);
		grandchild = fork();
		if (grandchild == 0) {
			if (fork() == 0)
				daemon_main(done[1]);
			_exit(0); /* the daemon's parent: gone, so it is reparented */
		}
		close(done[1]);
		waitpid(grandchild, NULL, 0);
		_exit(0);
	}
	close(done[1]);
	while (read(done[0], &c, 1) > 0)
		;
	waitpid(child, &status, 0);
	return argc > 2 ? atoi(argv[2]) : 7;
}
