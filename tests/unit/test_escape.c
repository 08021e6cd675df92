// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* escape_write(): what reaches root's terminal, a JSON consumer or a scrape. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "memfile.h"

/* A string literal and its length, NUL bytes inside included. */
#define LIT(s) s, sizeof(s) - 1

static const enum escape_mode all_modes[] = { ESCAPE_TEXT, ESCAPE_TEXT_LINES, ESCAPE_JSON,
					      ESCAPE_LABEL };

/* Bytes made readable for a failure message. */
static const char *show(const char *s, size_t len)
{
	static char buf[4][1024];
	static int next;
	char *out = buf[next++ % 4];
	size_t i, o = 0;

	for (i = 0; i < len && o + 5 < sizeof(buf[0]); i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, 5, "<%02x>", c);
	}
	out[o] = '\0';
	return out;
}

/* escape_write() of @in gives exactly @want, with width @width, and
 * escape_width() agrees. */
static void check(enum escape_mode mode, const char *in, size_t inlen, const char *want,
		  size_t wantlen, size_t width)
{
	struct memfile m;
	size_t got;

	memfile_open(&m);
	got = escape_write(m.f, in, inlen, mode);
	memfile_text(&m);
	cr_assert(m.len == wantlen && memcmp(m.buf, want, wantlen) == 0,
		  "mode %d, in \"%s\": got \"%s\", want \"%s\"", mode, show(in, inlen),
		  show(m.buf, m.len), show(want, wantlen));
	cr_assert_eq(got, width, "mode %d, in \"%s\": width %zu, want %zu", mode, show(in, inlen),
		     got, width);
	cr_assert_eq(escape_width(in, inlen, mode), got, "mode %d, in \"%s\"", mode,
		     show(in, inlen));
	memfile_close(&m);
}

/* Input @in kept as it is, @width code points. */
static void kept(enum escape_mode mode, const char *in, size_t inlen, size_t width)
{
	check(mode, in, inlen, in, inlen, width);
}

/* An independent UTF-8 decoder, from the definition (shortest form, no
 * surrogates, at most U+10FFFF) rather than from the table of byte ranges. */
