/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A loop block device backed by a temporary file, for biolatency tests. */
#ifndef CORETRACE_TEST_LOOPDEV_H
#define CORETRACE_TEST_LOOPDEV_H

struct loopdev {
	char name[32];	  /* "loop3" */
	char path[64];	  /* "/dev/loop3" */
	char backing[64]; /* the file behind it */
	int fd;		  /* the block device, O_RDWR */
};

/* Attach a free loop device to a new @size_mb file; fails the test on error. */
void loopdev_create(struct loopdev *l, int size_mb);
/* @n direct (O_DIRECT) 4 KiB writes at distinct offsets, synchronously. */
void loopdev_direct_writes(const struct loopdev *l, int n);
/* @n direct 4 KiB writes split between @writers processes writing at
 * once, so several requests are in flight together; one request each (no
 * two are adjacent), over the first 8 KiB * @n of the device. */
void loopdev_parallel_direct_writes(const struct loopdev *l, int n, int writers);
void loopdev_destroy(struct loopdev *l);

#endif
