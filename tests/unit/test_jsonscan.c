// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* jsonscan: runtimes' state files, and every way a hostile one can be
 * broken. Inputs are copied into buffers of their exact length, so a read
 * past the end is a sanitizer error (SANITIZE=1), not luck. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jsonscan.h"

/* @len bytes of @s in a heap block of exactly that size. */
static char *exact(const char *s, size_t len)
{
	char *b = malloc(len ? len : 1);

	cr_assert(b);
	memcpy(b, s, len);
	return b;
}

/* The string at @path in @doc, or the error. */
static int get(const char *doc, const char *const *path, size_t npath, char *out, size_t outlen)
{
	char *b = exact(doc, strlen(doc));
	int err = json_get_string(b, strlen(doc), path, npath, out, outlen);

	free(b);
	return err;
}

static void want_string(const char *doc, const char *const *path, size_t npath, const char *want,
			size_t wantlen)
{
	char out[256];
	int err = get(doc, path, npath, out, sizeof(out));

	cr_assert_eq(err, 0, "%s: %d", doc, err);
	cr_assert(strlen(out) == wantlen && memcmp(out, want, wantlen) == 0, "%s: got '%s'", doc,
		  out);
}

static void want_err(const char *doc, const char *const *path, size_t npath, int want)
{
	char out[256];
	int err = get(doc, path, npath, out, sizeof(out));

	cr_assert_eq(err, want, "%s: got %d, want %d", doc, err, want);
}

static const char *const name[] = { "Name" };
static const char *const ann[] = { "annotations", "io.kubernetes.cri.container-name" };

Test(jsonscan, docker_name)
{
	want_string("{\"Name\":\"/web\"}", name, 1, "/web", 4);
	want_string(" \n{ \"ID\" : \"x\", \"State\":{\"Running\":true,\"Pid\":12},"
		    "\"Name\" : \"/web\" ,\"Cfg\":[1,2.5e3,-0,null,false,{}]}\r\n",
		    name, 1, "/web", 4);
}

Test(jsonscan, nested_path)
{
	want_string("{\"annotations\":{\"io.kubernetes.cri.container-name\":\"x\"}}", ann, 2, "x",
		    1);
	want_string("{\"a\":[{\"annotations\":{}}],\"annotations\":{\"k\":1,"
		    "\"io.kubernetes.cri.container-name\":\"nginx\"}}",
		    ann, 2, "nginx", 5);
}

Test(jsonscan, key_at_wrong_level_does_not_match)
{
	/* "Name" inside another object, or inside an array, is not ours. */
	want_err("{\"Config\":{\"Name\":\"/evil\"}}", name, 1, -ENOENT);
	want_err("{\"x\":[{\"Name\":\"/evil\"}]}", name, 1, -ENOENT);
	want_err("[{\"Name\":\"/evil\"}]", name, 1, -ENOENT);
	want_string("{\"Config\":{\"Name\":\"/evil\"},\"Name\":\"/web\"}", name, 1, "/web", 4);
	/* the inner key one level too high */
	want_err("{\"io.kubernetes.cri.container-name\":\"evil\",\"annotations\":{}}", ann, 2,
		 -ENOENT);
	want_err("{\"annotations\":{\"x\":{\"io.kubernetes.cri.container-name\":\"evil\"}}}", ann,
		 2, -ENOENT);
	/* a value that looks like a key */
	want_err("{\"a\":\"\\\"Name\\\":\\\"/evil\\\"\"}", name, 1, -ENOENT);
}

Test(jsonscan, last_duplicate_wins)
{
	want_string("{\"Name\":\"/a\",\"Name\":\"/b\"}", name, 1, "/b", 2);
}

Test(jsonscan, wrong_type_is_enoent)
{
	want_err("{\"Name\":5}", name, 1, -ENOENT);
	want_err("{\"Name\":{\"x\":\"y\"}}", name, 1, -ENOENT);
	want_err("{\"annotations\":\"x\"}", ann, 2, -ENOENT);
	want_err("\"Name\"", name, 1, -ENOENT);
}

Test(jsonscan, escapes)
{
	want_string("{\"Name\":\"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\"}", name, 1, "a\"b\\c/d\n\t\r\b\f",
		    12);
	want_string("{\"Name\":\"\\u00e9\\u20AC\"}", name, 1, "\xc3\xa9\xe2\x82\xac", 5);
	/* U+1F600 as a surrogate pair */
	want_string("{\"Name\":\"\\ud83d\\ude00\"}", name, 1, "\xf0\x9f\x98\x80", 4);
	want_string("{\"N\\u0061me\":\"x\"}", name, 1, "x", 1); /* escapes in keys too */
	/* raw UTF-8 kept as it is */
	want_string("{\"Name\":\"caf\xc3\xa9\"}", name, 1, "caf\xc3\xa9", 5);
}

