// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* gethostlatency workload: N getaddrinfo() calls of NAME (one in
 * /etc/hosts: no DNS), for FAMILY "any" (AF_UNSPEC, what most programs
 * ask) or "inet" (AF_INET, which glibc answers through gethostbyname2_r).
 * Linked dynamically, so libc's getaddrinfo is the one the tracers probe. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	struct addrinfo hints, *res;
	long n, i;
	int err;

	if (argc != 4 || (n = atol(argv[2])) <= 0 ||
	    (strcmp(argv[3], "any") != 0 && strcmp(argv[3], "inet") != 0)) {
		fprintf(stderr, "usage: gailoop NAME N any|inet\n");
		return 2;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = strcmp(argv[3], "inet") == 0 ? AF_INET : AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	for (i = 0; i < n; i++) {
		err = getaddrinfo(argv[1], NULL, &hints, &res);
		if (err) {
			fprintf(stderr, "gailoop: %s: %s\n", argv[1], gai_strerror(err));
			return 1;
		}
		freeaddrinfo(res);
	}
	return 0;
}
