// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ct-open: open workloads with known paths and results, for opensnoop (as
 * tests/integration/test_opensnoop.c). Prints what the calls returned.
 *
 *   ct-open [-g FIFO] file PATH        open(PATH): prints the fd
 *   ct-open [-g FIFO] missing PATH     open(PATH) that fails: prints errno
 *   ct-open [-g FIFO] both PATH MISSING   both of the above: "FD ERRNO"
 *   ct-open [-g FIFO] openat2 PATH     openat2(AT_FDCWD, PATH, O_RDONLY|O_CLOEXEC):
 *                                      prints the fd, or "ENOSYS"
 *   ct-open [-g FIFO] relative DIR NAME   chdir(DIR), open(NAME), then
 *                                      openat(fd of "/", "tmp/../tmp")
 *   ct-open [-g FIFO] threads PATH     the main thread, then a second one,
 *                                      open PATH
 *   ct-open [-g FIFO] uid PATH         open PATH as root, then as uid 54321
 *                                      (EACCES on a 0600 root file): prints errno
 *   ct-open [-g FIFO] flood N          N opens (and closes) of /dev/null
 *
 * -g FIFO: wait until a line is written to FIFO before starting, so a
 * tracer filtering on our pid can attach first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

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

static void *open_in_thread(void *path)
{
	int fd = open(path, O_RDONLY);

	if (fd >= 0)
		close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *cmd;
	int fd, root;

	if (argc > 2 && !strcmp(argv[1], "-g")) {
		wait_go(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc < 3)
		goto usage;
	cmd = argv[1];
	if (!strcmp(cmd, "file")) {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0)
			return 1;
		printf("%d\n", fd);
	} else if (!strcmp(cmd, "missing")) {
		if (open(argv[2], O_RDONLY) >= 0)
			return 1;
		printf("%d\n", errno);
	} else if (!strcmp(cmd, "both") && argc > 3) {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0 || open(argv[3], O_RDONLY) >= 0)
			return 1;
		printf("%d %d\n", fd, errno);
	} else if (!strcmp(cmd, "openat2")) {
		/* struct open_how { __u64 flags, mode, resolve; } */
		uint64_t how[3] = { O_RDONLY | O_CLOEXEC, 0, 0 };

		fd = (int)syscall(SYS_openat2, AT_FDCWD, argv[2], how, sizeof(how));
		if (fd < 0 && errno == ENOSYS)
			printf("ENOSYS\n");
		else if (fd < 0)
			return 1;
		else
			printf("%d\n", fd);
	} else if (!strcmp(cmd, "relative") && argc > 3) {
		root = open("/", O_RDONLY | O_DIRECTORY);
		if (root < 0 || chdir(argv[2]) || open(argv[3], O_RDONLY) < 0 ||
		    openat(root, "tmp/../tmp", O_RDONLY) < 0)
			return 1;
	} else if (!strcmp(cmd, "threads")) {
		pthread_t th;

		open_in_thread(argv[2]);
		if (pthread_create(&th, NULL, open_in_thread, argv[2]) || pthread_join(th, NULL))
			return 1;
	} else if (!strcmp(cmd, "uid")) {
		if (open(argv[2], O_RDONLY) < 0 || setresuid(54321, 54321, 54321))
			return 1;
		if (open(argv[2], O_RDONLY) >= 0)
			return 1;
		printf("%d\n", errno);
	} else if (!strcmp(cmd, "flood")) {
		long i, n = atol(argv[2]);

		for (i = 0; i < n; i++) {
			fd = open("/dev/null", O_RDONLY);
			if (fd < 0)
				return 1;
			close(fd);
		}
	} else {
		goto usage;
	}
	return 0;
usage:
	fprintf(stderr, "usage: ct-open [-g FIFO] file|missing|openat2|threads|uid PATH | "
			"both PATH MISSING | relative DIR NAME | flood N\n");
	return 2;
}
