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
