// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Layout from glibc's sysdeps/generic/dl-cache.h. The new format's string
 * offsets are relative to its own header, which is the start of the file
 * unless an old-format table comes first.
 */
#include "ldcache.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rootfs.h"

#define OLD_MAGIC "ld.so-1.7.0"
#define NEW_MAGIC "glibc-ld.so.cache1.1"

#define FLAG_TYPE_MASK	   0x00ff
#define FLAG_ELF_LIBC6	   0x0003
#define FLAG_ARCH_MASK	   0xff00
#define FLAG_X8664_LIB64   0x0300
#define FLAG_AARCH64_LIB64 0x0a00

#if defined(__x86_64__)
#define ARCH_FLAG FLAG_X8664_LIB64
#elif defined(__aarch64__)
#define ARCH_FLAG FLAG_AARCH64_LIB64
#else
#define ARCH_FLAG 0
#endif

struct old_header {
	char magic[sizeof(OLD_MAGIC) - 1];
	uint32_t nlibs;
};

struct old_entry {
	int32_t flags;
	uint32_t key, value;
};

struct new_header {
	char magic[sizeof(NEW_MAGIC) - 1];
	uint32_t nlibs;
	uint32_t len_strings;
	uint8_t flags;
	uint8_t pad[3];
	uint32_t extension_offset;
	uint32_t unused[3];
};

struct new_entry {
	int32_t flags;
	uint32_t key, value;
	uint32_t osversion;
	uint64_t hwcap;
};

/* The NUL-terminated string at @off of @base[0..len), or NULL. */
static const char *string_at(const char *base, size_t len, uint32_t off)
{
	if (off >= len || !memchr(base + off, '\0', len - off))
		return NULL;
	return base + off;
}

static int parse_new(const char *base, size_t len, ldcache_cb cb, void *ctx)
{
	struct new_header h;
	size_t i;

	if (len < sizeof(h))
		return -EINVAL;
	memcpy(&h, base, sizeof(h));
	if (memcmp(h.magic, NEW_MAGIC, sizeof(h.magic)) != 0)
		return -EINVAL;
	if (h.nlibs > (len - sizeof(h)) / sizeof(struct new_entry))
		return -EINVAL;
	for (i = 0; i < h.nlibs; i++) {
		struct new_entry e;
		const char *key, *value;
		int ret;

		memcpy(&e, base + sizeof(h) + i * sizeof(e), sizeof(e));
		if ((e.flags & FLAG_TYPE_MASK) != FLAG_ELF_LIBC6 ||
		    (e.flags & FLAG_ARCH_MASK) != ARCH_FLAG)
			continue; /* another ABI: lib32, x32, libc5 */
		key = string_at(base, len, e.key);
		value = string_at(base, len, e.value);
		if (!key || !value)
			return -EINVAL;
		ret = cb(key, value, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

int ldcache_parse(const void *buf, size_t len, ldcache_cb cb, void *ctx)
{
	const char *base = buf;
	struct old_header old;
	size_t off;

	if (len >= sizeof(NEW_MAGIC) - 1 && memcmp(base, NEW_MAGIC, sizeof(NEW_MAGIC) - 1) == 0)
		return parse_new(base, len, cb, ctx);
	if (len < sizeof(old))
		return -EINVAL;
	memcpy(&old, base, sizeof(old));
	if (memcmp(old.magic, OLD_MAGIC, sizeof(old.magic)) != 0)
		return -EINVAL;
	/* Old-format entries carry no ABI flags we trust; use the new table
	 * that ldconfig writes after them (8-byte aligned). */
	if (old.nlibs > (len - sizeof(old)) / sizeof(struct old_entry))
		return -EINVAL;
	off = sizeof(old) + (size_t)old.nlibs * sizeof(struct old_entry);
	off = (off + 7) & ~(size_t)7;
	if (off >= len)
		return -EINVAL;
	return parse_new(base + off, len - off, cb, ctx);
}

int ldcache_foreach(int rootfd, ldcache_cb cb, void *ctx)
{
	size_t len = 0;
	char *buf = NULL;
	int fd, err;

	fd = rootfs_open(rootfd, LDCACHE_PATH);
	if (fd < 0)
		return fd;
	err = rootfs_read(fd, LDCACHE_MAX_BYTES, &buf, &len);
	close(fd);
	if (!err)
		err = ldcache_parse(buf, len, cb, ctx);
	free(buf);
	return err;
}
