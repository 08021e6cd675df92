// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ct-syscalls: syscall workloads with exact counts, for the kernel matrix.
 *
 *   ct-syscalls [-g FIFO] getppid N      N getppid() calls
 *   ct-syscalls [-g FIFO] fail N M       N getppid(), M close(-1) (EBADF),
 *                                        2M open() of a missing path (ENOENT)
 *   ct-syscalls [-g FIFO] sleep MS       one nanosleep of MS milliseconds
 *
 * -g FIFO: wait until a line is written to FIFO before starting, so a
 * tracer filtering on our pid can attach first (the shell knows $! at once).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void wait_go(const char *fifo)
{
	char c;
	int fd = open(fifo, O_RDONLY);

	if (fd < 0 || read(fd, &c, 1) != 1) {
		perror(fifo);
		exit(1);
	}
	close(fd);
}

int main(int argc, char **argv)
{
	long i, n, m;

	if (argc > 2 && !strcmp(argv[1], "-g")) {
		wait_go(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc < 3)
		goto usage;
	n = atol(argv[2]);
	if (!strcmp(argv[1], "getppid")) {
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
	} else if (!strcmp(argv[1], "fail") && argc > 3) {
		m = atol(argv[3]);
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		for (i = 0; i < m; i++)
			syscall(SYS_close, -1);
		for (i = 0; i < 2 * m; i++)
			syscall(SYS_openat, AT_FDCWD, "/nonexistent/coretrace-kernels", O_RDONLY);
	} else if (!strcmp(argv[1], "sleep")) {
		struct timespec ts = { n / 1000, (n % 1000) * 1000000 };

		syscall(SYS_nanosleep, &ts, NULL);
	} else {
		goto usage;
	}
	return 0;
usage:
	fprintf(stderr, "usage: ct-syscalls [-g FIFO] getppid N | fail N M | sleep MS\n");
	return 2;
}