static size_t ref_len(const unsigned char *s, size_t len)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n, i;
	uint32_t cp;

	if (!len)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static bool valid_utf8(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = ref_len((const unsigned char *)s + i, len - i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

/* --- valid UTF-8 is kept ----------------------------------------------- */

Test(escape, valid_utf8_is_kept_in_every_mode)
{
	size_t i;

	for (i = 0; i < sizeof(all_modes) / sizeof(all_modes[0]); i++) {
		kept(all_modes[i], LIT("bücher.txt"), 10); /* 2-byte; this file is UTF-8 */
		kept(all_modes[i], LIT("été"), 3);
		kept(all_modes[i], LIT("日本"), 2);		/* 3-byte */
		kept(all_modes[i], LIT("🙂"), 1);		/* 4-byte */
		kept(all_modes[i], LIT("\xf4\x8f\xbf\xbf"), 1); /* U+10FFFF, the last one */
	}
}

Test(escape, e_acute_is_one_column)
{
	size_t i;

	for (i = 0; i < sizeof(all_modes) / sizeof(all_modes[0]); i++)
		cr_expect_eq(escape_width(LIT("\xc3\xa9"), all_modes[i]), 1, "mode %d",
			     all_modes[i]);
}

Test(escape, printable_ascii_is_kept)
{
	kept(ESCAPE_TEXT, LIT("/usr/lib/x86_64-linux-gnu/libssl.so.3 {a}~"), 42);
	kept(ESCAPE_JSON, LIT("/etc/ld.so.cache 'x' ~"), 22);
	kept(ESCAPE_LABEL, LIT("vda1 sda 'x'"), 12);
}

Test(escape, empty_input_writes_nothing)
{
	size_t i;

	for (i = 0; i < sizeof(all_modes) / sizeof(all_modes[0]); i++)
		check(all_modes[i], "", 0, "", 0, 0);
}

/* --- ESCAPE_TEXT ---------------------------------------------------------- */

Test(escape, terminal_attack_is_shown_not_run)
{
	/* Would retitle and clear root's terminal if written raw. */
	check(ESCAPE_TEXT, LIT("\x1b]0;PWNED\x07\x1b[2J"), LIT("\\x1b]0;PWNED\\x07\\x1b[2J"), 23);
	check(ESCAPE_TEXT_LINES, LIT("\x1b]0;PWNED\x07\x1b[2J"), LIT("\\x1b]0;PWNED\\x07\\x1b[2J"),
	      23);
}

Test(escape, text_short_escapes_and_cr)
{
	check(ESCAPE_TEXT, LIT("a\nb\tc\\d\re"), LIT("a\\nb\\tc\\\\d\\x0de"), 15);
}

Test(escape, text_escapes_every_c0_byte_and_del)
{
	char in[1], want[5];
	unsigned int c;

	for (c = 0; c < 0x20; c++) {
		if (c == '\n' || c == '\t')
			continue;
		in[0] = (char)c;
		snprintf(want, sizeof(want), "\\x%02x", c);
		check(ESCAPE_TEXT, in, 1, want, 4, 4);
	}
	check(ESCAPE_TEXT, LIT("\x7f"), LIT("\\x7f"), 4);
}

Test(escape, c1_csi_escaped_in_text_kept_in_json_and_label)
{
	/* C2 9B is CSI, to a terminal the same as ESC [ (here: cursor home) */
	check(ESCAPE_TEXT, LIT("a\xc2\x9bHb"), LIT("a\\xc2\\x9bHb"), 11);
	check(ESCAPE_TEXT_LINES, LIT("\xc2\x80\xc2\x9f"), LIT("\\xc2\\x80\\xc2\\x9f"), 16);
	kept(ESCAPE_JSON, LIT("a\xc2\x9bHb"), 4);
	kept(ESCAPE_LABEL, LIT("\xc2\x9b"), 1);
	/* U+00A0, the first code point after C1, is text */
	kept(ESCAPE_TEXT, LIT("\xc2\xa0"), 1);
}

Test(escape, bidi_controls_escaped_in_text)
{
	/* "user" RLO "gnp.exe": shown as "userexe.png" if left raw */
	check(ESCAPE_TEXT, LIT("user\xe2\x80\xaegnp.exe"), LIT("user\\u202egnp.exe"), 17);
	check(ESCAPE_TEXT, LIT("\xe2\x80\xaa"), LIT("\\u202a"), 6);
	check(ESCAPE_TEXT, LIT("\xe2\x81\xa6"), LIT("\\u2066"), 6);
	check(ESCAPE_TEXT_LINES, LIT("\xe2\x81\xa9"), LIT("\\u2069"), 6);
	kept(ESCAPE_JSON, LIT("\xe2\x80\xae"), 1);
	kept(ESCAPE_LABEL, LIT("\xe2\x80\xae"), 1);
}

Test(escape, code_points_next_to_bidi_ranges_are_kept)
{
	kept(ESCAPE_TEXT, LIT("\xe2\x80\xa9"), 1); /* U+2029 */
	kept(ESCAPE_TEXT, LIT("\xe2\x80\xaf"), 1); /* U+202F */
	kept(ESCAPE_TEXT, LIT("\xe2\x81\xa5"), 1); /* U+2065 */
	kept(ESCAPE_TEXT, LIT("\xe2\x81\xaa"), 1); /* U+206A */
	kept(ESCAPE_TEXT, LIT("\xe2\x82\xac"), 1); /* € */
}

Test(escape, nul_is_data_and_the_rest_is_written)
{
	check(ESCAPE_TEXT, LIT("ab\0cd"), LIT("ab\\x00cd"), 8);
	check(ESCAPE_JSON, LIT("ab\0cd"), LIT("ab\\u0000cd"), 10);
}

Test(escape, writes_exactly_len_bytes)
{
	check(ESCAPE_TEXT, "abcdef", 3, LIT("abc"), 3);
	/* é cut by @len is invalid, not read past */
	check(ESCAPE_TEXT, "x\xc3\xa9", 2, LIT("x\\xc3"), 5);
}

Test(escape, long_input_with_many_runs)
{
	static char in[3 * 4096], want[9 * 4096];
	size_t i;

	for (i = 0; i < 4096; i++) {
		memcpy(in + 3 * i, "a\x01\xc3", 3);
		memcpy(want + 9 * i, "a\\x01\\xc3", 9);
	}
	/* the last \xc3 is left out by @len */
	check(ESCAPE_TEXT, in, sizeof(in) - 1, want, sizeof(want) - 4, sizeof(want) - 4);
	kept(ESCAPE_LABEL, in, 2, 2);
}

/* --- invalid UTF-8 -------------------------------------------------------- */

Test(escape, invalid_lone_continuation)
{
	check(ESCAPE_TEXT, LIT("a\x80z"), LIT("a\\x80z"), 6);
	check(ESCAPE_TEXT, LIT("\xbf"), LIT("\\xbf"), 4);
}

Test(escape, invalid_overlong)
{
	check(ESCAPE_TEXT, LIT("\xc0\xaf"), LIT("\\xc0\\xaf"), 8);	     /* '/' in 2 bytes */
	check(ESCAPE_TEXT, LIT("\xe0\x80\xaf"), LIT("\\xe0\\x80\\xaf"), 12); /* '/' in 3 bytes */
	check(ESCAPE_TEXT, LIT("\xc1\xbf"), LIT("\\xc1\\xbf"), 8);
	check(ESCAPE_TEXT, LIT("\xf0\x8f\xbf\xbf"), LIT("\\xf0\\x8f\\xbf\\xbf"), 16);
}

Test(escape, invalid_surrogate)
{
	check(ESCAPE_TEXT, LIT("\xed\xa0\x80"), LIT("\\xed\\xa0\\x80"), 12);
	check(ESCAPE_JSON, LIT("\xed\xbf\xbf"), LIT("\\\\xed\\\\xbf\\\\xbf"), 15);
}

Test(escape, invalid_above_max_code_point)
{
	check(ESCAPE_TEXT, LIT("\xf4\x90\x80\x80"), LIT("\\xf4\\x90\\x80\\x80"), 16);
}

Test(escape, invalid_f5_to_ff)
{
	char in[1], want[5];
	unsigned int c;

	for (c = 0xf5; c <= 0xff; c++) {
		in[0] = (char)c;
		snprintf(want, sizeof(want), "\\x%02x", c);
		check(ESCAPE_TEXT, in, 1, want, 4, 4);
	}
}

Test(escape, invalid_truncated_at_end)
{
	check(ESCAPE_TEXT, LIT("ab\xe2\x82"), LIT("ab\\xe2\\x82"), 10);
	check(ESCAPE_LABEL, LIT("ab\xe2\x82"), LIT("ab\xef\xbf\xbd\xef\xbf\xbd"), 4);
}

Test(escape, valid_sequence_after_invalid_byte_is_kept)
{
	check(ESCAPE_TEXT, LIT("\xff\xc3\xa9"), LIT("\\xff\xc3\xa9"), 5);
	/* an E2 lead cut short by another E2 that does start a sequence */
	check(ESCAPE_TEXT, LIT("\xe2\xe2\x82\xac"), LIT("\\xe2\xe2\x82\xac"), 5);
	check(ESCAPE_JSON, LIT("\x80\xf0\x9f\x99\x82"), LIT("\\\\x80\xf0\x9f\x99\x82"), 6);
	check(ESCAPE_LABEL, LIT("\xc0\xc3\xa9"), LIT("\xef\xbf\xbd\xc3\xa9"), 2);
}

/* --- ESCAPE_TEXT_LINES ---------------------------------------------------- */

Test(escape, text_lines_keeps_newline_and_tab_only)
{
	check(ESCAPE_TEXT_LINES, LIT("GET / HTTP/1.1\r\nHost:\tx\r\n\x1b[2J\\"),
	      LIT("GET / HTTP/1.1\\x0d\nHost:\tx\\x0d\n\\x1b[2J\\\\"), 40);
}

/* --- ESCAPE_JSON ---------------------------------------------------------- */

Test(escape, json_short_escapes)
{
	check(ESCAPE_JSON, LIT("\"\\\n\t\r\b\f"), LIT("\\\"\\\\\\n\\t\\r\\b\\f"), 14);
}

Test(escape, json_other_control_bytes_as_u00xx)
{
	check(ESCAPE_JSON, LIT("\x01"), LIT("\\u0001"), 6);
	check(ESCAPE_JSON, LIT("\x1b[2J\x1f"), LIT("\\u001b[2J\\u001f"), 15);
	kept(ESCAPE_JSON, LIT("\x7f"), 1); /* DEL is valid in a JSON string */
}

Test(escape, json_invalid_byte_as_text_backslash_x)
{
	check(ESCAPE_JSON, LIT("a\xffz"), LIT("a\\\\xffz"), 7);
}

/* Run jq @filter on @json (a JSON text) and return its -j output, or NULL if
 * jq refused it. */
static char *jq_raw(const char *filter, const char *json, size_t len, size_t *outlen)
{
	char path[] = "/tmp/test_escape.XXXXXX", cmd[128];
	char *out = NULL;
	size_t cap = 0;
	FILE *p;
	int fd, status;

	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, json, len), (ssize_t)len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "jq -j '%s' < %s", filter, path);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	out = malloc(1 << 20);
	cr_assert_not_null(out);
	while ((cap += fread(out + cap, 1, (1 << 20) - cap, p)) < (1 << 20) && !feof(p))
		;
	status = pclose(p);
	unlink(path);
	*outlen = cap;
	if (status != 0) {
		free(out);
		return NULL;
	}
	return out;
}

