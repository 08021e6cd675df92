// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Option parsing of the tools, through their NAME_parse_args functions. */
#include <criterion/criterion.h>
#include <stdbool.h>

#include "args.h"

/* Each tool's option struct is private to its file, so these tests check
 * what a user sees: a valid command line parses, a bad one exits with 2
 * (Criterion runs every test in its own process). */
int syscount_parse_args(int argc, char **argv, void *env);
int biolatency_parse_args(int argc, char **argv, void *env);

#define ARGV(...) ((char *[]){ "tool", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "tool", __VA_ARGS__ }) / sizeof(char *)))

static char env_space[65536];

Test(syscount_args, valid_options_parse)
{
	cr_expect_eq(syscount_parse_args(ARGC("-p", "1", "-T", "5", "-L", "-x", "-e", "ENOENT",
					      "-i", "2", "-d", "10", "-P", "-m", "-j"),
					 ARGV("-p", "1", "-T", "5", "-L", "-x", "-e", "ENOENT",
					      "-i", "2", "-d", "10", "-P", "-m", "-j"),
					 env_space),
		     0);
}

Test(syscount_args, negative_pid_is_a_usage_error, .exit_code = 2)
{
	syscount_parse_args(ARGC("-p", "-5"), ARGV("-p", "-5"), env_space);
}

Test(syscount_args, zero_top_is_a_usage_error, .exit_code = 2)
{
	syscount_parse_args(ARGC("-T", "0"), ARGV("-T", "0"), env_space);
}

Test(syscount_args, overflowing_interval_is_a_usage_error, .exit_code = 2)
{
	syscount_parse_args(ARGC("-i", "99999999999999999999"), ARGV("-i", "99999999999999999999"),
			    env_space);
}

Test(syscount_args, unknown_errno_is_a_usage_error, .exit_code = 2)
{
	syscount_parse_args(ARGC("-e", "ENOTANERRNO"), ARGV("-e", "ENOTANERRNO"), env_space);
}

Test(syscount_args, stray_argument_is_a_usage_error, .exit_code = 2)
{
	syscount_parse_args(ARGC("5"), ARGV("5"), env_space);
}

Test(biolatency_args, interval_and_count_parse)
{
	cr_expect_eq(biolatency_parse_args(ARGC("-D", "-F", "-Q", "-m", "-T", "1", "5"),
					   ARGV("-D", "-F", "-Q", "-m", "-T", "1", "5"), env_space),
		     0);
}

Test(biolatency_args, zero_interval_is_a_usage_error, .exit_code = 2)
{
	biolatency_parse_args(ARGC("0"), ARGV("0"), env_space);
}

Test(biolatency_args, junk_count_is_a_usage_error, .exit_code = 2)
{
	biolatency_parse_args(ARGC("1", "x"), ARGV("1", "x"), env_space);
}

Test(biolatency_args, third_positional_is_a_usage_error, .exit_code = 2)
{
	biolatency_parse_args(ARGC("1", "2", "3"), ARGV("1", "2", "3"), env_space);
}

Test(biolatency_args, empty_disk_is_a_usage_error, .exit_code = 2)
{
	biolatency_parse_args(ARGC("-d", ""), ARGV("-d", ""), env_space);
}
