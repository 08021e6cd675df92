// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ct-blk: block devices and direct I/O for the kernel matrix.
 *
 *   ct-blk loop FILE SIZE_MB   back a free loop device with FILE (created,
 *                              SIZE_MB long); prints its name (loop0)
 *   ct-blk unloop NAME         detach loop device NAME
 *   ct-blk dio NAME N          N 4 KiB O_DIRECT writes to /dev/NAME
 *
 * Same ioctls as tests/integration/helpers/loopdev.c; busybox losetup can't
 * report which device -f picked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int die(const char *what)
{
	fprintf(stderr, "ct-blk: %s: %s\n", what, strerror(errno));
	return 1;
}

/* /dev/loopN may not exist yet when devtmpfs is slow or absent. */
static int open_loop(int nr, char *path, size_t len)
{
	snprintf(path, len, "/dev/loop%d", nr);
	if (access(path, F_OK) && mknod(path, S_IFBLK | 0600, makedev(7, nr)))
		return -1;
	return open(path, O_RDWR | O_CLOEXEC);
}

static int make_loop(const char *file, long size_mb)
{
	char path[64];
	int ctl, fd, dev = -1, nr, tries;

	fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)size_mb << 20))
		return die(file);
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return die("/dev/loop-control");
	for (tries = 0; tries < 10; tries++) {
		nr = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (nr < 0)
			return die("LOOP_CTL_GET_FREE");
		dev = open_loop(nr, path, sizeof(path));
		if (dev < 0)
			continue;
		if (ioctl(dev, LOOP_SET_FD, fd) == 0)
			break;
		close(dev);
		dev = -1;
	}
	if (dev < 0)
		return die("attaching a loop device");
	printf("loop%d\n", nr);
	return 0;
}

static int unloop(const char *name)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, LOOP_CLR_FD, 0))
		return die(path);
	return 0;
}

static int dio(const char *name, long n)
{
	char path[64];
	void *buf;
	long i;
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", name);
	fd = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (fd < 0)
		return die(path);
	if (posix_memalign(&buf, 4096, 4096))
		return die("posix_memalign");
	memset(buf, 0xab, 4096);
	for (i = 0; i < n; i++)
		if (pwrite(fd, buf, 4096, (off_t)i * 4096) != 4096)
			return die("pwrite");
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "loop"))
		return make_loop(argv[2], atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "unloop"))
		return unloop(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "dio"))
		return dio(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: ct-blk loop FILE SIZE_MB | unloop NAME | dio NAME N\n");
	return 2;
}
