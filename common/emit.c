// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "emit.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

#include "escape.h"
#include "json.h"

void emit_init(struct emitter *e, FILE *out, bool json, const struct emit_col *cols, int ncols,
	       uint64_t shown)
{
	e->out = out;
	e->json = json;
	e->cols = cols;
	e->ncols = ncols;
	e->shown = shown;
}

static bool shown(const struct emitter *e, int i)
{
	return i < 64 && (e->shown & ((uint64_t)1 << i));
}

static void pad(FILE *f, int n)
{
	while (n-- > 0)
		fputc(' ', f);
}

void emit_header(const struct emitter *e)
{
	bool first = true;
	int i;

	if (e->json)
		return;
	for (i = 0; i < e->ncols; i++) {
		const struct emit_col *c = &e->cols[i];
		int w = c->width < 0 ? -c->width : c->width;
		int len = (int)strlen(c->title);

		if (!shown(e, i))
			continue;
		if (!first)
			fputc(' ', e->out);
		first = false;
		if (c->width > 0)
			pad(e->out, w - len);
		fputs(c->title, e->out);
		if (c->width < 0 && i + 1 < e->ncols)
			pad(e->out, w - len);
	}
	fputc('\n', e->out);
}

void emit_escaped(FILE *f, const char *s, size_t len)
{
	escape_write(f, s, strnlen(s, len), ESCAPE_TEXT);
}

int emit_text(FILE *f, const char *s, size_t len, int width)
{
	size_t n = strnlen(s, len);
	int shown;

	/* Pad by what shows: escapes are wider than their byte, UTF-8
	 * characters narrower than theirs. */
	if (width > 0)
		pad(f, width - (int)escape_width(s, n, ESCAPE_TEXT));
	shown = (int)escape_write(f, s, n, ESCAPE_TEXT);
	if (width < 0)
		pad(f, -width - shown);
	return shown;
}

static int format_cell(char *buf, size_t len, const struct emit_col *c, const union emit_val *v,
		       double ts)
{
	time_t secs = (time_t)ts;
	struct tm tm;

	switch (c->kind) {
	case EMIT_INT: return snprintf(buf, len, "%lld", v->i);
	case EMIT_UINT: return snprintf(buf, len, "%llu", v->u);
	case EMIT_OCT: return snprintf(buf, len, "%llo", v->u);
	case EMIT_FLOAT: return snprintf(buf, len, "%.*f", c->precision, v->d);
	case EMIT_CLOCK: localtime_r(&secs, &tm); return (int)strftime(buf, len, "%H:%M:%S", &tm);
	case EMIT_BOOL: return snprintf(buf, len, "%s", v->u ? "true" : "false");
	case EMIT_STR: break;
	}
	return -1;
}

static void text_row(const struct emitter *e, double ts, const union emit_val *vals)
{
	bool first = true;
	char cell[64];
	int i;

	for (i = 0; i < e->ncols; i++) {
		const struct emit_col *c = &e->cols[i];
		int w = c->width < 0 ? -c->width : c->width;
		int len;

		if (!shown(e, i))
			continue;
		if (!first)
			fputc(' ', e->out);
		first = false;
		if (c->kind == EMIT_STR) {
			len = emit_text(e->out, vals[i].s ? vals[i].s : "", (size_t)-1,
					c->width > 0 ? c->width : 0);
		} else {
			len = format_cell(cell, sizeof(cell), c, &vals[i], ts);
			if (c->width > 0)
				pad(e->out, w - len);
			fputs(cell, e->out);
		}
		if (c->width < 0 && i + 1 < e->ncols)
			pad(e->out, w - len);
	}
	fputc('\n', e->out);
}

static void json_key_for(FILE *f, const struct emit_col *c)
{
	char key[64];
	size_t i;

	if (c->key) {
		json_write_key(f, c->key);
		return;
	}
	for (i = 0; c->title[i] && i + 1 < sizeof(key); i++)
		key[i] = (char)tolower((unsigned char)c->title[i]);
	key[i] = '\0';
	json_write_key(f, key);
}

static void json_row(const struct emitter *e, double ts, const union emit_val *vals)
{
	char cell[64];
	int i;

	fputs("{\"type\":\"event\",\"ts\":", e->out);
	json_write_ts(e->out, ts);
	for (i = 0; i < e->ncols; i++) {
		const struct emit_col *c = &e->cols[i];

		if (!shown(e, i) || c->kind == EMIT_CLOCK)
			continue;
		fputc(',', e->out);
		json_key_for(e->out, c);
		switch (c->kind) {
		case EMIT_STR:
			json_write_string(e->out, vals[i].s ? vals[i].s : "", (size_t)-1);
			break;
		case EMIT_OCT:
			/* JSON has no octal: the number itself. */
			fprintf(e->out, "%llu", vals[i].u);
			break;
		default: format_cell(cell, sizeof(cell), c, &vals[i], ts); fputs(cell, e->out);
		}
	}
	fputs("}\n", e->out);
}

void emit_row(const struct emitter *e, double ts, const union emit_val *vals)
{
	if (e->json)
		json_row(e, ts, vals);
	else
		text_row(e, ts, vals);
}
