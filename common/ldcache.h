/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * /etc/ld.so.cache, read the way the dynamic loader reads it: the list of
 * (soname, path) pairs ldconfig found, for this machine's ABI only. Lets a
 * tool find libssl.so.3 without looking at its own memory map (a static
 * tool has no libraries mapped at all).
 */
#ifndef CORETRACE_LDCACHE_H
#define CORETRACE_LDCACHE_H

#include <stddef.h>

#define LDCACHE_PATH "/etc/ld.so.cache"

/* Called once per entry of this ABI; a nonzero return stops the walk and
 * becomes ldcache_parse()'s return value. */
typedef int (*ldcache_cb)(const char *soname, const char *path, void *ctx);

/* Walk a cache image in memory (the "glibc-ld.so.cache1.1" format, alone
 * or after the old "ld.so-1.7.0" table). Every offset is checked against
 * @len: a truncated or corrupt cache gives -EINVAL, never a bad read. */
int ldcache_parse(const void *buf, size_t len, ldcache_cb cb, void *ctx);

/* A real cache is well under 1 MiB; a bigger one is someone's trap. */
#define LDCACHE_MAX_BYTES (16u << 20)

/* Same, for /etc/ld.so.cache inside the root @rootfd (rootfs.h: it cannot
 * lead out of that root), read whole, at most LDCACHE_MAX_BYTES. -errno
 * when it can't be read. */
int ldcache_foreach(int rootfd, ldcache_cb cb, void *ctx);

#endif
