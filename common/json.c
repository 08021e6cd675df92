// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "json.h"

#include <string.h>

#include "escape.h"

void json_write_string(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	escape_write(f, s, len == (size_t)-1 ? strlen(s) : len, ESCAPE_JSON);
	fputc('"', f);
}

void json_write_key(FILE *f, const char *key)
{
	json_write_string(f, key, (size_t)-1);
	fputc(':', f);
}

void json_write_ts(FILE *f, double ts)
{
	fprintf(f, "%.6f", ts);
}
