// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ct-resolve: name lookups with known results, for gethostlatency in the
 * kernel matrix. No query leaves the machine: NAME comes from /etc/hosts,
 * and the failures are made locally, as in tests/integration/test_gethostlatency.c.
 *
 *   ct-resolve [-g FIFO] NAME
 *
 * runs, in this order:
 *   getaddrinfo(NAME, AF_INET, SOCK_STREAM)       ok
 *   getaddrinfo(NAME, AF_UNSPEC)                  ok, every address of NAME
 *   getaddrinfo(NAME, AI_NUMERICHOST)             EAI_NONAME
 *   getaddrinfo(NAME, "coretrace-no-such-service") EAI_SERVICE
 *   gethostbyname(NAME)                           ok
 *   gethostbyname_r("1.2.3.4.5")                  HOST_NOT_FOUND (malformed)
 * and prints what it saw as gethostlatency -j would show it, one JSON
 * array of [func, result, addrs, host], so a check compares the two.
 * Addresses are counted as gethostlatency counts them: getaddrinfo entries
 * of the first entry's socket type.
 *
 * Built static (its own copy of glibc's resolver, probed with -l) and as
 * ct-resolve-dyn against the shared libc the guest got from the host.
 * ct-dynamic
 */
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void wait_go(const char *fifo)
{
	char c;
	int fd = open(fifo, O_RDONLY);

	if (fd < 0 || read(fd, &c, 1) != 1) {
		perror(fifo);
		exit(1);
	}
	close(fd);
}

static const char *eai(int rc)
{
	switch (rc) {
	case 0: return "ok";
	case EAI_NONAME: return "EAI_NONAME";
	case EAI_SERVICE: return "EAI_SERVICE";
	case EAI_AGAIN: return "EAI_AGAIN";
	case EAI_FAIL: return "EAI_FAIL";
	default: return "EAI_other";
	}
}

static const char *sep = "[";

static void gai(const char *name, const char *service, int family, int socktype, int flags)
{
	struct addrinfo hints = { .ai_family = family, .ai_socktype = socktype, .ai_flags = flags };
	struct addrinfo *res = NULL, *ai;
	int rc, n = 0;

	rc = getaddrinfo(name, service, &hints, &res);
	if (rc == 0) {
		for (ai = res; ai; ai = ai->ai_next)
			n += ai->ai_socktype == res->ai_socktype;
		freeaddrinfo(res);
	}
	printf("%s[\"getaddrinfo\",\"%s\",%d,\"%s\"]", sep, eai(rc), n, name);
	sep = ",";
}

static void ghbn(const char *name)
{
	struct hostent *h = gethostbyname(name);
	int n = 0;

	while (h && h->h_addr_list[n])
		n++;
	printf("%s[\"gethostbyname\",\"%s\",%d,\"%s\"]", sep, h ? "ok" : "failed", n, name);
	sep = ",";
}

static void ghbn_r(const char *name)
{
	struct hostent h, *hp = NULL;
	char buf[4096];
	int herr = 0;

	gethostbyname_r(name, &h, buf, sizeof(buf), &hp, &herr);
	printf("%s[\"gethostbyname_r\",\"%s\",0,\"%s\"]", sep,
	       hp			? "ok"
	       : herr == HOST_NOT_FOUND ? "HOST_NOT_FOUND"
					: "failed",
	       name);
	sep = ",";
}

int main(int argc, char **argv)
{
	const char *name;

	if (argc > 2 && !strcmp(argv[1], "-g")) {
		wait_go(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: ct-resolve [-g FIFO] NAME\n");
		return 2;
	}
	name = argv[1];
	gai(name, NULL, AF_INET, SOCK_STREAM, 0);
	gai(name, NULL, AF_UNSPEC, 0, 0);
	gai(name, NULL, AF_INET, SOCK_STREAM, AI_NUMERICHOST);
	gai(name, "coretrace-no-such-service", AF_INET, SOCK_STREAM, 0);
	ghbn(name);
	/* All digits and dots: refused as a malformed address, no query. */
	ghbn_r("1.2.3.4.5");
	printf("]\n");
	return 0;
}
