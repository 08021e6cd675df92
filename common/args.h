/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Option parsing every tool shares: -j -v --btf -h --usage -V, the -d SECS
 * and -b SIZE a tool may take, option groups of other modules (filters,
 * metrics) as argp children, and checked number parsing.
 *
 *   static const struct args_spec spec = { .options = ..., .parser = ...,
 *       .common_offset = offsetof(struct NAME_env, common), ... };
 *   args_parse(&spec, argc, argv, env, sizeof(*env));
 *
 * Bad values end the program with a one-line error and exit status 2.
 */
#ifndef CORETRACE_ARGS_H
#define CORETRACE_ARGS_H

#include <argp.h>
#include <stdbool.h>
#include <stddef.h>

struct common_args {
	bool json;		   /* -j: NDJSON records on stdout */
	int verbose;		   /* -v: libbpf's log and attach decisions */
	const char *btf_path;	   /* --btf: kernel BTF from a file */
	unsigned int duration;	   /* -d SECS (ARGS_DURATION); 0: until stopped */
	unsigned long long buffer; /* -b SIZE (ARGS_BUFFER), bytes; 0: the default */
	bool preflight;		   /* --preflight (hidden): coretrace check */
};

/* Shared options a tool takes on top of -j -v --btf -h -V. */
enum {
	ARGS_DURATION = 1 << 0, /* -d SECS */
	ARGS_BUFFER = 1 << 1,	/* -b SIZE, the ring buffer */
};

/* Another module's option group: a function that gives its argp for
 * @opts (which of its options this tool offers), and the offset of the
 * group's input in the tool's options struct. */
struct args_group {
	const struct argp *(*argp)(const void *opts);
	const void *opts;
	size_t offset;
};

#define ARGS_MAX_GROUPS 4

/* Where --help lists each group: a tool's own options in ARGS_GROUP_TOOL
 * (and, with a second heading, ARGS_GROUP_OUTPUT), then the filters, the
 * metrics, and the shared options last. */
enum {
	ARGS_GROUP_TOOL = 1,
	ARGS_GROUP_FILTERS = 2,
	ARGS_GROUP_OUTPUT = 3,
	ARGS_GROUP_METRICS = 4,
};

struct args_spec {
	const struct argp_option *options;
	argp_parser_t parser;
	const char *args_doc; /* positional arguments, e.g. "[interval [count]]" */
	const char *doc;
	size_t common_offset;			   /* offsetof(env, common) */
	unsigned int common_opts;		   /* ARGS_* */
	const char *buffer_default;		   /* -b's default, for --help ("256K") */
	struct args_group groups[ARGS_MAX_GROUPS]; /* { NULL } ends the list */
};

/* Zero @env (@size bytes), wire the shared options and groups to it and
 * parse; the tool's parser still sees ARGP_KEY_INIT for its defaults. */
int args_parse(const struct args_spec *spec, int argc, char **argv, void *env, size_t size);

/* int NAME_parse_args(argc, argv, struct NAME_env *) over @spec: the
 * function every tool's header declares and its tests call. */
#define ARGS_PARSER(name, spec)                                                                    \
	int name##_parse_args(int argc, char **argv, struct name##_env *env)                       \
	{                                                                                          \
		return args_parse(&(spec), argc, argv, env, sizeof(*env));                         \
	}

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

struct passwd;

/* Call @found with the entry of @name (or, when @name is NULL, of @uid) in
 * the passwd file @path; false if it has none. */
bool args_passwd_find(const char *path, const char *name, unsigned int uid,
		      void (*found)(const struct passwd *pw, void *ctx), void *ctx);

/* Positional "interval [count]" of the histogram tools. */
void args_interval_count(const struct argp_state *state, const char *arg, unsigned int *interval,
			 unsigned int *count);

/* A ring buffer size: bytes, or with a K/M/G suffix; rounded up to a power
 * of two of at least one page, as BPF_MAP_TYPE_RINGBUF needs. 0, or
 * -EINVAL/-ERANGE for a bad value. */
int args_parse_size(const char *s, unsigned long long *bytes);

/* Whether the positional argument @key (ARGP_KEY_ARG or ARGP_KEY_ARGS) now
 * being parsed comes after "--": the command the filter group takes
 * (filter.h), never one of the tool's own. */
bool args_after_dashes(const struct argp_state *state, int key);

/* Flags every tool passes to argp_parse(), and how a usage error ends the
 * program: 0 and exit() for real runs; the fuzz targets set ARGP_NO_EXIT
 * and a longjmp so one process can parse millions of command lines. */
extern int args_argp_flags;
extern void (*args_exit)(int status);

/* Report a usage error and exit 2. */
void args_usage_error(const struct argp_state *state, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
