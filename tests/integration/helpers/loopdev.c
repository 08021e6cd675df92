// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "loopdev.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

void loopdev_create(struct loopdev *l, int size_mb)
{
	int ctl, nr, file, dev = -1, tries;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	snprintf(l->backing, sizeof(l->backing), "/var/tmp/coretrace-loop-XXXXXX");
	file = mkstemp(l->backing);
	cr_assert(file >= 0, "mkstemp: %s", strerror(errno));
	cr_assert(ftruncate(file, (off_t)size_mb << 20) == 0);
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	cr_assert(ctl >= 0, "open /dev/loop-control: %s", strerror(errno));
	/* Another process may grab the same free device: retry. */
	for (tries = 0; tries < 10; tries++) {
		nr = ioctl(ctl, LOOP_CTL_GET_FREE);
		cr_assert(nr >= 0, "LOOP_CTL_GET_FREE: %s", strerror(errno));
		snprintf(l->name, sizeof(l->name), "loop%d", nr);
		snprintf(l->path, sizeof(l->path), "/dev/loop%d", nr);
		dev = open(l->path, O_RDWR | O_CLOEXEC);
		if (dev < 0)
			continue;
		if (ioctl(dev, LOOP_SET_FD, file) == 0)
			break;
		close(dev);
		dev = -1;
	}
	close(ctl);
	close(file);
	cr_assert(dev >= 0, "no loop device could be attached");
	l->fd = dev;
}

void loopdev_direct_writes(const struct loopdev *l, int n)
{
	void *buf;
	int fd, i;

	fd = open(l->path, O_RDWR | O_DIRECT | O_CLOEXEC);
	cr_assert(fd >= 0, "open %s O_DIRECT: %s", l->path, strerror(errno));
	cr_assert(posix_memalign(&buf, 4096, 4096) == 0);
	memset(buf, 0xab, 4096);
	for (i = 0; i < n; i++)
		cr_assert(pwrite(fd, buf, 4096, (off_t)i * 4096) == 4096, "pwrite: %s",
			  strerror(errno));
	free(buf);
	close(fd);
}

/* Writes blocks 2 * [first, first + n): never two adjacent, which the
 * block layer could merge into one request. 0 on success (a child cannot
 * assert). */
static int write_blocks(const char *path, int first, int n)
{
	void *buf;
	int fd, i, err = 0;

	fd = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (fd < 0 || posix_memalign(&buf, 4096, 4096))
		return 1;
	memset(buf, 0xcd, 4096);
	for (i = first; i < first + n && !err; i++)
		err = pwrite(fd, buf, 4096, (off_t)i * 2 * 4096) != 4096;
	free(buf);
	close(fd);
	return err;
}

void loopdev_parallel_direct_writes(const struct loopdev *l, int n, int writers)
{
	pid_t pids[64];
	int i, status, share = n / writers;

	cr_assert(writers > 0 && writers <= 64 && n % writers == 0);
	for (i = 0; i < writers; i++) {
		pids[i] = fork();
		cr_assert(pids[i] >= 0, "fork: %s", strerror(errno));
		if (pids[i] == 0)
			_exit(write_blocks(l->path, i * share, share));
	}
	for (i = 0; i < writers; i++) {
		cr_assert(waitpid(pids[i], &status, 0) == pids[i]);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d to %s failed",
			  i, l->path);
	}
}

void loopdev_destroy(struct loopdev *l)
{
	if (l->fd >= 0) {
		ioctl(l->fd, LOOP_CLR_FD, 0);
		close(l->fd);
	}
	if (l->backing[0])
		unlink(l->backing);
	l->fd = -1;
}
