/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Finding the files a uprobe goes into.
 *
 * Libraries are found the way the dynamic loader would find them
 * (/etc/ld.so.cache, then the standard directories), never through the
 * tool's own memory map (a static tool has none); with a pid, through what
 * that process has mapped, resolved by inode through /proc/PID/root so a
 * container's own libraries are used.
 */
#ifndef CORETRACE_LIBFIND_H
#define CORETRACE_LIBFIND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A set of files, each once (by device and inode), in the order found. */
struct libfind_file {
	char *path; /* as the kernel can open it: /proc/PID/root/... with a pid */
	dev_t dev;
	ino_t ino;
};

struct libfind_set {
	struct libfind_file *v;
	size_t n, cap;
};

/* Add @path unless the same file is already in; 1 added, 0 duplicate,
 * -errno when it can't be stat'ed. */
int libfind_add(struct libfind_set *set, const char *path);
void libfind_free(struct libfind_set *set);

/* Does file name @file (a basename) name library @name? "libc" matches
 * libc.so.6 and libc-2.31.so, "libssl" matches libssl.so.3 and
 * libssl.so.1.1 but not libssl3.so; "libssl.so.3" matches only itself. */
bool libfind_name_matches(const char *name, const char *file);

/* Add every library matching @name: with @pid > 0, those the process has
 * mapped, else (or if it maps none) those of its root's ld.so.cache and
 * standard directories. A @name containing '/' is a path (under the
 * process's root with @pid). Returns the number of files added, or -errno. */
int libfind_library(const char *name, int pid, struct libfind_set *out);

/* Add every file process @pid has mapped executable (its program and its
 * libraries), through /proc/PID/root. Returns the number added, or -errno. */
int libfind_process(int pid, struct libfind_set *out);

#endif
