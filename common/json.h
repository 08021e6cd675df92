/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Small JSON writing helpers: one place that knows how to escape a string. */
#ifndef CORETRACE_JSON_H
#define CORETRACE_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Write @s (@len bytes, or up to NUL if @len is (size_t)-1) as a quoted
 * JSON string: valid UTF-8 kept, what JSON requires escaped, and each byte
 * that is not UTF-8 as the text \xNN (escape.h), so the output is valid
 * JSON whatever bytes the kernel handed us. */
void json_write_string(FILE *f, const char *s, size_t len);

/* `"key":` with the key escaped. */
void json_write_key(FILE *f, const char *key);

/* Unix seconds with microseconds, e.g. 1763776123.456789 */
void json_write_ts(FILE *f, double ts);

#endif
