/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reading, not writing, JSON: a string at a key path, the elements of an
 * array. For container runtimes' state files (container.c), which a
 * container's owner can fill with any bytes, so every call checks the whole
 * text against the JSON grammar first, never reads past @len, nests at most
 * JSON_MAX_DEPTH deep, and uses no recursion and no allocation.
 *
 * A value is handed around as a span: a pointer into the caller's text and
 * a length, from its first byte to its last.
 *
 * Errors are -errno:
 *   -EINVAL  not JSON (truncated, trailing bytes, a bad escape, a lone
 *            surrogate, a control byte in a string, ...);
 *   -E2BIG   nested deeper than JSON_MAX_DEPTH;
 *   -ENOENT  no value of the wanted type at that path;
 *   -ENOSPC  the string does not fit the output buffer;
 *   -EILSEQ  the string holds \u0000, which a C string cannot.
 */
#ifndef CORETRACE_JSONSCAN_H
#define CORETRACE_JSONSCAN_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_MAX_DEPTH 64

/* 0 when @s[0..len) is one JSON value, whitespace around it allowed. */
int json_validate(const char *s, size_t len);

/* The value at @path in @s: path[0] is a key of the top-level object,
 * path[1] a key of the object that is its value, and so on (no array
 * indices). A key matches only at its own level. A key given twice counts
 * the last time, as Go's encoding/json (which writes these files) reads it.
 * @npath 0 is the whole value. */
int json_find(const char *s, size_t len, const char *const *path, size_t npath, const char **val,
	      size_t *vlen);

/* Decode the string @v (a span from json_find or json_array_next, quotes
 * included) into @out, NUL-terminated: escapes decoded, \u surrogate pairs
 * joined into one UTF-8 sequence. -ENOENT when @v is not a string. */
int json_string(const char *v, size_t vlen, char *out, size_t outlen);

/* json_find() then json_string(). */
int json_get_string(const char *s, size_t len, const char *const *path, size_t npath, char *out,
		    size_t outlen);

/* Walk of the elements of one array. */
struct json_array {
	const char *s;
	size_t len, pos;
	bool first;
};

/* Start a walk of the array @v (a whole document or a span); -ENOENT when
 * it is some other value. */
int json_array_init(struct json_array *it, const char *v, size_t vlen);

/* The next element's span: 1, or 0 at the end. */
int json_array_next(struct json_array *it, const char **elem, size_t *elen);

#endif
