// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* sslsnoop workload: one TLS connection over TCP loopback, then N round
 * trips of a 64-byte SSL_write/SSL_read each way. Linked against the
 * shared libssl, the one the tracers probe.
 *
 * USAGE: tlsloop CERT KEY N */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MSG 64

static int fail(const char *what)
{
	fprintf(stderr, "tlsloop: %s\n", what);
	ERR_print_errors_fp(stderr);
	return 1;
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

static int serve(int lfd, const char *cert, const char *key, long n)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	char buf[MSG];
	int fd;
	SSL *ssl;

	if (!ctx || SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
		return fail("server setup");
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		return fail("accept");
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_accept(ssl) != 1)
		return fail("SSL_accept");
	while (n-- > 0)
		if (read_msg(ssl, buf) || SSL_write(ssl, buf, MSG) != MSG)
			return fail("server round trip");
	SSL_shutdown(ssl);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	char buf[MSG];
	int lfd, fd, status, ret = 0;
	SSL_CTX *ctx;
	long n, i;
	pid_t pid;
	SSL *ssl;

	if (argc != 4 || (n = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: tlsloop CERT KEY N\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&addr, &len))
		return fail("listen");
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0)
		_exit(serve(lfd, argv[1], argv[2], n));
	close(lfd);
	ctx = SSL_CTX_new(TLS_client_method());
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (!ctx || fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)))
		return fail("connect");
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_connect(ssl) != 1)
		return fail("SSL_connect");
	memset(buf, 'x', MSG);
	for (i = 0; i < n && !ret; i++)
		if (SSL_write(ssl, buf, MSG) != MSG || read_msg(ssl, buf))
			ret = fail("client round trip");
	SSL_shutdown(ssl);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		ret = 1;
	return ret;
}
