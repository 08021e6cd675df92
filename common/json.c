// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "json.h"

void json_write_string(FILE *f, const char *s, size_t len)
{
	size_t i;

	fputc('"', f);
	for (i = 0; len == (size_t)-1 ? s[i] != '\0' : i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default:
			if (c < 0x20 || c >= 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
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
