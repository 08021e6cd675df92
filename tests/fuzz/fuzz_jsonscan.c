// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: the JSON scanner on arbitrary bytes, every entry point
 * the container names use. A string it decodes must fit its buffer and be
 * NUL-terminated; nothing may be read past the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#include "jsonscan.h"

static size_t touch(const char *s)
{
	return strlen(s); /* ASan flags an unterminated result */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ann[] = { "annotations", "io.kubernetes.cri.container-name" };
	static const char *const id[] = { "id" }, *const names[] = { "names" };
	struct json_array list, inner;
	const char *e, *v, *first;
	size_t elen, vlen, flen, n = 0;
	char out[64];
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (json_get_string(buf, size, ann, 2, out, sizeof(out)) == 0)
		n += touch(out);
	if (json_array_init(&list, buf, size) == 0)
		while (json_array_next(&list, &e, &elen) > 0) {
			if (json_get_string(e, elen, id, 1, out, sizeof(out)) == 0)
				n += touch(out);
			if (json_find(e, elen, names, 1, &v, &vlen) == 0 &&
			    json_array_init(&inner, v, vlen) == 0 &&
			    json_array_next(&inner, &first, &flen) > 0 &&
			    json_string(first, flen, out, sizeof(out)) == 0)
				n += touch(out);
		}
	free(buf);
	return n == (size_t)-1;
}
