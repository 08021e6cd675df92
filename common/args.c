// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "args.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *argp_program_version = "coretrace " CORETRACE_VERSION;
const char *argp_program_bug_address = NULL;

int args_argp_flags;
void (*args_exit)(int status) = exit;

/* Largest -b: the kernel caps ring buffers well below this anyway. */
#define BUFFER_MAX (1ULL << 30)

enum {
	OPT_BTF = 0x1000,
	OPT_USAGE,
	OPT_PREFLIGHT,
};

/* What --help and -h print: the full usage (argp keeps each "[-o FILE]"
 * on one line), the tool's text, its options by group, its examples. */
#define HELP_FLAGS                                                                                 \
	(ARGP_HELP_USAGE | ARGP_HELP_PRE_DOC | ARGP_HELP_LONG | ARGP_HELP_POST_DOC |               \
	 ARGP_HELP_EXIT_OK)

static error_t common_parse(int key, char *arg, struct argp_state *state)
{
	struct common_args *c = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		/* A tool without common_offset would write through NULL. */
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
	case 'd':
		c->duration = (unsigned int)args_number(state, arg, "duration", 1, 86400 * 365);
		return 0;
	case 'b':
		if (args_parse_size(arg, &c->buffer))
			args_usage_error(state,
					 "invalid buffer size: '%s' (bytes, K, M or G, up to 1G)",
					 arg);
		return 0;
	case OPT_PREFLIGHT: c->preflight = true; return 0;
	case 'h': argp_state_help(state, stdout, HELP_FLAGS); return 0;
	case OPT_USAGE:
		argp_state_help(state, stdout, ARGP_HELP_USAGE | ARGP_HELP_EXIT_OK);
		return 0;
	case 'V':
		printf("%s\n", argp_program_version);
		if (!(state->flags & ARGP_NO_EXIT))
			args_exit(0);
		return 0;
	default: return ARGP_ERR_UNKNOWN;
	}
}

/* The shared options @spec asks for, into @opts (room for 11). */
static void common_options(const struct args_spec *spec, struct argp_option *opts, char *bdoc,
			   size_t bdoc_len)
{
	int n = 0;

	if (spec->common_opts & ARGS_DURATION)
		opts[n++] =
			(struct argp_option){ "duration", 'd', "SECS", 0, "Stop after SECS seconds",
					      0 };
	if (spec->common_opts & ARGS_BUFFER) {
		snprintf(bdoc, bdoc_len, "Ring buffer size in bytes, K/M/G suffixes (default %s)",
			 spec->buffer_default ? spec->buffer_default : "256K");
		opts[n++] = (struct argp_option){ "buffer", 'b', "SIZE", 0, bdoc, 0 };
	}
	opts[n++] = (struct argp_option){
		"json", 'j', NULL, 0, "Print one JSON object per line (NDJSON)", 0
	};
	opts[n++] = (struct argp_option){
		"verbose", 'v', NULL, 0, "Show libbpf's log and which probes were chosen", 0
	};
	opts[n++] = (struct argp_option){
		"btf", OPT_BTF, "FILE", 0, "Read kernel BTF from FILE, not /sys/kernel/btf/vmlinux",
		0
	};
	/* coretrace check runs each tool so: up to attached, then out. */
	opts[n++] = (struct argp_option){
		"preflight", OPT_PREFLIGHT, NULL, OPTION_HIDDEN, "Attach, say how, and exit", 0
	};
	/* Help and version last, as argp's own are. */
	opts[n++] = (struct argp_option){ "help", 'h', NULL, 0, "Give this help list", -1 };
	opts[n++] = (struct argp_option){ "usage", OPT_USAGE, NULL, 0, "Give a short usage message",
					  -1 };
	opts[n++] = (struct argp_option){ "version", 'V', NULL, 0, "Print the version", -1 };
	opts[n] = (struct argp_option){ 0 };
}

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

bool args_passwd_find(const char *path, const char *name, unsigned int uid,
		      void (*found)(const struct passwd *pw, void *ctx), void *ctx)
{
	FILE *f = fopen(path, "re");
	struct passwd *pw;
	bool hit = false;

	if (!f)
		return false;
	while (!hit && (pw = fgetpwent(f))) {
		hit = name ? strcmp(pw->pw_name, name) == 0 : pw->pw_uid == uid;
		if (hit)
			found(pw, ctx);
	}
	fclose(f);
	return hit;
}