Test(escape, json_output_decodes_to_the_intended_text)
{
	const char in[] = "a\"b\\c\n\xff \xc3\xa9 \x01\x7f\xc2\x9b\0z";
	/* what a consumer reads: the invalid byte as the four characters \xff */
	const char want[] = "a\"b\\c\n\\xff \xc3\xa9 \x01\x7f\xc2\x9b\0z";
	struct memfile m;
	size_t outlen;
	char *out;

	memfile_open(&m);
	fputc('"', m.f);
	escape_write(m.f, in, sizeof(in) - 1, ESCAPE_JSON);
	fputc('"', m.f);
	memfile_text(&m);
	out = jq_raw(".", m.buf, m.len, &outlen);
	cr_assert_not_null(out, "jq rejected %s", show(m.buf, m.len));
	cr_assert(outlen == sizeof(want) - 1 && memcmp(out, want, outlen) == 0, "jq read \"%s\"",
		  show(out, outlen));
	free(out);
	memfile_close(&m);
}

Test(escape, json_output_is_valid_for_every_two_byte_input)
{
	struct memfile m;
	unsigned int i;
	size_t outlen;
	char in[2], *out;

	/* jq 1.6 silently replaces invalid UTF-8, so check that ourselves too */
	memfile_open(&m);
	fputc('[', m.f);
	for (i = 0; i < 65536; i++) {
		in[0] = (char)(i >> 8);
		in[1] = (char)i;
		fputs(i ? ",\"" : "\"", m.f);
		escape_write(m.f, in, 2, ESCAPE_JSON);
		fputc('"', m.f);
	}
	fputs("]", m.f);
	memfile_text(&m);
	cr_assert(valid_utf8(m.buf, m.len));
	out = jq_raw("length", m.buf, m.len, &outlen);
	cr_assert_not_null(out, "jq rejected the output");
	cr_assert(outlen == 5 && memcmp(out, "65536", 5) == 0, "jq read %zu strings", outlen);
	free(out);
	memfile_close(&m);
}

