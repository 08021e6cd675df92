// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "names.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "args.h"

extern const char *const syscall_names[];
extern const size_t syscall_names_len;
extern const char *const errno_names[];
extern const size_t errno_names_len;
extern const char *const signal_names[];
extern const size_t signal_names_len;
extern const struct name_alias errno_aliases[];
extern const struct name_alias signal_aliases[];

/* glibc's second names, which the kernel's headers do not have: each
 * with the kernel's name it stands for. */
static const char *const glibc_aliases[][2] = {
	{ "ENOTSUP", "EOPNOTSUPP" },
	{ "SIGCLD", "SIGCHLD" },
};

static const char *glibc_alias(const char *name)
{
	for (size_t i = 0; i < sizeof(glibc_aliases) / sizeof(glibc_aliases[0]); i++)
		if (strcasecmp(glibc_aliases[i][0], name) == 0)
			return glibc_aliases[i][1];
	return NULL;
}

/* Names are matched as users type them: any case. */
static int lookup(const char *const *table, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (table[i] && strcasecmp(table[i], name) == 0)
			return (int)i;
	return -1;
}

static int lookup_alias(const struct name_alias *a, const char *name)
{
	for (; a->name; a++)
		if (strcasecmp(a->name, name) == 0)
			return a->value;
	return -1;
}

const char *syscall_name(unsigned int nr)
{
	return nr < syscall_names_len ? syscall_names[nr] : NULL;
}

int syscall_nr(const char *name)
{
	return lookup(syscall_names, syscall_names_len, name);
}

unsigned int syscall_table_size(void)
{
	return (unsigned int)syscall_names_len;
}

const char *errno_name(int err)
{
	return err >= 0 && (size_t)err < errno_names_len ? errno_names[err] : NULL;
}

int errno_value(const char *name)
{
	unsigned long long v;

	int e;

	if (args_parse_ull(name, 1, errno_names_len - 1, &v) == 0)
		return (int)v;
	e = lookup(errno_names, errno_names_len, name);
	if (e < 0)
		e = lookup_alias(errno_aliases, name);
	if (e < 0 && glibc_alias(name))
		e = lookup(errno_names, errno_names_len, glibc_alias(name));
	return e;
}

const char *signal_name(int sig)
{
	return sig >= 0 && (size_t)sig < signal_names_len ? signal_names[sig] : NULL;
}

int signal_value(const char *name)
{
	unsigned long long v;
	char full[32];

	int sig;

	if (args_parse_ull(name, 1, 64, &v) == 0)
		return (int)v;
	if (strncasecmp(name, "SIG", 3) != 0) {
		snprintf(full, sizeof(full), "SIG%s", name);
		name = full;
	}
	sig = lookup(signal_names, signal_names_len, name);
	if (sig < 0)
		sig = lookup_alias(signal_aliases, name);
	if (sig < 0 && glibc_alias(name))
		sig = lookup(signal_names, signal_names_len, glibc_alias(name));
	return sig;
}
