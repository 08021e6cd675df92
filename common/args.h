/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Options every tool shares, and checked number parsing.
 *
 * A tool's argp parser lists common_argp as a child and points
 * state->child_inputs[0] at its struct common_args in ARGP_KEY_INIT.
 * Bad values end the program with a one-line error and exit status 2.
 */
#ifndef CORETRACE_ARGS_H
#define CORETRACE_ARGS_H

#include <argp.h>
#include <stdbool.h>

struct common_args {
	bool json;	      /* -j: NDJSON records on stdout */
	int verbose;	      /* -v: libbpf's log and attach decisions */
	const char *btf_path; /* --btf: kernel BTF from a file */
};

extern const struct argp common_argp;

/*
 * What a tool's parser needs besides its own options: where its struct
 * common_args is, and whether it takes --openmetrics (then where the path
 * goes). args_parse() zeroes the struct, wires the shared options to it
 * and parses; the tool's parser still sees ARGP_KEY_INIT for defaults.
 */
struct args_spec {
	const struct argp_option *options;
	argp_parser_t parser;
	const char *doc;
	size_t common_offset;	   /* offsetof(env, common) */
	bool openmetrics;	   /* the tool takes --openmetrics FILE */
	size_t openmetrics_offset; /* offsetof(env, openmetrics): a const char * */
};

int args_parse(const struct args_spec *spec, int argc, char **argv, void *env, size_t size);

/* Exit status for usage errors, as DESIGN.md's output contract says. */
#define EXIT_USAGE 2

/* Parse a decimal number in [min, max]; 0 on success, -EINVAL for junk
 * (empty, sign where none is allowed, trailing text), -ERANGE otherwise. */
int args_parse_ull(const char *s, unsigned long long min, unsigned long long max,
		   unsigned long long *out);

/* Same, but a bad value ends the program: "TOOL: invalid WHAT: 'ARG'". */
unsigned long long args_number(const struct argp_state *state, const char *arg, const char *what,
			       unsigned long long min, unsigned long long max);

/* A process id (1..4194304, the kernel's PID_MAX_LIMIT). */
int args_pid(const struct argp_state *state, const char *arg, const char *what);

/* A user: a uid (0..4294967294) or a name. Names come from /etc/passwd,
 * read directly, and in a dynamic build then from NSS (getpwnam). A static
 * binary skips NSS: its getpwnam would load NSS modules of the glibc it
 * was linked with into another host's, which need not match. */
unsigned int args_user(const struct argp_state *state, const char *arg, const char *what);

/* The uid of @name in the passwd file @path; false if it has none. */
bool args_passwd_uid(const char *path, const char *name, unsigned int *uid);

/* Positional "interval [count]" of the histogram tools. */
void args_interval_count(const struct argp_state *state, const char *arg, unsigned int *interval,
			 unsigned int *count);

/* Flags every tool passes to argp_parse(), and how a usage error ends the
 * program: 0 and exit() for real runs; the fuzz targets set ARGP_NO_EXIT
 * and a longjmp so one process can parse millions of command lines. */
extern int args_argp_flags;
extern void (*args_exit)(int status);

/* Report a usage error and exit 2. */
void args_usage_error(const struct argp_state *state, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