/* --- ESCAPE_LABEL --------------------------------------------------------- */

Test(escape, label_invalid_byte_becomes_replacement_character)
{
	check(ESCAPE_LABEL, LIT("eth\xff"), LIT("eth\xef\xbf\xbd"), 4);
	check(ESCAPE_LABEL, LIT("\xc0\xaf"), LIT("\xef\xbf\xbd\xef\xbf\xbd"), 2);
}

Test(escape, label_quote_backslash_newline)
{
	check(ESCAPE_LABEL, LIT("a\"b\\c\nd"), LIT("a\\\"b\\\\c\\nd"), 10);
}

Test(escape, label_keeps_what_the_format_cannot_escape)
{
	/* The format knows only \\ \" \n: a \t or \x1b escape would fail the scrape. */
	kept(ESCAPE_LABEL, LIT("a\tb\rc\x1b"), 6);
}

/* --- properties over whole input spaces ----------------------------------- */

/* Nothing a terminal acts on survives ESCAPE_TEXT, and what is written is
 * valid UTF-8. */
static void assert_terminal_safe(const char *in, size_t inlen)
{
	struct memfile m;
	size_t i, n;

	memfile_open(&m);
	escape_write(m.f, in, inlen, ESCAPE_TEXT);
	memfile_text(&m);
	cr_assert(valid_utf8(m.buf, m.len), "in \"%s\"", show(in, inlen));
	for (i = 0; i < m.len; i += n) {
		const unsigned char *o = (const unsigned char *)m.buf + i;
		unsigned int cp = 0;

		n = ref_len(o, m.len - i);
		if (n == 1)
			cp = o[0];
		else if (n == 2)
			cp = (o[0] & 0x1fu) << 6 | (o[1] & 0x3fu);
		else if (n == 3)
			cp = (o[0] & 0x0fu) << 12 | (o[1] & 0x3fu) << 6 | (o[2] & 0x3fu);
		cr_assert(cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
				  !(cp >= 0x202a && cp <= 0x202e) &&
				  !(cp >= 0x2066 && cp <= 0x2069),
			  "in \"%s\": U+%04X written raw", show(in, inlen), cp);
	}
	memfile_close(&m);
}

