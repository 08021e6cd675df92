/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Number <-> name lookups over the tables common/gen-names.sh generates
 * from the kernel's uapi headers at build time.
 */
#ifndef CORETRACE_NAMES_H
#define CORETRACE_NAMES_H

#include <stddef.h>

/* A second name of a number (EWOULDBLOCK for EAGAIN): the generated
 * tables' alias lists, NULL-terminated. */
struct name_alias {
	const char *name;
	int value;
};

/* Name of syscall @nr for the build's architecture, or NULL if unknown. */
const char *syscall_name(unsigned int nr);
/* Syscall number of @name, or -1. */
int syscall_nr(const char *name);
/* One past the highest syscall number with a name. */
unsigned int syscall_table_size(void);

/* "ENOENT" for 2, or NULL. */
const char *errno_name(int err);
/* Errno value for "ENOENT", "enoent", an alias ("EWOULDBLOCK", "ENOTSUP")
 * or "2"; -1 if unknown. */
int errno_value(const char *name);

/* "SIGTERM" for 15, or NULL (real-time signals have no table name). */
const char *signal_name(int sig);
/* Signal number for "SIGTERM", "TERM", "term", an alias ("SIGIOT",
 * "CLD") or "15"; -1 if unknown. */
int signal_value(const char *name);

#endif
