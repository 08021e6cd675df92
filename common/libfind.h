/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Finding the files a uprobe goes into.
 *
 * Libraries are found the way the dynamic loader would find them
 * (/etc/ld.so.cache, then the standard directories), never through the
 * tool's own memory map (a static tool has none); with a pid, through what
 * that process has mapped, and inside its own root (a container's
 * libraries, its own ld.so.cache).
 *
 * Everything a traced process controls is read through rootfs.h: its
 * cache, its directories and its symlinks cannot lead out of its root, and
 * only regular files are opened. Each file found is kept open, and read and
 * probed through that fd, so what is probed is what was checked.
 */
#ifndef CORETRACE_LIBFIND_H
#define CORETRACE_LIBFIND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A set of files, each once (by device and inode), in the order found. */
struct libfind_file {
	char *path;    /* for people: "/proc/PID/root/usr/lib/libc.so.6", or a host path */
	char *in_root; /* the path inside its root, for files next to it */
	int rootfd;    /* that root (rootfs_open_root), ours */
	int fd;	       /* the file, read-only: read and probe it through this */
	dev_t dev;
	ino_t ino;
};

struct libfind_set {
	struct libfind_file *v;
	size_t n, cap;
};

/* Add the host file @path, a path given by the user (relative to the
 * working directory, symlinks followed): 1 added, 0 already in, -errno
 * (-EINVAL: not a regular file) when it can't be opened. */
int libfind_add(struct libfind_set *set, const char *path);
/* Add @f of another set (its fds duplicated): 1 added, 0 already in. */
int libfind_add_file(struct libfind_set *set, const struct libfind_file *f);
void libfind_free(struct libfind_set *set);

/* Does file name @file (a basename) name library @name? "libc" matches
 * libc.so.6 and libc-2.31.so, "libssl" matches libssl.so.3 and
 * libssl.so.1.1 but not libssl3.so; "libssl.so.3" matches only itself. */
bool libfind_name_matches(const char *name, const char *file);

/* Add every library matching @name: with @pid > 0, those the process has
 * mapped, else (or if it maps none) those of its root's ld.so.cache and
 * standard directories. A @name containing '/' is a path (inside the
 * process's root with @pid). Returns the number of files added, or -errno. */
int libfind_library(const char *name, int pid, struct libfind_set *out);

/* Add every file process @pid has mapped executable (its program and its
 * libraries). Returns the number added, or -errno. */
int libfind_process(int pid, struct libfind_set *out);

/* Open the file @name in the directory of @f, inside @f's root (OpenSSL's
 * libcrypto next to its libssl): an fd as rootfs_open() gives, or -errno. */
int libfind_open_beside(const struct libfind_file *f, const char *name);

#endif