Test(escape, text_is_terminal_safe_for_every_two_byte_input)
{
	unsigned int i;
	char in[2];

	for (i = 0; i < 65536; i++) {
		in[0] = (char)(i >> 8);
		in[1] = (char)i;
		assert_terminal_safe(in, 2);
	}
}

Test(escape, text_is_terminal_safe_for_every_e2_sequence)
{
	unsigned int i;
	char in[3];

	in[0] = '\xe2';
	for (i = 0; i < 65536; i++) {
		in[1] = (char)(i >> 8);
		in[2] = (char)i;
		assert_terminal_safe(in, 3);
	}
}

Test(escape, width_matches_write_for_every_two_byte_input)
{
	FILE *null = fopen("/dev/null", "w");
	unsigned int i;
	size_t k;
	char in[2];

	cr_assert_not_null(null);
	for (k = 0; k < sizeof(all_modes) / sizeof(all_modes[0]); k++) {
		for (i = 0; i < 65536; i++) {
			in[0] = (char)(i >> 8);
			in[1] = (char)i;
			cr_assert_eq(escape_width(in, 2, all_modes[k]),
				     escape_write(null, in, 2, all_modes[k]), "mode %d, in \"%s\"",
				     all_modes[k], show(in, 2));
		}
	}
	fclose(null);
}

/* --- utf8_sequence_len ---------------------------------------------------- */

#define U8(s) (const unsigned char *)s, sizeof(s) - 1

