// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Soak helper: enter a call a tracer probes and never return from it, so
 * the soak can kill it mid-call. Defines its own getaddrinfo and SSL_read
 * (gethostlatency -l and sslsnoop --binary probe them in this file); a
 * second thread enters the other one.
 */
#include <pthread.h>
#include <stddef.h>
#include <unistd.h>

__attribute__((noipa, visibility("default"))) int getaddrinfo(const char *node, const char *svc,
							      const void *hints, void **res)
{
	for (;;)
		pause();
	return 0;
}

__attribute__((noipa, visibility("default"))) int SSL_read(void *ssl, void *buf, int num)
{
	for (;;)
		pause();
	return 0;
}

static void *reader(void *arg)
{
	char buf[16];

	SSL_read(NULL, buf, sizeof(buf));
	return NULL;
}

int main(void)
{
	pthread_t th;
	void *res;

	pthread_create(&th, NULL, reader, NULL);
	getaddrinfo("soak.invalid", NULL, NULL, &res);
	return 0;
}
