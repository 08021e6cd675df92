/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* PARSE(NAME_parse_args, &env, "-x", ...): parse a command line that must
 * be valid. The argv is static: what parsing keeps (a command after "--")
 * points into it after the block. */
#ifndef CORETRACE_TEST_PARSE_ARGS_H
#define CORETRACE_TEST_PARSE_ARGS_H

#include <criterion/criterion.h>

#define PARSE(fn, env, ...)                                                                        \
	do {                                                                                       \
		static char *argv_[] = { "tool", __VA_ARGS__, NULL };                              \
		cr_assert_eq(fn((int)(sizeof(argv_) / sizeof(argv_[0])) - 1, argv_, env), 0);      \
	} while (0)

#endif