Test(utf8, sequence_len_at_boundaries)
{
	cr_expect_eq(utf8_sequence_len(U8("\x7f")), 1);		    /* U+007F */
	cr_expect_eq(utf8_sequence_len(U8("\xc2\x80")), 2);	    /* U+0080 */
	cr_expect_eq(utf8_sequence_len(U8("\xdf\xbf")), 2);	    /* U+07FF */
	cr_expect_eq(utf8_sequence_len(U8("\xe0\xa0\x80")), 3);	    /* U+0800 */
	cr_expect_eq(utf8_sequence_len(U8("\xed\x9f\xbf")), 3);	    /* U+D7FF */
	cr_expect_eq(utf8_sequence_len(U8("\xee\x80\x80")), 3);	    /* U+E000 */
	cr_expect_eq(utf8_sequence_len(U8("\xef\xbf\xbf")), 3);	    /* U+FFFF */
	cr_expect_eq(utf8_sequence_len(U8("\xf0\x90\x80\x80")), 4); /* U+10000 */
	cr_expect_eq(utf8_sequence_len(U8("\xf4\x8f\xbf\xbf")), 4); /* U+10FFFF */
}

Test(utf8, sequence_len_rejects_invalid)
{
	cr_expect_eq(utf8_sequence_len(U8("\x80")), 0);		    /* continuation */
	cr_expect_eq(utf8_sequence_len(U8("\xc1\xbf")), 0);	    /* overlong U+007F */
	cr_expect_eq(utf8_sequence_len(U8("\xe0\x9f\xbf")), 0);	    /* overlong U+07FF */
	cr_expect_eq(utf8_sequence_len(U8("\xf0\x8f\xbf\xbf")), 0); /* overlong U+FFFF */
	cr_expect_eq(utf8_sequence_len(U8("\xed\xa0\x80")), 0);	    /* U+D800 */
	cr_expect_eq(utf8_sequence_len(U8("\xed\xbf\xbf")), 0);	    /* U+DFFF */
	cr_expect_eq(utf8_sequence_len(U8("\xf4\x90\x80\x80")), 0); /* U+110000 */
	cr_expect_eq(utf8_sequence_len(U8("\xf5\x80\x80\x80")), 0);
	cr_expect_eq(utf8_sequence_len(U8("\xc2\x41")), 0); /* bad continuation */
	cr_expect_eq(utf8_sequence_len(U8("\xe2\x82\x41")), 0);
	cr_expect_eq(utf8_sequence_len(U8("\xf0\x9f\x99\xc0")), 0);
}

Test(utf8, sequence_len_stops_at_len)
{
	const unsigned char s[] = { 0xf0, 0x9f, 0x99, 0x82 };

	cr_expect_eq(utf8_sequence_len(s, 0), 0);
	cr_expect_eq(utf8_sequence_len(s, 1), 0);
	cr_expect_eq(utf8_sequence_len(s, 3), 0);
	cr_expect_eq(utf8_sequence_len(s, 4), 4);
	cr_expect_eq(utf8_sequence_len((const unsigned char *)"\xc3\xa9", 1), 0);
}

Test(utf8, sequence_len_matches_the_definition_for_every_three_byte_prefix)
{
	unsigned char s[4];
	unsigned int i, len;

	for (i = 0; i < (1u << 24); i++) {
		s[0] = (unsigned char)(i >> 16);
		s[1] = (unsigned char)(i >> 8);
		s[2] = (unsigned char)i;
		for (len = 1; len <= 3; len++)
			if (utf8_sequence_len(s, len) != ref_len(s, len))
				cr_assert_fail("%02x %02x %02x, len %u: %zu, want %zu", s[0], s[1],
					       s[2], len, utf8_sequence_len(s, len),
					       ref_len(s, len));
	}
}

Test(utf8, sequence_len_matches_the_definition_for_four_byte_forms)
{
	static const unsigned char tails[] = { 0x00, 0x41, 0x7f, 0x80, 0x9f, 0xbf, 0xc0, 0xff };
	unsigned char s[4];
	unsigned int a, b, c, d;

	for (a = 0xf0; a <= 0xff; a++)
		for (b = 0; b < 256; b++)
			for (c = 0; c < sizeof(tails); c++)
				for (d = 0; d < sizeof(tails); d++) {
					s[0] = (unsigned char)a;
					s[1] = (unsigned char)b;
					s[2] = tails[c];
					s[3] = tails[d];
					cr_assert_eq(utf8_sequence_len(s, 4), ref_len(s, 4),
						     "%02x %02x %02x %02x", a, b, s[2], s[3]);
				}
}
