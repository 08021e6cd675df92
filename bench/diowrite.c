// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* biolatency workload: N 4 KiB O_DIRECT writes to DEV (a loop device),
 * cycling over its first 64 MiB. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLK  4096
#define SPAN (64L << 20)

int main(int argc, char **argv)
{
	long n, i;
	void *buf;
	int fd;

	if (argc != 3 || (n = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: diowrite DEV N\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_DIRECT);
	if (fd < 0 || posix_memalign(&buf, BLK, BLK)) {
		perror("diowrite: open");
		return 1;
	}
	memset(buf, 0xa5, BLK);
	for (i = 0; i < n; i++) {
		if (pwrite(fd, buf, BLK, (i * BLK) % SPAN) != BLK) {
			perror("diowrite: pwrite");
			return 1;
		}
	}
	close(fd);
	return 0;
}
