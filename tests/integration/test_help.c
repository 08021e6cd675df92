// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Help and version, in every tool, as a user expects them: -h and --help
 * print the same help on stdout and exit 0, the usage lines never break
 * inside an option ("[-o" at the end of one line, "FILE]" on the next),
 * options sit under headings, -V and --version print the version. No
 * privileges needed.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "helpers/tool.h"

static const char *const tools[] = { "biolatency",     "opensnoop", "syscount", "sigsnoop",
				     "gethostlatency", "udplife",   "sslsnoop" };

#define NTOOLS (sizeof(tools) / sizeof(tools[0]))

static char *run_ok(const char *tool, const char *opt)
{
	const char *argv[] = { opt, NULL };
	struct tool_run r;
	char *out;

	cr_assert_eq(tool_run_once(&r, tool, argv, 10), 0, "%s %s: %s", tool, opt, r.err);
	cr_expect_eq(r.err_len, 0, "%s %s wrote to stderr: %s", tool, opt, r.err);
	out = strdup(r.out);
	tool_free(&r);
	return out;
}

/* Every line of the usage block (up to the first empty line) has as many
 * '[' as ']'. */
static void expect_usage_unbroken(const char *tool, const char *text)
{
	const char *line = text;

	while (*line && *line != '\n') {
		const char *end = strchr(line, '\n');
		int depth = 0;

		for (const char *c = line; c < (end ? end : line + strlen(line)); c++)
			depth += *c == '[' ? 1 : *c == ']' ? -1 : 0;
		cr_expect_eq(depth, 0, "%s: usage line breaks inside an option: %.*s", tool,
			     (int)(end ? end - line : (long)strlen(line)), line);
		if (!end)
			break;
		line = end + 1;
		if (*line && *line != ' ')
			break; /* the description after the usage lines */
	}
}

Test(help, dash_h_is_help_in_every_tool)
{
	for (size_t i = 0; i < NTOOLS; i++) {
		char prefix[64], *h = run_ok(tools[i], "-h"), *help = run_ok(tools[i], "--help");

		snprintf(prefix, sizeof(prefix), "Usage: %s [", tools[i]);
		cr_expect(strncmp(h, prefix, strlen(prefix)) == 0, "%s -h: %s", tools[i], h);
		cr_expect_str_eq(h, help, "%s: -h and --help differ", tools[i]);
		expect_usage_unbroken(tools[i], h);
		cr_expect(strstr(h, "\n General options:\n"), "%s: no heading: %s", tools[i], h);
		cr_expect(strstr(h, "  -h, --help "), "%s: -h not listed: %s", tools[i], h);
		cr_expect(strstr(h, "Examples:\n"), "%s: no examples: %s", tools[i], h);
		free(h);
		free(help);
	}
}

Test(help, usage_and_version_in_every_tool)
{
	for (size_t i = 0; i < NTOOLS; i++) {
		char *usage = run_ok(tools[i], "--usage"), *v = run_ok(tools[i], "-V"),
		     *version = run_ok(tools[i], "--version");

		expect_usage_unbroken(tools[i], usage);
		cr_expect(strncmp(v, "coretrace ", 10) == 0, "%s -V: %s", tools[i], v);
		cr_expect_str_eq(v, version, "%s: -V and --version differ", tools[i]);
		free(usage);
		free(v);
		free(version);
	}
}

/* The whole of @path, NUL-terminated (malloc'd). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[4096];

	cr_assert_not_null(f, "%s (run from the top of the tree)", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf = realloc(buf, len + n + 1);
		cr_assert_not_null(buf);
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	buf = realloc(buf, len + 1);
	buf[len] = '\0';
	return buf;
}

/* Every long option --help shows is in the tool's man page, as groff
 * source spells it (\-\-name). */
Test(help, every_option_is_in_the_man_page)
{
	size_t i;

	for (i = 0; i < NTOOLS; i++) {
		char path[64], *help = run_ok(tools[i], "--help"), *man, *p;

		snprintf(path, sizeof(path), "man/man8/%s.8", tools[i]);
		man = slurp(path);
		for (p = help; (p = strstr(p, "--")); p += 2) {
			char name[64], escaped[160];
			size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz0123456789-"), j, o = 0;

			if (n == 0 || n >= sizeof(name))
				continue;
			memcpy(name, p + 2, n);
			name[n] = '\0';
			o += (size_t)snprintf(escaped, sizeof(escaped), "\\-\\-");
			for (j = 0; j < n && o + 3 < sizeof(escaped); j++) {
				if (name[j] == '-')
					escaped[o++] = '\\';
				escaped[o++] = name[j];
			}
			escaped[o] = '\0';
			cr_expect_not_null(strstr(man, escaped), "%s: --%s is not in %s", tools[i],
					   name, path);
		}
		free(man);
		free(help);
	}
}
