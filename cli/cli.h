/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The coretrace program: every tool in one binary, and coretrace check. */
#ifndef CORETRACE_CLI_H
#define CORETRACE_CLI_H

#include <stddef.h>

struct cli_tool {
	const char *name;
	int (*main)(int argc, char **argv);
};

/* Every tool of this build (gen/tools.h), in name order. */
extern const struct cli_tool cli_tools[];
extern const size_t cli_ntools;

/* coretrace check [-j] [--btf FILE]: whether and how each tool can run on
 * this host. Exit status 0 when every one can, 1 otherwise, 2 for bad
 * usage. */
int cli_check_main(int argc, char **argv);

#endif
