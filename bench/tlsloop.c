// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* sslsnoop workload: one TLS connection over TCP loopback, then N round
 * trips of a 64-byte SSL_write/SSL_read each way. Linked against the
 * shared libssl, the one the tracers probe.
 *
 * Both ends live in one thread: a loopback send has queued its bytes at
 * the peer by the time it returns, so nothing ever waits for the other
 * side. Two processes ping-ponging over two CPUs made the workload's CPU
 * time swing by a third from run to run (wakeups, migrations), which hid
 * the tracers' differences; one thread on one CPU does not.
 *
 * USAGE: tlsloop CERT KEY N */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MSG 64

static int fail(const char *what)
{
	fprintf(stderr, "tlsloop: %s\n", what);
	ERR_print_errors_fp(stderr);
	return 1;
}

static void set_blocking(int fd, int blocking)
{
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, blocking ? fl & ~O_NONBLOCK : fl | O_NONBLOCK);
}

/* A connected client/server pair of TCP loopback sockets. */
static int loopback_pair(int *cfd, int *sfd)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int one = 1, lfd;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	*cfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || *cfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(lfd, 1) || getsockname(lfd, (struct sockaddr *)&addr, &len) ||
	    connect(*cfd, (struct sockaddr *)&addr, sizeof(addr)))
		return -1;
	*sfd = accept(lfd, NULL, NULL);
	close(lfd);
	if (*sfd < 0)
		return -1;
	/* Small writes go out at once, never held back for an ACK. */
	setsockopt(*cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(*sfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return 0;
}

/* One step of a non-blocking handshake: 1 done, 0 again, -1 failed. */
static int handshake_step(SSL *ssl, int *done)
{
	int r, err;

	if (*done)
		return 1;
	r = SSL_do_handshake(ssl);
	if (r == 1)
		return *done = 1;
	err = SSL_get_error(ssl, r);
	return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE ? 0 : -1;
}

/* Read exactly MSG bytes (TLS may deliver them in pieces). */
static int read_msg(SSL *ssl, char *buf)
{
	int got = 0, n;

	while (got < MSG) {
		n = SSL_read(ssl, buf + got, MSG - got);
		if (n <= 0)
			return -1;
		got += n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int cfd, sfd, cdone = 0, sdone = 0, c, s;
	SSL_CTX *cctx, *sctx;
	SSL *client, *server;
	char buf[MSG];
	long n, i;

	if (argc != 4 || (n = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: tlsloop CERT KEY N\n");
		return 2;
	}
	cctx = SSL_CTX_new(TLS_client_method());
	sctx = SSL_CTX_new(TLS_server_method());
	if (!cctx || !sctx || SSL_CTX_use_certificate_file(sctx, argv[1], SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey_file(sctx, argv[2], SSL_FILETYPE_PEM) != 1)
		return fail("TLS setup");
	if (loopback_pair(&cfd, &sfd))
		return fail("loopback connection");
	client = SSL_new(cctx);
	server = SSL_new(sctx);
	SSL_set_fd(client, cfd);
	SSL_set_fd(server, sfd);
	SSL_set_connect_state(client);
	SSL_set_accept_state(server);

	/* One thread drives both ends, so neither may block in the handshake. */
	set_blocking(cfd, 0);
	set_blocking(sfd, 0);
	do {
		c = handshake_step(client, &cdone);
		s = handshake_step(server, &sdone);
		if (c < 0 || s < 0)
			return fail("handshake");
	} while (!cdone || !sdone);
	set_blocking(cfd, 1);
	set_blocking(sfd, 1);

	memset(buf, 'x', MSG);
	for (i = 0; i < n; i++)
		if (SSL_write(client, buf, MSG) != MSG || read_msg(server, buf) ||
		    SSL_write(server, buf, MSG) != MSG || read_msg(client, buf))
			return fail("round trip");
	return 0;
}
