// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "names.h"

#include <stdio.h>
#include <string.h>

#include "args.h"

extern const char *const syscall_names[];
extern const size_t syscall_names_len;
extern const char *const errno_names[];
extern const size_t errno_names_len;
extern const char *const signal_names[];
extern const size_t signal_names_len;

static int lookup(const char *const *table, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (table[i] && strcmp(table[i], name) == 0)
			return (int)i;
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

	if (args_parse_ull(name, 1, errno_names_len - 1, &v) == 0)
		return (int)v;
	return lookup(errno_names, errno_names_len, name);
}

const char *signal_name(int sig)
{
	return sig >= 0 && (size_t)sig < signal_names_len ? signal_names[sig] : NULL;
}

int signal_value(const char *name)
{
	unsigned long long v;
	char full[32];

	if (args_parse_ull(name, 1, 64, &v) == 0)
		return (int)v;
	if (strncmp(name, "SIG", 3) != 0) {
		snprintf(full, sizeof(full), "SIG%s", name);
		name = full;
	}
	return lookup(signal_names, signal_names_len, name);
}
