/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Event output for the streaming tools: aligned columns with a header, or
 * one JSON object per line, both driven by one column table per tool.
 *
 *   static const struct emit_col cols[] = {
 *       { "PID", NULL, EMIT_INT, 7 }, { "COMM", NULL, EMIT_STR, -16 }, ...
 *   };
 *   emit_init(&e, stdout, json, cols, ARRAY_SIZE(cols), shown_mask);
 *   emit_header(&e);
 *   emit_row(&e, ts, vals);      vals[i] belongs to cols[i]
 */
#ifndef CORETRACE_EMIT_H
#define CORETRACE_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

enum emit_kind {
	EMIT_INT,   /* .i, signed */
	EMIT_UINT,  /* .u */
	EMIT_OCT,   /* .u, printed in octal (flags, modes) */
	EMIT_STR,   /* .s, NUL-terminated; control bytes and invalid UTF-8 escaped */
	EMIT_FLOAT, /* .d with @precision decimals */
	EMIT_CLOCK, /* local HH:MM:SS of the row's timestamp; JSON has "ts" */
	EMIT_BOOL,  /* .u, true when non-zero: JSON true/false */
};

struct emit_col {
	const char *title; /* column header, e.g. "PID" */
	const char *key;   /* JSON key; NULL means the lowercase title */
	enum emit_kind kind;
	int width;     /* > 0 right-aligned, < 0 left-aligned, 0 unpadded */
	int precision; /* EMIT_FLOAT decimals */
};

union emit_val {
	long long i;
	unsigned long long u;
	const char *s;
	double d;
};

struct emitter {
	FILE *out;
	bool json;
	const struct emit_col *cols;
	int ncols;
	uint64_t shown; /* bit i set: cols[i] is printed */
};

#define EMIT_ALL (~(uint64_t)0)

void emit_init(struct emitter *e, FILE *out, bool json, const struct emit_col *cols, int ncols,
	       uint64_t shown);
void emit_header(const struct emitter *e);
/* @ts: Unix seconds (DESIGN.md "ts"). */
void emit_row(const struct emitter *e, double ts, const union emit_val *vals);

/* Write @s (up to @len bytes or its NUL) for a terminal: valid UTF-8 kept,
 * control bytes and invalid UTF-8 escaped (escape.h), so one event stays
 * one line and no byte of a path or comm acts on the terminal. */
void emit_escaped(FILE *f, const char *s, size_t len);

/* The same, padded to @width columns (> 0 right-aligned, < 0 left-aligned,
 * 0 none), counting what shows. Returns the columns of @s itself. */
int emit_text(FILE *f, const char *s, size_t len, int width);

#endif
