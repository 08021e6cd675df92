// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Flood workload for sslsnoop: N calls of an SSL_write defined here, a
 * stand-in for OpenSSL's that sslsnoop --binary probes like any other.
 * The flood measures the tool's bookkeeping, not TLS, so it needs no
 * peer, certificate or handshake.
 *
 * USAGE: ssl_flood N
 */
#include <stdlib.h>

/* noipa keeps the calls and the symbol real at -O2; global, as OpenSSL's. */
int SSL_write(void *ssl, const void *buf, int num);
__attribute__((noipa, visibility("default"))) int SSL_write(void *ssl, const void *buf, int num)
{
	(void)ssl;
	(void)buf;
	return num;
}

int main(int argc, char **argv)
{
	char buf[64] = "flood";
	long i, n = argc > 1 ? atol(argv[1]) : 0;

	for (i = 0; i < n; i++)
		if (SSL_write(NULL, buf, sizeof(buf)) != (int)sizeof(buf))
			return 1;
	return 0;
}
