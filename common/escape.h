/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The one way bytes from the traced system (comm, paths, hostnames, TLS
 * plaintext, label values) reach our output: we run as root and an attacker
 * chooses those bytes, so control bytes and invalid UTF-8 never pass through
 * raw. Valid UTF-8 is kept as it is.
 */
#ifndef CORETRACE_ESCAPE_H
#define CORETRACE_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

enum escape_mode {
	/* One terminal line: \n \t \\ as two-char escapes; other C0 bytes, DEL and
	 * C1 controls (C2 80..C2 9F) as \xNN per byte; bidi controls U+202A..U+202E
	 * and U+2066..U+2069 as \u202e (Trojan Source, CVE-2021-42574); invalid
	 * UTF-8 bytes as \xNN. */
	ESCAPE_TEXT,
	/* As ESCAPE_TEXT, but newline and tab are kept raw (multi-line
	 * plaintext); \r is still escaped. */
	ESCAPE_TEXT_LINES,
	/* The inside of a JSON string, no quotes: " \ \n \t \r \b \f as two-char
	 * escapes, other bytes < 0x20 as \u00XX; each invalid UTF-8 byte as the
	 * text \xNN (written "\\xNN"). Valid UTF-8, C1 and DEL included, is kept. */
	ESCAPE_JSON,
	/* A Prometheus text-format label value: \ " and newline as \\ \" \n; each
	 * invalid UTF-8 byte replaced by U+FFFD, since one invalid byte makes the
	 * whole scrape fail. Everything else is kept. */
	ESCAPE_LABEL,
};

/* Write exactly @len bytes of @s (a NUL byte is data, not the end) to @f,
 * escaped for @mode. Returns the display width written: one column per code
 * point kept, plus the length of each escape. @f is written unlocked, so no
 * other thread may write it meanwhile (each tool prints from one thread). */
size_t escape_write(FILE *f, const char *s, size_t len, enum escape_mode mode);

/* The width escape_write() would return, without writing (for right-aligned
 * columns). */
size_t escape_width(const char *s, size_t len, enum escape_mode mode);

/* Length (1..4) of the valid UTF-8 sequence at @s (at most @len bytes), or 0
 * if the bytes there are not one: overlong forms, surrogates U+D800..U+DFFF,
 * code points above U+10FFFF, stray continuation bytes and sequences cut
 * short by @len are all invalid. */
size_t utf8_sequence_len(const unsigned char *s, size_t len);

#endif
