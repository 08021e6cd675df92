/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The cgroup v2 root, for programs attached to every socket or task of
 * the host (cgroup/sock_create, cgroup/sendmsg4, ...).
 */
#ifndef CORETRACE_CGROUP2_H
#define CORETRACE_CGROUP2_H

#include <stddef.h>

struct tracer;

/* Open the root of the cgroup v2 hierarchy (O_RDONLY directory fd). The
 * mount is found in /proc/self/mountinfo, wherever the distribution put it
 * (/sys/fs/cgroup, or /sys/fs/cgroup/unified in the hybrid layout); with
 * none mounted, one is mounted under /run just long enough to open it.
 * The path used goes to @path. One-line error and < 0 on failure. */
int cgroup2_root_open(const struct tracer *t, char *path, size_t len);

/* The mount point of the first cgroup2 file system in @mountinfo (the text
 * of a /proc/PID/mountinfo), octal escapes decoded, into @path; -ENOENT if
 * none. */
int cgroup2_find_mount(const char *mountinfo, char *path, size_t len);

#endif
