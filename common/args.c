// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "args.h"

#include "openmetrics.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *argp_program_version = "coretrace " CORETRACE_VERSION;
const char *argp_program_bug_address = NULL;

int args_argp_flags;
void (*args_exit)(int status) = exit;

enum {
	OPT_BTF = 0x1000
};

static const struct argp_option common_options[] = {
	{ "json", 'j', NULL, 0, "Print one JSON object per line (NDJSON)", -1 },
	{ "verbose", 'v', NULL, 0, "Show libbpf's log and which probes were chosen", -1 },
	{ "btf", OPT_BTF, "FILE", 0, "Read kernel BTF from FILE instead of /sys/kernel/btf/vmlinux",
	  -1 },
	{}
};

static error_t common_parse(int key, char *arg, struct argp_state *state)
{
	struct common_args *c = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		/* The parent forgot child_inputs: fail loudly, not with a NULL write. */
		if (!c)
			args_usage_error(state, "internal error: no input for common options");
		return 0;
	case 'j': c->json = true; return 0;
	case 'v': c->verbose++; return 0;
	case OPT_BTF:
		if (!*arg)
			args_usage_error(state, "--btf needs a file name");
		c->btf_path = arg;
		return 0;
	default: return ARGP_ERR_UNKNOWN;
	}
}

const struct argp common_argp = {
	.options = common_options,
	.parser = common_parse,
};

void args_usage_error(const struct argp_state *state, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", state && state->name ? state->name : program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	args_exit(EXIT_USAGE);
	abort(); /* args_exit must not return */
}

int args_parse_ull(const char *s, unsigned long long min, unsigned long long max,
		   unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL; /* empty, sign, or leading space */
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0')
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

unsigned long long args_number(const struct argp_state *state, const char *arg, const char *what,
			       unsigned long long min, unsigned long long max)
{
	unsigned long long v = 0;
	int err = args_parse_ull(arg, min, max, &v);

	if (err == -EINVAL)
		args_usage_error(state, "invalid %s: '%s' (expected a number)", what, arg);
	if (err == -ERANGE)
		args_usage_error(state, "invalid %s: '%s' (expected %llu to %llu)", what, arg, min,
				 max);
	return v;
}

int args_pid(const struct argp_state *state, const char *arg, const char *what)
{
	return (int)args_number(state, arg, what, 1, 4194304);
}

bool args_passwd_uid(const char *path, const char *name, unsigned int *uid)
{
	FILE *f = fopen(path, "re");
	struct passwd *pw;
	bool found = false;

	if (!f)
		return false;
	while (!found && (pw = fgetpwent(f))) {
		if (strcmp(pw->pw_name, name) == 0) {
			*uid = pw->pw_uid;
			found = true;
		}
	}
	fclose(f);
	return found;
}

unsigned int args_user(const struct argp_state *state, const char *arg, const char *what)
{
	unsigned int uid;

	if (*arg >= '0' && *arg <= '9')
		return (unsigned int)args_number(state, arg, what, 0, 4294967294ULL);
	if (args_passwd_uid("/etc/passwd", arg, &uid))
		return uid;
#ifndef CORETRACE_STATIC
	{
		struct passwd *pw = getpwnam(arg); /* LDAP, sssd, ... */

		if (pw)
			return pw->pw_uid;
	}
#endif
	args_usage_error(state, "invalid %s: '%s' (no such user)", what, arg);
}

void args_interval_count(const struct argp_state *state, const char *arg, unsigned int *interval,
			 unsigned int *count)
{
	switch (state->arg_num) {
	case 0:
		*interval = (unsigned int)args_number(state, arg, "interval", 1, 86400 * 365);
		break;
	case 1: *count = (unsigned int)args_number(state, arg, "count", 1, 1000000000); break;
	default: args_usage_error(state, "unexpected argument '%s'", arg);
	}
}

/* The spec being parsed: argp gives a parser no context of its own. */
static const struct args_spec *parsing;

static error_t spec_parse(int key, char *arg, struct argp_state *state)
{
	error_t err;

	if (key == ARGP_KEY_INIT) {
		char *env = state->input;

		state->child_inputs[0] = env + parsing->common_offset;
		if (parsing->openmetrics)
			state->child_inputs[1] = env + parsing->openmetrics_offset;
	}
	err = parsing->parser(key, arg, state);
	/* A positional argument the tool does not take: one line, exit 2
	 * (argp's own message is two). */
	if (key == ARGP_KEY_ARG && err == ARGP_ERR_UNKNOWN)
		args_usage_error(state, "unexpected argument '%s'", arg);
	return key == ARGP_KEY_INIT && err == ARGP_ERR_UNKNOWN ? 0 : err;
}

int args_parse(const struct args_spec *spec, int argc, char **argv, void *env, size_t size)
{
	static const struct argp_child common_only[] = { { &common_argp, 0, NULL, 0 }, {} };
	static const struct argp_child with_metrics[] = {
		{ &common_argp, 0, NULL, 0 },
		{ &openmetrics_argp, 0, NULL, 0 },
		{},
	};
	const struct argp argp = {
		.options = spec->options,
		.parser = spec_parse,
		.doc = spec->doc,
		.children = spec->openmetrics ? with_metrics : common_only,
	};

	memset(env, 0, size);
	parsing = spec;
	argp_err_exit_status = EXIT_USAGE;
	return argp_parse(&argp, argc, argv, args_argp_flags, NULL, env);
}
