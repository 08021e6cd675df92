// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "libfind.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ldcache.h"

#if defined(__x86_64__)
#define MULTIARCH "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define MULTIARCH "aarch64-linux-gnu"
#else
#define MULTIARCH ""
#endif

int libfind_add(struct libfind_set *set, const char *path)
{
	struct stat st;
	size_t i;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -ENOEXEC;
	for (i = 0; i < set->n; i++)
		if (set->v[i].dev == st.st_dev && set->v[i].ino == st.st_ino)
			return 0;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		struct libfind_file *v = realloc(set->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		set->v = v;
		set->cap = cap;
	}
	set->v[set->n].path = strdup(path);
	if (!set->v[set->n].path)
		return -ENOMEM;
	set->v[set->n].dev = st.st_dev;
	set->v[set->n].ino = st.st_ino;
	set->n++;
	return 1;
}

void libfind_free(struct libfind_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		free(set->v[i].path);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

bool libfind_name_matches(const char *name, const char *file)
{
	size_t n = strlen(name);
	const char *rest;

	if (!n || strncmp(file, name, n) != 0)
		return false;
	rest = file + n;
	if (*rest == '\0')
		return true;
	if (strstr(name, ".so"))
		return false; /* a full soname matches only itself */
	if (strncmp(rest, ".so", 3) == 0)
		return rest[3] == '\0' || rest[3] == '.';
	/* Old glibc and some vendors: libc-2.31.so. */
	return rest[0] == '-' && rest[1] >= '0' && rest[1] <= '9' && strstr(rest, ".so");
}

/* "/proc/PID/root" when the process has a root of its own (a container),
 * "" when it shares ours, so paths stay short where they can. */
static void root_prefix(int pid, char *buf, size_t len)
{
	struct stat ours, theirs;

	buf[0] = '\0';
	if (pid <= 0)
		return;
	snprintf(buf, len, "/proc/%d/root", pid);
	if (stat("/", &ours) == 0 && stat(buf, &theirs) == 0 && ours.st_dev == theirs.st_dev &&
	    ours.st_ino == theirs.st_ino)
		buf[0] = '\0';
}

static bool same_inode(const char *path, unsigned long ino)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_ino == ino;
}

/* A path to the file mapped at @start-@end (inode @ino) that we can open.
 * /proc/PID/maps shows paths as seen from OUR root: a process in another
 * mount namespace (a container) shows its own paths, which exist under
 * /proc/PID/root; a chroot in our namespace shows host paths. Whichever
 * names the mapped inode wins (inode numbers only: overlayfs reports
 * another device); /proc/PID/map_files (root only) is the last resort. */
static bool resolve_mapped(int pid, const char *root, const char *path, unsigned long start,
			   unsigned long end, unsigned long ino, char *out, size_t len)
{
	char link[PATH_MAX];
	ssize_t n;

	if (root[0]) {
		snprintf(out, len, "%s%s", root, path);
		if (same_inode(out, ino))
			return true;
		/* Its root is a mount of its own namespace that maps shows by
		 * its mount point: strip that. */
		n = readlink(root, link, sizeof(link) - 1);
		if (n > 1) {
			link[n] = '\0';
			if (strncmp(path, link, (size_t)n) == 0 && path[n] == '/') {
				snprintf(out, len, "%s%s", root, path + n);
				if (same_inode(out, ino))
					return true;
			}
		}
	}
	snprintf(out, len, "%s", path);
	if (same_inode(out, ino))
		return true;
	snprintf(out, len, "/proc/%d/map_files/%lx-%lx", pid, start, end);
	return same_inode(out, ino);
}

typedef bool (*map_filter)(const char *perms, const char *path, const void *arg);

/* Add the mapped files @keep selects; returns the number added (*matched:
 * found, added or already in), or -errno. */
