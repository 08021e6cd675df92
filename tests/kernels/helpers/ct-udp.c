// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ct-udp: loopback UDP workloads with known ports and byte counts, for
 * udplife (as tests/integration/test_udplife.c).
 *   ct-udp pair 4|6      client sends 100+200+300, server answers 50+70;
 *                        prints "CLIENT SERVER" ports
 *   ct-udp unconnected   sendto two peers (11, 22 bytes), then a bound
 *                        socket that never sends; prints "U PEER2 SILENT" */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x)) {                                                                        \
			fprintf(stderr, "ct-udp: %s failed\n", #x);                                \
			exit(1);                                                                   \
		}                                                                                  \
	} while (0)

static socklen_t lo(int fam, int port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (fam == AF_INET) {
		struct sockaddr_in *a = (void *)ss;
		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*a);
	}
	struct sockaddr_in6 *a6 = (void *)ss;
	a6->sin6_family = AF_INET6;
	a6->sin6_port = htons(port);
	a6->sin6_addr = in6addr_loopback;
	return sizeof(*a6);
}

static int port_of(int fd)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);
	CHECK(getsockname(fd, (void *)&ss, &l) == 0);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static int bound(int fam)
{
	struct sockaddr_storage ss;
	socklen_t l = lo(fam, 0, &ss);
	int fd = socket(fam, SOCK_DGRAM, 0);
	CHECK(fd >= 0 && bind(fd, (void *)&ss, l) == 0);
	return fd;
}

int main(int argc, char **argv)
{
	static const size_t up[] = { 100, 200, 300 }, down[] = { 50, 70 };
	struct sockaddr_storage ss, from;
	socklen_t l, fl;
	char buf[1024] = { 0 };
	size_t i;

	if (argc == 3 && !strcmp(argv[1], "pair")) {
		int fam = atoi(argv[2]) == 6 ? AF_INET6 : AF_INET;
		int s = bound(fam), c = socket(fam, SOCK_DGRAM, 0);
		l = lo(fam, port_of(s), &ss);
		CHECK(c >= 0 && connect(c, (void *)&ss, l) == 0);
		for (i = 0; i < 3; i++)
			CHECK(send(c, buf, up[i], 0) == (ssize_t)up[i]);
		CHECK(recv(s, buf, sizeof(buf), MSG_PEEK) == 100);
		for (i = 0; i < 3; i++) {
			fl = sizeof(from);
			CHECK(recvfrom(s, buf, sizeof(buf), 0, (void *)&from, &fl) ==
			      (ssize_t)up[i]);
		}
		for (i = 0; i < 2; i++)
			CHECK(sendto(s, buf, down[i], 0, (void *)&from, fl) == (ssize_t)down[i]);
		for (i = 0; i < 2; i++)
			CHECK(recv(c, buf, sizeof(buf), 0) == (ssize_t)down[i]);
		usleep(200000);
		printf("%d %d\n", port_of(c), port_of(s));
		close(c);
		close(s);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "unconnected")) {
		int p0 = bound(AF_INET), p1 = bound(AF_INET), u = socket(AF_INET, SOCK_DGRAM, 0), q,
		    up_port;
		l = lo(AF_INET, port_of(p0), &ss);
		CHECK(sendto(u, buf, 11, 0, (void *)&ss, l) == 11);
		l = lo(AF_INET, port_of(p1), &ss);
		CHECK(sendto(u, buf, 22, 0, (void *)&ss, l) == 22);
		up_port = port_of(u);
		close(u);
		q = bound(AF_INET);
		printf("%d %d %d\n", up_port, port_of(p1), port_of(q));
		close(q);
		close(p0);
		close(p1);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "mapped")) {
		struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
		int peer = bound(AF_INET), v6 = socket(AF_INET6, SOCK_DGRAM, 0);

		a.sin6_port = htons(port_of(peer));
		CHECK(v6 >= 0 && inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.sin6_addr) == 1);
		CHECK(sendto(v6, buf, 33, 0, (void *)&a, sizeof(a)) == 33);
		CHECK(recv(peer, buf, sizeof(buf), 0) == 33);
		printf("%d %d\n", port_of(v6), port_of(peer));
		close(v6);
		close(peer);
		return 0;
	}
	fprintf(stderr, "usage: ct-udp pair 4|6 | unconnected | mapped\n");
	return 2;
}