static void take_uid(const struct passwd *pw, void *ctx)
{
	*(unsigned int *)ctx = pw->pw_uid;
}

bool args_passwd_uid(const char *path, const char *name, unsigned int *uid)
{
	return args_passwd_find(path, name, 0, take_uid, uid);
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

int args_parse_size(const char *s, unsigned long long *bytes)
{
	unsigned long long v, mult = 1, page = (unsigned long long)sysconf(_SC_PAGESIZE);
	char num[32];
	size_t len = s ? strlen(s) : 0;
	int err;

	if (len == 0 || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, len + 1);
	switch (num[len - 1]) {
	case 'k':
	case 'K': mult = 1ULL << 10; break;
	case 'm':
	case 'M': mult = 1ULL << 20; break;
	case 'g':
	case 'G': mult = 1ULL << 30; break;
	}
	if (mult > 1)
		num[len - 1] = '\0';
	err = args_parse_ull(num, 1, BUFFER_MAX / mult, &v);
	if (err)
		return err;
	v *= mult;
	if (v < page)
		v = page;
	/* Round up to a power of two. */
	while (v & (v - 1))
		v = (v | (v - 1)) + 1;
	*bytes = v;
	return 0;
}

bool args_after_dashes(const struct argp_state *state, int key)
{
	/* During ARGP_KEY_ARG argp has already moved next past the argument. */
	return (key == ARGP_KEY_ARG || key == ARGP_KEY_ARGS) && state->quoted &&
	       state->next - (key == ARGP_KEY_ARG) >= state->quoted;
}

/* The spec being parsed: argp gives a parser no context of its own. */
static const struct args_spec *parsing;

static error_t spec_parse(int key, char *arg, struct argp_state *state)
{
	error_t err;
	int i;

	if (key == ARGP_KEY_INIT) {
		char *env = state->input;

		state->child_inputs[0] = env + parsing->common_offset;
		for (i = 0; i < ARGS_MAX_GROUPS && parsing->groups[i].argp; i++)
			state->child_inputs[i + 1] = env + parsing->groups[i].offset;
	}
	if (args_after_dashes(state, key))
		return ARGP_ERR_UNKNOWN;
	err = parsing->parser ? parsing->parser(key, arg, state) : ARGP_ERR_UNKNOWN;
	/* A positional argument the tool does not take: one line, exit 2
	 * (argp's own message is two). */
	if (key == ARGP_KEY_ARG && err == ARGP_ERR_UNKNOWN)
		args_usage_error(state, "unexpected argument '%s'", arg);
	return key == ARGP_KEY_INIT && err == ARGP_ERR_UNKNOWN ? 0 : err;
}

int args_parse(const struct args_spec *spec, int argc, char **argv, void *env, size_t size)
{
	struct argp_option opts[11];
	struct argp_child children[ARGS_MAX_GROUPS + 2];
	char buffer_doc[96];
	struct argp common = { .options = opts, .parser = common_parse };
	struct argp argp = {
		.options = spec->options,
		.parser = spec_parse,
		.args_doc = spec->args_doc,
		.doc = spec->doc,
		.children = children,
	};
	int i;

	common_options(spec, opts, buffer_doc, sizeof(buffer_doc));
	/* child_inputs[0] is the shared options', then one per group; the
	 * shared options print last, under their own heading. */
	children[0] = (struct argp_child){ &common, 0, "General options:", -2 };
	for (i = 0; i < ARGS_MAX_GROUPS && spec->groups[i].argp; i++)
		children[i + 1] = (struct argp_child){ spec->groups[i].argp(spec->groups[i].opts),
						       0, NULL, 0 };
	children[i + 1] = (struct argp_child){ 0 };

	memset(env, 0, size);
	parsing = spec;
	argp_err_exit_status = EXIT_USAGE;
	/* In order: "1 -- cmd" is an interval then a command; argp's default
	 * permutation would move "1" past the "--". */
	return argp_parse(&argp, argc, argv, args_argp_flags | ARGP_NO_HELP | ARGP_IN_ORDER, NULL,
			  env);
}
