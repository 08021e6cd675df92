// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: every tool's option parser on arbitrary command lines.
 * The input is the argument list, NUL- or newline-separated; its first
 * byte picks the tool. A usage error must end in args_exit(2), never in a
 * crash, an out-of-bounds access or undefined behaviour.
 */
#include <argp.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

int biolatency_parse_args(int argc, char **argv, void *env);
int gethostlatency_parse_args(int argc, char **argv, void *env);
int sslsnoop_parse_args(int argc, char **argv, void *env);
int opensnoop_parse_args(int argc, char **argv, void *env);
int sigsnoop_parse_args(int argc, char **argv, void *env);
int syscount_parse_args(int argc, char **argv, void *env);
int udplife_parse_args(int argc, char **argv, void *env);

static int (*const parsers[])(int, char **, void *) = {
	biolatency_parse_args, syscount_parse_args, udplife_parse_args,
	opensnoop_parse_args,  sigsnoop_parse_args,
};

#define MAX_ARGS 32

static jmp_buf on_usage_error;
static char env_space[1 << 16];

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
	char *argv[MAX_ARGS + 2];
	int argc = 1, pick;
	size_t i, len;

	if (size < 1)
		return 0;
	pick = data[0] % (int)(sizeof(parsers) / sizeof(parsers[0]));
	len = size - 1 < sizeof(buf) - 1 ? size - 1 : sizeof(buf) - 1;
	memcpy(buf, data + 1, len);
	buf[len] = '\0';
	argv[0] = "tool";
	argv[argc++] = buf;
	for (i = 0; i < len && argc <= MAX_ARGS; i++) {
		if (buf[i] == '\n' || buf[i] == '\0') {
			buf[i] = '\0';
			argv[argc++] = &buf[i + 1];
		}
	}
	argv[argc] = NULL;
	if (setjmp(on_usage_error) == 0)
		parsers[pick](argc, argv, env_space);
	return 0;
}
