// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* opensnoop workload: open and close PATH N times, as fast as it can. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n, i;

	if (argc != 3 || (n = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: openloop PATH N\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		int fd = open(argv[1], O_RDONLY);

		if (fd < 0) {
			perror("openloop: open");
			return 1;
		}
		close(fd);
	}
	return 0;
}
