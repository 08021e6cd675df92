// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <stdbool.h>
#include <stdio.h>

#include "escape.h"

/*
 * ASCII bytes each mode writes unchanged. Bytes 0x80 and up are 0 here and go
 * through utf8_sequence_len(), so printable ASCII, the common case, costs one
 * table lookup.
 */
static const unsigned char plain[][256] = {
	[ESCAPE_TEXT] = { [' ' ... '['] = 1, [']' ... '~'] = 1 },
	[ESCAPE_TEXT_LINES] = { ['\t'] = 1, ['\n'] = 1, [' ' ... '['] = 1, [']' ... '~'] = 1 },
	[ESCAPE_JSON] = { [' ' ... '!'] = 1, ['#' ... '['] = 1, [']' ... 0x7f] = 1 },
	[ESCAPE_LABEL] = { [0 ... '\t'] = 1,
			   ['\v' ... '!'] = 1,
			   ['#' ... '['] = 1,
			   [']' ... 0x7f] = 1 },
};

static const char hex[] = "0123456789abcdef";

/* Inlined into the scan loop below; utf8_sequence_len() is its public face. */
static inline size_t sequence_len(const unsigned char *s, size_t len)
{
	unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
	size_t n = 0, i;

	if (len && s[0] < 0x80) {
		n = 1;
	} else if (len && s[0] >= 0xc2 && s[0] <= 0xf4) { /* C0, C1: overlong 2-byte forms */
		n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
		if (s[0] == 0xe0)
			lo = 0xa0; /* overlong 3-byte form */
		else if (s[0] == 0xed)
			hi = 0x9f; /* U+D800..U+DFFF are surrogates, not characters */
		else if (s[0] == 0xf0)
			lo = 0x90; /* overlong 4-byte form */
		else if (s[0] == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
		if (n > len || s[1] < lo || s[1] > hi)
			n = 0;
		for (i = 2; i < n; i++)
			if ((s[i] & 0xc0) != 0x80)
				n = 0;
	}
	return n;
}

size_t utf8_sequence_len(const unsigned char *s, size_t len)
{
	return sequence_len(s, len);
}

/* Valid UTF-8 that a terminal would still act on: C1 controls (C2 9B is CSI)
 * and the bidi overrides and isolates that reorder what is shown. */
static bool terminal_control(const unsigned char *s, size_t n)
{
	if (n == 2)
		return s[0] == 0xc2 && s[1] < 0xa0;
	if (n == 3 && s[0] == 0xe2)
		return (s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae) ||
		       (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9);
	return false;
}

/* Unlocked: each output stream is written by one thread (see escape.h), and
 * a lock per call would cost as much as the scan of a short path. */
static size_t put(FILE *f, const char *buf, size_t n)
{
	if (f)
		fwrite_unlocked(buf, 1, n, f);
	return n;
}

/* \xNN, or in JSON the text \xNN, i.e. "\\xNN". */
static size_t put_hex_byte(FILE *f, unsigned char c, bool json)
{
	char buf[5] = { '\\', '\\', 'x', hex[c >> 4], hex[c & 0xf] };

	return json ? put(f, buf, 5) : put(f, buf + 1, 4);
}

static size_t put_u4(FILE *f, unsigned int cp)
{
	char buf[6] = { '\\',
			'u',
			hex[(cp >> 12) & 0xf],
			hex[(cp >> 8) & 0xf],
			hex[(cp >> 4) & 0xf],
			hex[cp & 0xf] };

	return put(f, buf, sizeof(buf));
}

/* The two-char escape of an ASCII byte in @mode, or 0 if it has none. */
static char short_escape(unsigned char c, enum escape_mode mode)
{
	switch (c) {
	case '\\': return '\\';
	case '\n': return 'n';
	case '\t': return 't';
	case '"': return mode == ESCAPE_JSON || mode == ESCAPE_LABEL ? '"' : 0;
	case '\r': return mode == ESCAPE_JSON ? 'r' : 0;
	case '\b': return mode == ESCAPE_JSON ? 'b' : 0;
	case '\f': return mode == ESCAPE_JSON ? 'f' : 0;
	default: return 0;
	}
}

/* Escape the unit at @s, which plain[] or terminal_control() refused, and
 * set *@used to the bytes it took. Returns the width written. */
static size_t escape_unit(FILE *f, const unsigned char *s, size_t len, enum escape_mode mode,
			  size_t *used)
{
	char buf[2] = { '\\', short_escape(s[0], mode) };
	size_t width = 0, n, i;

	if (s[0] < 0x80) {
		*used = 1;
		if (buf[1])
			width = put(f, buf, 2);
		else if (mode == ESCAPE_JSON)
			width = put_u4(f, s[0]);
		else
			width = put_hex_byte(f, s[0], false);
	} else if ((n = utf8_sequence_len(s, len)) == 0) {
		*used = 1;
		if (mode == ESCAPE_LABEL) {
			put(f, "\xef\xbf\xbd", 3); /* U+FFFD, one column */
			width = 1;
		} else {
			width = put_hex_byte(f, s[0], mode == ESCAPE_JSON);
		}
	} else if (n == 3) {
		*used = 3; /* a bidi control: name it by its code point */
		width = put_u4(f, (s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 | (s[2] & 0x3fu));
	} else {
		*used = n; /* a C1 control: its bytes, as \xc2\x9b */
		for (i = 0; i < n; i++)
			width += put_hex_byte(f, s[i], false);
	}
	return width;
}

/* With @f NULL, only measure. */
static size_t escape(FILE *f, const unsigned char *s, size_t len, enum escape_mode mode)
{
	const bool text = mode == ESCAPE_TEXT || mode == ESCAPE_TEXT_LINES;
	const unsigned char *keep = plain[mode];
	size_t width = 0, i = 0, start, n;

	while (i < len) {
		/* The longest run written as it is, in one fwrite. */
		start = i;
		while (i < len) {
			n = i;
			/* four at a time: no branch per byte on long ASCII runs */
			while (i + 4 <= len &&
			       (keep[s[i]] & keep[s[i + 1]] & keep[s[i + 2]] & keep[s[i + 3]]))
				i += 4;
			while (i < len && keep[s[i]])
				i++;
			width += i - n;
			if (i == len || s[i] < 0x80)
				break;
			n = sequence_len(s + i, len - i);
			if (!n || (text && terminal_control(s + i, n)))
				break;
			i += n;
			width++;
		}
		if (i > start && f)
			fwrite_unlocked(s + start, 1, i - start, f);
		if (i < len) {
			width += escape_unit(f, s + i, len - i, mode, &n);
			i += n;
		}
	}
	return width;
}

static enum escape_mode known(enum escape_mode mode)
{
	/* An unknown mode gets the strictest escaping, never a read past plain[]. */
	return (unsigned int)mode <= ESCAPE_LABEL ? mode : ESCAPE_TEXT;
}

size_t escape_write(FILE *f, const char *s, size_t len, enum escape_mode mode)
{
	return escape(f, (const unsigned char *)s, len, known(mode));
}

size_t escape_width(const char *s, size_t len, enum escape_mode mode)
{
	return escape(NULL, (const unsigned char *)s, len, known(mode));
}
