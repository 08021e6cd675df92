// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * One skip_value() knows the grammar (RFC 8259): it walks a value of any
 * nesting with a fixed stack of open brackets, so a hostile document can
 * neither recurse us off our stack nor make us read past its end. Every
 * other function first has it check the whole text, and then only walks
 * spans it has already accepted.
 */
#include "jsonscan.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

static size_t skip_ws(const char *s, size_t len, size_t p)
{
	while (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
		p++;
	return p;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at s[p..p+4). */
static int hex4(const char *s, size_t len, size_t p, uint32_t *cp)
{
	uint32_t v = 0;
	int i, d;

	if (len - p < 4)
		return -EINVAL;
	for (i = 0; i < 4; i++) {
		d = hexval(s[p + i]);
		if (d < 0)
			return -EINVAL;
		v = v << 4 | (uint32_t)d;
	}
	*cp = v;
	return 0;
}

static size_t utf8_put(uint32_t cp, char *b)
{
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (char)(0xf0 | cp >> 18);
	b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	b[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The string starting at s[*p] ('"'): checked, *p moved past its closing
 * quote, and, when @out is not NULL, decoded into it. */
static int scan_string(const char *s, size_t len, size_t *p, char *out, size_t outlen)
{
	size_t i = *p + 1, o = 0, n;
	uint32_t cp, lo;
	char b[4];
	int err = 0;
	bool nul = false;

	for (;;) {
		if (i >= len)
			return -EINVAL;
		if (s[i] == '"')
			break;
		if ((unsigned char)s[i] < 0x20)
			return -EINVAL;
		if (s[i] != '\\') {
			b[0] = s[i++];
			n = 1;
			goto put;
		}
		if (++i >= len)
			return -EINVAL;
		switch (s[i++]) {
		case '"': b[0] = '"'; break;
		case '\\': b[0] = '\\'; break;
		case '/': b[0] = '/'; break;
		case 'b': b[0] = '\b'; break;
		case 'f': b[0] = '\f'; break;
		case 'n': b[0] = '\n'; break;
		case 'r': b[0] = '\r'; break;
		case 't': b[0] = '\t'; break;
		case 'u':
			if (hex4(s, len, i, &cp))
				return -EINVAL;
			i += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -EINVAL; /* a low surrogate first */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (len - i < 2 || s[i] != '\\' || s[i + 1] != 'u' ||
				    hex4(s, len, i + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
					return -EINVAL; /* a high one alone */
				i += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (cp == 0)
				nul = true;
			n = utf8_put(cp, b);
			goto put;
		default: return -EINVAL;
		}
		n = 1;
put:
		if (out) {
			if (outlen - o <= n)
				err = -ENOSPC; /* keep checking: bad JSON says so first */
			else
				memcpy(out + o, b, n);
			o += err ? 0 : n;
		}
	}
	*p = i + 1;
	if (out) {
		out[o] = '\0';
		if (!err && nul)
			err = -EILSEQ;
	}
	return err;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int scan_number(const char *s, size_t len, size_t *p)
{
	size_t i = *p, start;

	if (i < len && s[i] == '-')
		i++;
	if (i < len && s[i] == '0') {
		i++;
	} else {
		start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return -EINVAL;
	}
	if (i < len && s[i] == '.') {
		start = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return -EINVAL;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return -EINVAL;
	}
	*p = i;
	return 0;
}

static int scan_literal(const char *s, size_t len, size_t *p, const char *word)
{
	size_t n = strlen(word);

	if (len - *p < n || memcmp(s + *p, word, n) != 0)
		return -EINVAL;
	*p += n;
	return 0;
}

/* A key and its colon, at s[*p] (whitespace first allowed). */
static int scan_key(const char *s, size_t len, size_t *p)
{
	size_t i = skip_ws(s, len, *p);
	int err;

	if (i >= len || s[i] != '"')
		return -EINVAL;
	err = scan_string(s, len, &i, NULL, 0);
	if (err)
		return err;
	i = skip_ws(s, len, i);
	if (i >= len || s[i] != ':')
		return -EINVAL;
	*p = i + 1;
	return 0;
}

/* Move *p from before a value (whitespace allowed) to just after it. */
static int skip_value(const char *s, size_t len, size_t *p)
{
	char stack[JSON_MAX_DEPTH];
	int depth = 0, err = 0;
	size_t i = *p;
	char c;

	for (;;) {
		/* A value starts here. */
		i = skip_ws(s, len, i);
		if (i >= len)
			return -EINVAL;
		c = s[i];
		if (c == '{' || c == '[') {
			if (depth == JSON_MAX_DEPTH)
				return -E2BIG;
			stack[depth++] = c;
			i = skip_ws(s, len, i + 1);
			if (i < len && s[i] == (c == '{' ? '}' : ']')) {
				i++;
				depth--;
			} else if (c == '{') {
				err = scan_key(s, len, &i);
				if (err)
					return err;
				continue;
			} else {
				continue;
			}
		} else if (c == '"') {
			err = scan_string(s, len, &i, NULL, 0);
		} else if (c == 't') {
			err = scan_literal(s, len, &i, "true");
		} else if (c == 'f') {
			err = scan_literal(s, len, &i, "false");
		} else if (c == 'n') {
			err = scan_literal(s, len, &i, "null");
		} else {
			err = scan_number(s, len, &i);
		}
		if (err)
			return err;
		/* After a value: close brackets until a comma asks for more. */
		for (;;) {
			if (depth == 0) {
				*p = i;
				return 0;
			}
			i = skip_ws(s, len, i);
			if (i >= len)
				return -EINVAL;
			if (s[i] == ',') {
				i++;
				if (stack[depth - 1] == '{') {
					err = scan_key(s, len, &i);
					if (err)
						return err;
				}
				break;
			}
			if (s[i] != (stack[depth - 1] == '{' ? '}' : ']'))
				return -EINVAL;
			i++;
			depth--;
		}
	}
}

int json_validate(const char *s, size_t len)
{
	size_t p = 0;
	int err;

	if (!s)
		return -EINVAL;
	err = skip_value(s, len, &p);
	if (err)
		return err;
	return skip_ws(s, len, p) == len ? 0 : -EINVAL;
}

/* The trimmed span of a validated value. */
static void trim(const char **s, size_t *len)
{
	size_t start = skip_ws(*s, *len, 0), end = *len;

	while (end > start && ((*s)[end - 1] == ' ' || (*s)[end - 1] == '\t' ||
			       (*s)[end - 1] == '\n' || (*s)[end - 1] == '\r'))
		end--;
	*s += start;
	*len = end - start;
}

/* Does the key at s[p] ('"', validated) equal @want? */
static bool key_is(const char *s, size_t len, size_t p, const char *want)
{
	char key[256];

	/* A longer key can't be one of ours: ours are all short. */
	return scan_string(s, len, &p, key, sizeof(key)) == 0 && strcmp(key, want) == 0;
}

int json_find(const char *s, size_t len, const char *const *path, size_t npath, const char **val,
	      size_t *vlen)
{
	const char *found;
	size_t level, i, start, flen = 0;
	int err;

	err = json_validate(s, len);
	if (err)
		return err;
	trim(&s, &len);
	for (level = 0; level < npath; level++) {
		if (s[0] != '{')
			return -ENOENT;
		found = NULL;
		i = 1;
		/* Valid already: each member is "key" ws : value, then , or }. */
		for (;;) {
			i = skip_ws(s, len, i);
			if (s[i] == '}')
				break;
			start = i;
			scan_key(s, len, &i);
			i = skip_ws(s, len, i);
			if (key_is(s, len, start, path[level])) {
				found = s + i;
				start = i;
				skip_value(s, len, &i);
				flen = i - start;
			} else {
				skip_value(s, len, &i);
			}
			i = skip_ws(s, len, i);
			if (s[i] == ',')
				i++;
		}
		if (!found)
			return -ENOENT;
		s = found;
		len = flen;
	}
	*val = s;
	*vlen = len;
	return 0;
}

int json_string(const char *v, size_t vlen, char *out, size_t outlen)
{
	size_t p = 0;
	int err;

	if (!out || !outlen)
		return -ENOSPC;
	out[0] = '\0';
	err = json_validate(v, vlen);
	if (err)
		return err;
	trim(&v, &vlen);
	if (v[0] != '"')
		return -ENOENT;
	return scan_string(v, vlen, &p, out, outlen);
}

int json_get_string(const char *s, size_t len, const char *const *path, size_t npath, char *out,
		    size_t outlen)
{
	const char *v;
	size_t vlen;
	int err;

	if (out && outlen)
		out[0] = '\0';
	err = json_find(s, len, path, npath, &v, &vlen);
	if (err)
		return err;
	return json_string(v, vlen, out, outlen);
}

int json_array_init(struct json_array *it, const char *v, size_t vlen)
{
	int err = json_validate(v, vlen);

	if (err)
		return err;
	trim(&v, &vlen);
	if (v[0] != '[')
		return -ENOENT;
	it->s = v;
	it->len = vlen;
	it->pos = 1;
	it->first = true;
	return 0;
}

int json_array_next(struct json_array *it, const char **elem, size_t *elen)
{
	size_t i = skip_ws(it->s, it->len, it->pos), start;

	/* Validated by json_array_init(): "]", or a value then , or ]. */
	if (i >= it->len || it->s[i] == ']') {
		it->pos = it->len;
		return 0;
	}
	if (!it->first && it->s[i] == ',')
		i = skip_ws(it->s, it->len, i + 1);
	it->first = false;
	start = i;
	if (skip_value(it->s, it->len, &i))
		return -EINVAL;
	*elem = it->s + start;
	*elen = i - start;
	it->pos = i;
	return 1;
}
