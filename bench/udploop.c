// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* udplife workload: N short-lived UDP socket pairs on loopback, each
 * exchanging one datagram, then closed. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	char buf[64];
	long n, i;

	if (argc != 2 || (n = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: udploop N\n");
		return 2;
	}
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < n; i++) {
		int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);

		addr.sin_port = 0;
		len = sizeof(addr);
		if (rx < 0 || tx < 0 || bind(rx, (struct sockaddr *)&addr, sizeof(addr)) ||
		    getsockname(rx, (struct sockaddr *)&addr, &len) ||
		    connect(tx, (struct sockaddr *)&addr, sizeof(addr)) ||
		    send(tx, "ping", 4, 0) != 4 || recv(rx, buf, sizeof(buf), 0) != 4) {
			perror("udploop");
			return 1;
		}
		close(tx);
		close(rx);
	}
	return 0;
}