static int scan_maps(int pid, map_filter keep, const void *arg, struct libfind_set *out,
		     int *matched)
{
	char maps[64], root[64], line[PATH_MAX + 256], full[PATH_MAX + 64];
	int added = 0, err = 0;
	FILE *f;

	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
	f = fopen(maps, "re");
	if (!f)
		return -errno;
	root_prefix(pid, root, sizeof(root));
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, end, ino;
		char perms[8], *path;
		size_t len;
		int ret;

		if (sscanf(line, "%lx-%lx %7s %*s %*s %lu", &start, &end, perms, &ino) != 4)
			continue;
		path = strchr(line, '/');
		if (!path)
			continue; /* anonymous, [heap], [vdso] */
		len = strlen(path);
		if (len && path[len - 1] == '\n')
			path[--len] = '\0';
		if (len > 10 && strcmp(path + len - 10, " (deleted)") == 0)
			continue; /* replaced on disk: the old inode has no path */
		if (!keep(perms, path, arg))
			continue;
		if (!resolve_mapped(pid, root, path, start, end, ino, full, sizeof(full)))
			continue;
		ret = libfind_add(out, full);
		if (ret >= 0 && matched)
			(*matched)++;
		if (ret > 0)
			added++;
		else if (ret == -ENOMEM) {
			err = ret;
			break;
		}
	}
	fclose(f);
	return err ? err : added;
}

static bool keep_executable(const char *perms, const char *path, const void *arg)
{
	return strchr(perms, 'x') != NULL;
}

static bool keep_named(const char *perms, const char *path, const void *name)
{
	const char *base = strrchr(path, '/');

	return libfind_name_matches(name, base ? base + 1 : path);
}

int libfind_process(int pid, struct libfind_set *out)
{
	return scan_maps(pid, keep_executable, NULL, out, NULL);
}

struct cache_walk {
	const char *name;
	const char *root;
	struct libfind_set *out;
	int added;   /* new in @out */
	int matched; /* found, new or not */
};

/* libc.so next to libc.so.6 is a linker script, not a library. */
static bool is_elf(const char *path)
{
	char magic[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && read(fd, magic, 4) == 4 && memcmp(magic, ELFMAG, 4) == 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

static int add_rooted(struct cache_walk *w, const char *path)
{
	char full[PATH_MAX + 64];
	int ret;

	snprintf(full, sizeof(full), "%s%s", w->root, path);
	if (!is_elf(full))
		return 0;
	w->matched++;
	ret = libfind_add(w->out, full);
	if (ret > 0)
		w->added++;
	return ret == -ENOMEM ? ret : 0;
}

static int cache_entry(const char *soname, const char *path, void *ctx)
{
	struct cache_walk *w = ctx;

	return libfind_name_matches(w->name, soname) ? add_rooted(w, path) : 0;
}

static int scan_dir(struct cache_walk *w, const char *dir)
{
	char full[PATH_MAX + 64], path[PATH_MAX + 64];
	struct dirent *de;
	int err = 0;
	DIR *d;

	snprintf(full, sizeof(full), "%s%s", w->root, dir);
	d = opendir(full);
	if (!d)
		return 0;
	while (!err && (de = readdir(d))) {
		if (!libfind_name_matches(w->name, de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		err = add_rooted(w, path);
	}
	closedir(d);
	return err;
}

int libfind_library(const char *name, int pid, struct libfind_set *out)
{
	static const char *const dirs[] = {
		"/lib/" MULTIARCH, "/usr/lib/" MULTIARCH, "/lib64", "/usr/lib64", "/lib",
		"/usr/lib",
	};
	char root[64], cache[128], path[PATH_MAX + 64];
	struct cache_walk w = { .name = name, .root = root, .out = out };
	size_t i;
	int err;

	root_prefix(pid, root, sizeof(root));
	if (strchr(name, '/')) {
		/* 1 added, 0 already in, -errno (-ENOENT) missing. */
		snprintf(path, sizeof(path), "%s%s", root, name);
		return libfind_add(out, path);
	}
	if (pid > 0) {
		int matched = 0;

		err = scan_maps(pid, keep_named, name, out, &matched);
		if (err < 0 || matched)
			return err; /* what the process uses, or cannot read its maps */
	}
	snprintf(cache, sizeof(cache), "%s" LDCACHE_PATH, root);
	err = ldcache_foreach(cache, cache_entry, &w);
	if (err == -ENOMEM)
		return err;
	/* No cache (musl, minimal containers) or nothing in it: where ld.so
	 * looks by default. */
	for (i = 0; !w.matched && i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (MULTIARCH[0] || i > 1)
			scan_dir(&w, dirs[i]);
	return w.added;
}
