/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Files of a traced process's root (a container, a chroot), opened so that
 * nothing the process controls can make root open something else: "..",
 * absolute symlinks and symlinked directories are resolved as if that root
 * were "/", and only plain regular files are ever opened for reading, so a
 * planted FIFO, device node or kernel interface file is refused before it
 * is opened.
 *
 * Resolution uses openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS); where
 * the kernel (< 5.6) or a seccomp filter lacks it, a component-by-component
 * walk that keeps the same guarantees (see rootfs.c).
 *
 * Errors are -errno. Besides those of the lookup itself (-ENOENT, -ENOTDIR,
 * -EACCES, -ELOOP: more than 40 symlinks or, with openat2, a /proc magic
 * link; -ENAMETOOLONG: a path, a name or a symlink splice too long, or, in
 * the fallback walk, more than ROOTFS_MAX_DEPTH directories deep), these
 * functions return:
 *   -EINVAL  not a regular file on a data file system (directory, FIFO,
 *            socket, device node, or a file of procfs, sysfs, debugfs and
 *            the like, whose open or read is a kernel action);
 *   -ENOTDIR rootfs_opendir(): not a directory;
 *   -EFBIG   rootfs_read(): larger than the bound;
 *   -ESTALE  the reopened fd is not the inode that was checked (/proc is
 *            not procfs);
 *   -EBADF, -EFAULT  a negative fd, a NULL pointer.
 */
#ifndef CORETRACE_ROOTFS_H
#define CORETRACE_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>

/* Deepest directory nesting the fallback walk follows (one fd per level). */
#define ROOTFS_MAX_DEPTH 128

/* For tests: true forces the fallback walk even where openat2 works. */
extern bool rootfs_no_openat2;

/* O_PATH|O_DIRECTORY fd of the root of process @pid (/proc/PID/root), or of
 * "/" for @pid <= 0; -errno (-ENOENT: no such process). */
int rootfs_open_root(int pid);

/* Open @path (absolute or relative: both start at the root) inside the root
 * @rootfd, read-only, O_NONBLOCK|O_CLOEXEC. Symlinks are followed, but
 * never out of @rootfd. Returns the fd, or -errno (-EINVAL: not a regular
 * file; never opened). */
int rootfs_open(int rootfd, const char *path);

/* The check and reopen rootfs_open() ends with, for an O_PATH fd @pfd the
 * caller found another way (a path root gave us, a kernel magic link like
 * /proc/PID/map_files/...): only a regular file of a data file system is
 * opened, read-only, O_NONBLOCK|O_CLOEXEC. @pfd stays the caller's. */
int rootfs_reopen(int pfd);

/* Same walk, for a directory: an O_RDONLY|O_DIRECTORY fd for fdopendir();
 * -ENOTDIR when @path is not a directory. */
int rootfs_opendir(int rootfd, const char *path);

/* Read all of regular file @fd (from offset 0) into a malloc'd buffer,
 * NUL-terminated (*len excludes the NUL), at most @max bytes: -EFBIG when it
 * is larger, by fstat or because it grew while being read; -EINVAL when @fd
 * is not a regular file. On error *buf is NULL and *len 0. */
int rootfs_read(int fd, size_t max, char **buf, size_t *len);

#endif
