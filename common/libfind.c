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
#include "rootfs.h"

#if defined(__x86_64__)
#define MULTIARCH "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define MULTIARCH "aarch64-linux-gnu"
#else
#define MULTIARCH ""
#endif

/* Where a search looks: a process's root (or ours), and how its paths are
 * shown. */
struct root {
	int fd;		 /* rootfs_open_root() */
	char shown[64];	 /* "/proc/PID/root" when the process has its own, else "" */
	char mount[256]; /* its root as /proc/PID/maps may name it, "" if "/" */
};

static int root_open(struct root *r, int pid)
{
	struct stat ours, theirs;
	ssize_t n;

	memset(r, 0, sizeof(*r));
	r->fd = rootfs_open_root(pid);
	if (r->fd < 0)
		return r->fd;
	if (pid <= 0 || (stat("/", &ours) == 0 && fstat(r->fd, &theirs) == 0 &&
			 ours.st_dev == theirs.st_dev && ours.st_ino == theirs.st_ino))
		return 0; /* our own root: short host paths */
	snprintf(r->shown, sizeof(r->shown), "/proc/%d/root", pid);
	/* A root that is a mount of the process's own namespace shows in its
	 * maps by its mount point; a chroot in ours, by its host path. */
	n = readlink(r->shown, r->mount, sizeof(r->mount) - 1);
	r->mount[n > 1 ? n : 0] = '\0';
	return 0;
}

static void root_close(struct root *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

/* Add @fd (ours now, whatever happens) as @in_root in @root, shown as
 * @shown: 1 added, 0 the same file is in already, -errno. */
static int set_add(struct libfind_set *set, int rootfd, const char *shown, const char *in_root,
		   int fd)
{
	struct libfind_file *f;
	struct stat st;
	size_t i;
	int err = 0;

	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto fail;
	}
	for (i = 0; i < set->n; i++) {
		if (set->v[i].dev == st.st_dev && set->v[i].ino == st.st_ino) {
			close(fd);
			return 0;
		}
	}
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		struct libfind_file *v = realloc(set->v, cap * sizeof(*v));

		if (!v) {
			err = -ENOMEM;
			goto fail;
		}
		set->v = v;
		set->cap = cap;
	}
	f = &set->v[set->n];
	*f = (struct libfind_file){ .fd = fd, .dev = st.st_dev, .ino = st.st_ino };
	f->path = strdup(shown);
	f->in_root = strdup(in_root);
	f->rootfd = rootfd >= 0 ? fcntl(rootfd, F_DUPFD_CLOEXEC, 3) : -1;
	if (!f->path || !f->in_root || (rootfd >= 0 && f->rootfd < 0)) {
		free(f->path);
		free(f->in_root);
		if (f->rootfd >= 0)
			close(f->rootfd);
		err = -ENOMEM;
		goto fail;
	}
	set->n++;
	return 1;
fail:
	close(fd);
	return err;
}

int libfind_add(struct libfind_set *set, const char *path)
{
	char real[PATH_MAX];
	int pfd, fd, rootfd, err;

	/* The user named it: their path, from here, symlinks and all; only the
	 * kind of file is checked before it is opened. */
	pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	fd = rootfs_reopen(pfd);
	close(pfd);
	if (fd < 0)
		return fd == -EINVAL ? -ENOEXEC : fd; /* a directory, FIFO, device */
	/* Files beside it are looked up from its absolute path. */
	if (!realpath(path, real))
		snprintf(real, sizeof(real), "%s", path);
	rootfd = rootfs_open_root(0);
	err = set_add(set, rootfd, path, real, fd);
	if (rootfd >= 0)
		close(rootfd);
	return err;
}

int libfind_add_file(struct libfind_set *set, const struct libfind_file *f)
{
	int fd = fcntl(f->fd, F_DUPFD_CLOEXEC, 3);

	return fd < 0 ? -errno : set_add(set, f->rootfd, f->path, f->in_root, fd);
}