Test(jsonscan, bad_escapes)
{
	const char *bad[] = {
		"{\"Name\":\"\\ud83d\"}",	 /* high surrogate alone */
		"{\"Name\":\"\\ud83dx\"}",	 /* high, then not an escape */
		"{\"Name\":\"\\ud83d\\u0041\"}", /* high, then no low */
		"{\"Name\":\"\\ude00\"}",	 /* low alone */
		"{\"Name\":\"\\ude00\\ud83d\"}", /* reversed */
		"{\"Name\":\"\\u12\"}",
		"{\"Name\":\"\\u12g4\"}",
		"{\"Name\":\"\\x41\"}",
		"{\"Name\":\"\\'\"}",
		"{\"Name\":\"\\\"}",
		"{\"Name\":\"a\tb\"}", /* raw control byte */
		"{\"Name\":\"a\nb\"}",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		want_err(bad[i], name, 1, -EINVAL);
	want_err("{\"Name\":\"a\\u0000b\"}", name, 1, -EILSEQ);
}

Test(jsonscan, malformed)
{
	const char *bad[] = {
		"",
		" ",
		"{",
		"}",
		"{\"Name\"}",
		"{\"Name\":}",
		"{\"Name\":\"x\",}",
		"{,\"Name\":\"x\"}",
		"{\"Name\" \"x\"}",
		"{\"Name\":\"x\" \"a\":1}",
		"{Name:\"x\"}",
		"{'Name':'x'}",
		"{\"Name\":\"x\"}}",
		"{\"Name\":\"x\"} x",
		"{\"Name\":\"x\"}{}",
		"{\"a\":[1,2,]}",
		"{\"a\":[,1]}",
		"{\"a\":[1 2]}",
		"{\"a\":[}",
		"{\"a\":{]}",
		"{\"a\":tru}",
		"{\"a\":nul}",
		"{\"a\":True}",
		"{\"a\":01}",
		"{\"a\":1.}",
		"{\"a\":.5}",
		"{\"a\":1e}",
		"{\"a\":-}",
		"{\"a\":+1}",
		"{\"a\":0x10}",
		"{\"a\":NaN}",
		"{\"Name\":\"x\"",
		"{\"Name\":\"x",
		"{1:2}",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		want_err(bad[i], name, 1, -EINVAL);
	/* a NUL byte inside the text, given by length */
	{
		char doc[] = "{\"Name\":\"x\"}\0";
		char out[8];

		cr_assert_eq(json_get_string(doc, sizeof(doc) - 1, name, 1, out, sizeof(out)),
			     -EINVAL);
		cr_assert_eq(json_get_string(doc, sizeof(doc) - 2, name, 1, out, sizeof(out)), 0);
	}
}

Test(jsonscan, depth_limit)
{
	char doc[4 * JSON_MAX_DEPTH + 64];
	size_t n = 0;
	int i, depth;

	for (depth = JSON_MAX_DEPTH; depth <= JSON_MAX_DEPTH + 1; depth++) {
		n = 0;
		for (i = 0; i < depth; i++)
			doc[n++] = '[';
		for (i = 0; i < depth; i++)
			doc[n++] = ']';
		cr_assert_eq(json_validate(doc, n), depth <= JSON_MAX_DEPTH ? 0 : -E2BIG,
			     "depth %d", depth);
	}
	/* very deep, never closed: refused at the limit, no stack spent */
	{
		size_t big = 1 << 20;
		char *deep = malloc(big);

		cr_assert(deep);
		memset(deep, '[', big);
		cr_assert_eq(json_validate(deep, big), -E2BIG);
		free(deep);
	}
}

Test(jsonscan, output_too_small)
{
	char out[4];

	cr_assert_eq(get("{\"Name\":\"abcd\"}", name, 1, out, sizeof(out)), -ENOSPC);
	cr_assert_eq(get("{\"Name\":\"abc\"}", name, 1, out, sizeof(out)), 0);
	cr_assert_str_eq(out, "abc");
	/* a multi-byte character that does not fit is not half written */
	cr_assert_eq(get("{\"Name\":\"ab\\u00e9\"}", name, 1, out, sizeof(out)), -ENOSPC);
	/* malformed says so before "too small" */
	cr_assert_eq(get("{\"Name\":\"abcdefg\\q\"}", name, 1, out, sizeof(out)), -EINVAL);
}

static const char podman[] =
	"[{\"id\":\"ade47d443d88291de1d19a9dd947a94636b5c9ccfb4daf0e789dff8ee1000b2c\","
	"\"names\":[\"probe\"],\"image\":\"8abfaa16\",\"layer\":\"fec181a0\","
	"\"metadata\":\"{\\\"image-name\\\":\\\"localhost/bb:latest\\\",\\\"name\\\":\\\"probe\\\"}\","
	"\"created\":\"2026-12-03T16:51:57.911757293Z\","
	"\"flags\":{\"MountLabel\":\"\",\"ProcessLabel\":\"\"}},"
	"{\"id\":\"b\",\"names\":[\"two\",\"alias\"]} , {\"id\":\"c\"}]";

Test(jsonscan, array_walk)
{
	static const char *const id[] = { "id" }, *const names[] = { "names" };
	struct json_array it, nit;
	const char *e, *v;
	size_t elen, vlen;
	char out[128];
	int n = 0;

	cr_assert_eq(json_array_init(&it, podman, strlen(podman)), 0);
	while (json_array_next(&it, &e, &elen) == 1) {
		cr_assert_eq(json_get_string(e, elen, id, 1, out, sizeof(out)), 0);
		if (n == 0)
			cr_assert_str_eq(out,
					 "ade47d443d88291de1d19a9dd947a94636b5c9ccfb4daf0e789dff"
					 "8ee1000b2c");
		if (n == 2) {
			cr_assert_eq(json_find(e, elen, names, 1, &v, &vlen), -ENOENT);
		} else {
			cr_assert_eq(json_find(e, elen, names, 1, &v, &vlen), 0);
			cr_assert_eq(json_array_init(&nit, v, vlen), 0);
			cr_assert_eq(json_array_next(&nit, &v, &vlen), 1);
			cr_assert_eq(json_string(v, vlen, out, sizeof(out)), 0);
			cr_assert_str_eq(out, n == 0 ? "probe" : "two");
		}
		n++;
	}
	cr_assert_eq(n, 3);
	cr_assert_eq(json_array_next(&it, &e, &elen), 0); /* stays at the end */

	cr_assert_eq(json_array_init(&it, " [ ] ", 5), 0);
	cr_assert_eq(json_array_next(&it, &e, &elen), 0);
	cr_assert_eq(json_array_init(&it, "{}", 2), -ENOENT);
	cr_assert_eq(json_array_init(&it, "[1,]", 4), -EINVAL);
}

/* Every prefix of a real document, in a block of exactly that size: each
 * is malformed (but the whole), and none is read past its end. */
static void truncations(const char *doc)
{
	static const char *const id[] = { "id" };
	size_t len = strlen(doc), cut;
	struct json_array it;
	const char *e;
	size_t elen;
	char out[256];
	char *b;

	for (cut = 0; cut <= len; cut++) {
		b = exact(doc, cut);
		if (cut < len) {
			/* "1" would be a whole document; ours all end with } or ] */
			cr_assert_neq(json_validate(b, cut), 0, "prefix %zu", cut);
			cr_assert_neq(json_get_string(b, cut, ann, 2, out, sizeof(out)), 0);
			cr_assert_neq(json_array_init(&it, b, cut), 0);
		} else {
			cr_assert_eq(json_validate(b, cut), 0);
			if (json_array_init(&it, b, cut) == 0)
				while (json_array_next(&it, &e, &elen) == 1)
					json_get_string(e, elen, id, 1, out, sizeof(out));
		}
		free(b);
	}
}

Test(jsonscan, every_truncation)
{
	truncations(podman);
	truncations("{\"ociVersion\":\"1.1.0\",\"process\":{\"args\":[\"/pause\"],\"env\":[]},"
		    "\"annotations\":{\"io.kubernetes.cri.sandbox-namespace\":\"default\","
		    "\"io.kubernetes.cri.container-name\":\"n\\u00e9\\ud83d\\ude00x\\\"\"},"
		    "\"n\":[-1.5e+10,0,true,false,null]}");
}

/* Every single-byte change of a document: no crash, no overread. */
Test(jsonscan, every_byte_flip)
{
	static const char doc[] = "{\"a\":[1,\"\\u00e9\"],\"annotations\":{\"io.kubernetes.cri."
				  "container-name\":\"x\\\\\"}}";
	static const char repl[] = "{}[]\",:\\u0 -e.tfn\x01\xff";
	size_t len = sizeof(doc) - 1, i, r;
	char out[64];
	char *b;

	for (i = 0; i < len; i++)
		for (r = 0; r < sizeof(repl) - 1; r++) {
			b = exact(doc, len);
			b[i] = repl[r];
			json_get_string(b, len, ann, 2, out, sizeof(out));
			free(b);
		}
}
