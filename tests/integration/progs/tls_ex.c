// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Test workload for sslsnoop: a TLS client and server over a socketpair,
 * talking with SSL_write_ex/SSL_read_ex (OpenSSL 1.1.1+). Built twice:
 * against the shared libssl, and with OpenSSL linked in statically.
 *
 * USAGE: tls_ex CERT KEY CLIENT_MSG SERVER_MSG [wait]
 * The client sends CLIENT_MSG, the server answers SERVER_MSG; exit 0 when
 * both arrived intact. With "wait", nothing starts before a byte arrives
 * on stdin, so a tracer can attach to the running process first.
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(const char *what)
{
	fprintf(stderr, "tls_ex: %s\n", what);
	ERR_print_errors_fp(stderr);
	return 1;
}

/* Read exactly @len bytes (TLS may deliver them in pieces). */
static int read_all(SSL *ssl, char *buf, size_t len)
{
	size_t got = 0, n;

	while (got < len) {
		if (SSL_read_ex(ssl, buf + got, len - got, &n) != 1)
			return -1;
		got += n;
	}
	return 0;
}

static int server(int fd, const char *cert, const char *key, const char *expect, const char *reply)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	char buf[4096] = "";
	size_t n;
	SSL *ssl;

	if (!ctx || SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
		return fail("server setup");
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_accept(ssl) != 1)
		return fail("accept");
	if (strlen(expect) >= sizeof(buf) || read_all(ssl, buf, strlen(expect)) ||
	    strcmp(buf, expect) != 0)
		return fail("server read");
	if (SSL_write_ex(ssl, reply, strlen(reply), &n) != 1 || n != strlen(reply))
		return fail("server write");
	SSL_shutdown(ssl);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	return 0;
}

static int client(int fd, const char *msg, const char *expect)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	char buf[4096] = "";
	size_t n;
	SSL *ssl;

	if (!ctx)
		return fail("client setup");
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_connect(ssl) != 1)
		return fail("connect");
	if (SSL_write_ex(ssl, msg, strlen(msg), &n) != 1 || n != strlen(msg))
		return fail("client write");
	if (strlen(expect) >= sizeof(buf) || read_all(ssl, buf, strlen(expect)) ||
	    strcmp(buf, expect) != 0)
		return fail("client read");
	SSL_shutdown(ssl);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	return 0;
}

int main(int argc, char **argv)
{
	int sv[2], status, ret;
	pid_t pid;
	char c;

	if (argc < 5) {
		fprintf(stderr, "usage: tls_ex CERT KEY CLIENT_MSG SERVER_MSG [wait]\n");
		return 2;
	}
	if (argc > 5 && strcmp(argv[5], "wait") == 0 && read(0, &c, 1) != 1)
		return fail("no go byte on stdin");
	/* The peer may close first; a failed write is an error, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return fail("socketpair");
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		close(sv[0]);
		_exit(server(sv[1], argv[1], argv[2], argv[3], argv[4]));
	}
	close(sv[1]);
	ret = client(sv[0], argv[3], argv[4]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		ret = 1;
	return ret;
}
