// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * coretrace: one binary for every tool, as busybox is. Run under a tool's
 * name (a link: biolatency -> coretrace) it is that tool; as coretrace, the
 * first argument names the tool (coretrace biolatency 1 3), or "check".
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#include "tool_headers.h"

const struct cli_tool cli_tools[] = {
#define CORETRACE_TOOL(name) { #name, name##_main },
#include "tools.h"
#undef CORETRACE_TOOL
};
const size_t cli_ntools = sizeof(cli_tools) / sizeof(cli_tools[0]);

static const struct cli_tool *find_tool(const char *name)
{
	size_t i;

	for (i = 0; i < cli_ntools; i++)
		if (strcmp(cli_tools[i].name, name) == 0)
			return &cli_tools[i];
	return NULL;
}

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: coretrace TOOL [OPTION...]   run a tool (coretrace TOOL --help)\n"
	      "       coretrace check [-j]        can each tool run on this host, and how?\n"
	      "       coretrace -V                the version\n"
	      "\n"
	      "Tools:",
	      f);
	for (i = 0; i < cli_ntools; i++)
		fprintf(f, " %s", cli_tools[i].name);
	fputs("\nEach tool also runs as a program of its own name (a link to coretrace).\n", f);
}

int main(int argc, char **argv)
{
	const char *self = strrchr(argv[0], '/');
	const struct cli_tool *tool;

	self = self ? self + 1 : argv[0];
	tool = find_tool(self);
	if (tool)
		return tool->main(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("coretrace %s\n", CORETRACE_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "check") == 0)
		return cli_check_main(argc - 1, argv + 1);
	tool = find_tool(argv[1]);
	if (!tool) {
		fprintf(stderr, "coretrace: no tool '%s' (coretrace --help lists them)\n", argv[1]);
		return 2;
	}
	return tool->main(argc - 1, argv + 1);
}
