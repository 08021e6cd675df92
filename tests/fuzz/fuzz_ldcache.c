// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: the ld.so.cache parser on arbitrary bytes. Every entry
 * it hands out must be a NUL-terminated string inside the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#include "ldcache.h"

static int check_entry(const char *soname, const char *path, void *ctx)
{
	size_t *n = ctx;

	/* Touch every byte: ASan flags a string that runs past the input. */
	*n += strlen(soname) + strlen(path);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly @size bytes, so any overread is caught. */
	void *buf = malloc(size ? size : 1);
	size_t n = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	ldcache_parse(buf, size, check_entry, &n);
	free(buf);
	return 0;
}
