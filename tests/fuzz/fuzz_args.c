// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: every tool's option parser on arbitrary command lines.
 * The input is newline- or NUL-separated: the tool's name, then its
 * arguments. A usage error must end in args_exit(2), never in a crash, an
 * out-of-bounds access or undefined behaviour.
 *
 * The parsers come from the build's list of tools (gen/tools.h, one
 * CORETRACE_TOOL(NAME) per tools/NAME.c, and gen/tool_headers.h), so a new
 * tool is fuzzed without an edit here; each seed names the tool it is for.
 */
#include <argp.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#include "args.h"

#include "tool_headers.h"

/* Each tool's env, big enough for any (udplife's port bitmaps: 16 KiB). */
static union {
#define CORETRACE_TOOL(name) struct name##_env name;
#include "tools.h"
#undef CORETRACE_TOOL
} env;

struct parser {
	const char *name;
	int (*parse)(int argc, char **argv);
};

#define CORETRACE_TOOL(name)                                                                       \
	static int parse_##name(int argc, char **argv)                                             \
	{                                                                                          \
		return name##_parse_args(argc, argv, &env.name);                                   \
	}
#include "tools.h"
#undef CORETRACE_TOOL

static const struct parser parsers[] = {
#define CORETRACE_TOOL(name) { #name, parse_##name },
#include "tools.h"
#undef CORETRACE_TOOL
};

#define MAX_ARGS 32

static jmp_buf on_usage_error;

static void usage_error_exit(int status)
{
	if (status != EXIT_USAGE)
		abort();
	longjmp(on_usage_error, 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* Parse without exiting: --help and argp's own errors return. Their
	 * output is closed by libFuzzer's -close_fd_mask (see Makefile). */
	args_argp_flags = ARGP_SILENT;
	args_exit = usage_error_exit;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[4096];
	const struct parser *p = NULL;
	char *argv[MAX_ARGS + 2];
	int argc = 0;
	size_t i, len;

	len = size < sizeof(buf) - 1 ? size : sizeof(buf) - 1;
	memcpy(buf, data, len);
	buf[len] = '\0';
	argv[argc++] = buf;
	for (i = 0; i < len && argc <= MAX_ARGS; i++) {
		if (buf[i] == '\n' || buf[i] == '\0') {
			buf[i] = '\0';
			argv[argc++] = &buf[i + 1];
		}
	}
	argv[argc] = NULL;
	for (i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++)
		if (strcmp(argv[0], parsers[i].name) == 0)
			p = &parsers[i];
	if (p && setjmp(on_usage_error) == 0)
		p->parse(argc, argv);
	return 0;
}