void libfind_free(struct libfind_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->v[i].path);
		free(set->v[i].in_root);
		close(set->v[i].fd);
		if (set->v[i].rootfd >= 0)
			close(set->v[i].rootfd);
	}
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

/* Open @path inside @rootfd if it is the inode @ino; -errno otherwise. */
static int open_inode(int rootfd, const char *path, unsigned long ino)
{
	struct stat st;
	int fd = rootfs_open(rootfd, path);

	if (fd >= 0 && (fstat(fd, &st) < 0 || st.st_ino != ino)) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

/* The file mapped at @start-@end (inode @ino), opened: /proc/PID/map_files
 * is the kernel's own link to the very file mapped (root only); else the
 * path maps shows, inside the process's root, if it names that inode (maps
 * names paths from OUR root where it can: a container's own mount shows by
 * its path inside, a chroot in our namespace by its host path). Inode
 * numbers only: overlayfs reports another device. */
static int open_mapped(int pid, const struct root *r, const char *path, bool deleted,
		       unsigned long start, unsigned long end, unsigned long ino, char *in_root,
		       size_t len)
{
	char link[96];
	size_t m = strlen(r->mount);
	struct stat st;
	int pfd, fd;

	snprintf(in_root, len, "%s", path);
	snprintf(link, sizeof(link), "/proc/%d/map_files/%lx-%lx", pid, start, end);
	pfd = open(link, O_PATH | O_CLOEXEC);
	if (pfd >= 0) {
		fd = rootfs_reopen(pfd);
		close(pfd);
		if (fd >= 0 && fstat(fd, &st) == 0 && st.st_ino == ino)
			return fd;
		if (fd >= 0)
			close(fd);
	}
	/* A file replaced on disk (a daemon after a libc upgrade) has no
	 * path any more: its old name names the new file. */
	if (deleted)
		return -ENOENT;
	fd = open_inode(r->fd, path, ino);
	if (fd < 0 && m && strncmp(path, r->mount, m) == 0 && path[m] == '/') {
		snprintf(in_root, len, "%s", path + m);
		fd = open_inode(r->fd, path + m, ino);
	}
	if (fd < 0 && r->shown[0]) {
		int host = rootfs_open_root(0);

		if (host >= 0) {
			snprintf(in_root, len, "%s", path);
			fd = open_inode(host, path, ino);
			close(host);
		}
	}
	return fd;
}

typedef bool (*map_filter)(const char *perms, const char *path, const void *arg);

/* Add the mapped files @keep selects; returns the number added (*matched:
 * found, added or already in), or -errno. */
static int scan_maps(int pid, const struct root *r, map_filter keep, const void *arg,
		     struct libfind_set *out, int *matched)
{
	char maps[64], line[PATH_MAX + 256], in_root[PATH_MAX], shown[PATH_MAX + 128];
	int added = 0, err = 0;
	FILE *f;

	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
	f = fopen(maps, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, end, ino;
		char perms[8], *path;
		bool deleted;
		size_t len;
		int fd, ret;

		if (sscanf(line, "%lx-%lx %7s %*s %*s %lu", &start, &end, perms, &ino) != 4)
			continue;
		path = strchr(line, '/');
		if (!path)
			continue; /* anonymous, [heap], [vdso] */
		len = strlen(path);
		if (len && path[len - 1] == '\n')
			path[--len] = '\0';
		/* Replaced on disk: still probed, through map_files. */
		deleted = len > 10 && strcmp(path + len - 10, " (deleted)") == 0;
		if (deleted)
			path[len - 10] = '\0';
		if (!keep(perms, path, arg))
			continue;
		fd = open_mapped(pid, r, path, deleted, start, end, ino, in_root, sizeof(in_root));
		if (fd < 0)
			continue;
		snprintf(shown, sizeof(shown), "%s%s%s", r->shown, in_root,
			 deleted ? " (deleted)" : "");
		ret = set_add(out, r->fd, shown, in_root, fd);
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
	struct root r;
	int err = root_open(&r, pid);

	if (!err)
		err = scan_maps(pid, &r, keep_executable, NULL, out, NULL);
	root_close(&r);
	return err;
}

struct cache_walk {
	const char *name;
	const struct root *root;
	struct libfind_set *out;
	int added;   /* new in @out */
	int matched; /* found, new or not */
};

/* libc.so next to libc.so.6 is a linker script, not a library. */
static bool is_elf(int fd)
{
	char magic[4];

	return pread(fd, magic, sizeof(magic), 0) == 4 && memcmp(magic, ELFMAG, 4) == 0;
}

/* @path inside the root, if it is an ELF file. */
static int add_rooted(struct cache_walk *w, const char *path)
{
	char shown[PATH_MAX + 64];
	int fd, ret;

	fd = rootfs_open(w->root->fd, path);
	if (fd < 0)
		return 0;
	if (!is_elf(fd)) {
		close(fd);
		return 0;
	}
	w->matched++;
	snprintf(shown, sizeof(shown), "%s%s", w->root->shown, path);
	ret = set_add(w->out, w->root->fd, shown, path, fd);
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
	char path[PATH_MAX];
	struct dirent *de;
	int fd, err = 0;
	DIR *d;

	fd = rootfs_opendir(w->root->fd, dir);
	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while (!err && (de = readdir(d))) {
		if (!libfind_name_matches(w->name, de->d_name))
			continue;
		/* Opened by its full path from the root: a symlink in @dir
		 * resolves inside the root, not inside @dir. */
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		err = add_rooted(w, path);
	}
	closedir(d);
	return err;
}

/* A @name with a '/' inside @r: 1 added, 0 already in, -errno. */
static int add_path(struct libfind_set *out, const struct root *r, const char *name)
{
	char shown[PATH_MAX + 64];
	int fd = rootfs_open(r->fd, name);

	if (fd < 0)
		return fd;
	snprintf(shown, sizeof(shown), "%s%s", r->shown, name);
	return set_add(out, r->fd, shown, name, fd);
}

int libfind_library(const char *name, int pid, struct libfind_set *out)
{
	static const char *const dirs[] = {
		"/lib/" MULTIARCH, "/usr/lib/" MULTIARCH, "/lib64", "/usr/lib64", "/lib",
		"/usr/lib",
	};
	struct cache_walk w = { .name = name, .out = out };
	struct root r;
	size_t i;
	int err;

	if (strchr(name, '/') && pid <= 0)
		return libfind_add(out, name); /* the user's own path */
	err = root_open(&r, pid);
	if (err)
		return err;
	w.root = &r;
	if (strchr(name, '/')) {
		err = add_path(out, &r, name);
		goto cleanup;
	}
	if (pid > 0) {
		int matched = 0;

		err = scan_maps(pid, &r, keep_named, name, out, &matched);
		if (err < 0 || matched)
			goto cleanup; /* what the process uses, or cannot read its maps */
	}
	err = ldcache_foreach(r.fd, cache_entry, &w);
	if (err == -ENOMEM)
		goto cleanup;
	/* No cache (musl, minimal containers) or nothing in it: where ld.so
	 * looks by default. */
	for (i = 0; !w.matched && i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (MULTIARCH[0] || i > 1)
			scan_dir(&w, dirs[i]);
	err = w.added;
cleanup:
	root_close(&r);
	return err;
}

int libfind_open_beside(const struct libfind_file *f, const char *name)
{
	char path[PATH_MAX];
	const char *slash = strrchr(f->in_root, '/');
	int dir = slash ? (int)(slash - f->in_root) : 0;

	if (f->rootfd < 0)
		return -ENOENT;
	if (snprintf(path, sizeof(path), "%.*s/%s", dir, f->in_root, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return rootfs_open(f->rootfd, path);
}
