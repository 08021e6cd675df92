// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Every lookup ends in an O_PATH fd, which names an inode without opening
 * it; its type is checked there, and only a regular file is then opened
 * for reading, through /proc/self/fd/N, which reopens that very inode.
 *
 * The O_PATH fd comes from openat2(RESOLVE_IN_ROOT), or, where that is
 * missing, from walk(): one openat(O_NOFOLLOW) per component, so the
 * kernel never follows a symlink for us; a symlink's text is spliced in
 * front of the rest of the path and resolved by the same walk, an absolute
 * one from the root. ".." pops a stack of the directory fds walked into,
 * so it can neither rise above the root nor follow a directory that was
 * moved away after we entered it.
 */
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's MAXSYMLINKS, so both ways give the same answer. */
#define MAX_SYMLINKS  40
#define RESOLVE_FLAGS (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)

bool rootfs_no_openat2;

/* 1 openat2 works, -1 it does not, 0 not probed yet. */
static int openat2_state;

/* File systems whose regular files are kernel interfaces: opening or
 * reading one can act (reading /proc/kmsg consumes the host's kernel log,
 * tracefs's trace_pipe drains the trace buffer) or never end. */
static const uint32_t pseudo_fs[] = {
	PROC_SUPER_MAGIC, SYSFS_MAGIC,	  DEBUGFS_MAGIC,      TRACEFS_MAGIC,	   SECURITYFS_MAGIC,
	SELINUX_MAGIC,	  SMACK_MAGIC,	  CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC, BPF_FS_MAGIC,
	EFIVARFS_MAGIC,	  PSTOREFS_MAGIC, BINFMTFS_MAGIC,
};

static int sys_openat2(int dirfd, const char *path)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_FLAGS,
	};

	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

/* A seccomp filter can't read open_how (it is behind a pointer), so one
 * that blocks openat2 blocks every call, with ENOSYS or EPERM. Probing on
 * "/", a path of our own, tells that apart from an EPERM of a real lookup,
 * which is then returned, never taken as "unavailable". EINVAL and E2BIG
 * on this fixed, valid request mean a kernel without these flags. */
static bool have_openat2(void)
{
	int state = __atomic_load_n(&openat2_state, __ATOMIC_RELAXED);
	int fd;

	if (rootfs_no_openat2) {
		state = -1;
		goto out;
	}
	if (state)
		goto out;
	fd = sys_openat2(AT_FDCWD, "/");
	if (fd >= 0) {
		close(fd);
		state = 1;
	} else if (errno == ENOSYS || errno == EPERM || errno == EINVAL || errno == E2BIG) {
		state = -1;
	} else {
		/* Out of fds or memory: no answer; walk this time, ask again. */
		state = 0;
		goto out;
	}
	__atomic_store_n(&openat2_state, state, __ATOMIC_RELAXED);
out:
	return state > 0;
}

/* Replace buf[0..pos) (the path up to and including symlink @fd) by the
 * symlink's text, keeping the rest, so the walk goes on from the text. */
static int splice_link(int fd, char *buf, size_t pos)
{
	char target[PATH_MAX];
	size_t rest = strlen(buf + pos);
	ssize_t n;
	int err = 0;

	n = readlinkat(fd, "", target, sizeof(target));
	if (n < 0) {
		err = -errno;
		goto cleanup;
	}
	if (n == 0) {
		err = -ENOENT; /* as the kernel answers for an empty symlink */
		goto cleanup;
	}
	if ((size_t)n + rest >= PATH_MAX) {
		err = -ENAMETOOLONG;
		goto cleanup;
	}
	memmove(buf + n, buf + pos, rest + 1);
	memcpy(buf, target, (size_t)n);
cleanup:
	return err;
}

/* The fallback resolution: an O_PATH fd of @path inside @rootfd, or -errno.
 * stack[0] is @rootfd (the caller's), stack[1..depth] ours. */
static int walk(int rootfd, const char *path)
{
	char buf[PATH_MAX], name[NAME_MAX + 1];
	int stack[ROOTFS_MAX_DEPTH + 1];
	int depth = 0, links = 0, fd = -1, err = 0;
	size_t pos = 0, n;
	struct stat st;

	stack[0] = rootfd;
	memcpy(buf, path, strlen(path) + 1); /* the caller checked the length */
	for (;;) {
		while (buf[pos] == '/')
			pos++;
		if (!buf[pos])
			break; /* the directory we are in is the answer */
		n = strcspn(buf + pos, "/");
		if (n > NAME_MAX) {
			err = -ENAMETOOLONG;
			goto cleanup;
		}
		memcpy(name, buf + pos, n);
		name[n] = '\0';
		pos += n;
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			if (depth > 0)
				close(stack[depth--]);
			continue;
		}
		fd = openat(stack[depth], name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			err = -errno;
			goto cleanup;
		}
		if (fstat(fd, &st) < 0) {
			err = -errno;
			goto cleanup;
		}
		if (S_ISLNK(st.st_mode)) {
			if (++links > MAX_SYMLINKS) {
				err = -ELOOP;
				goto cleanup;
			}
			err = splice_link(fd, buf, pos);
			close(fd);
			fd = -1;
			if (err)
				goto cleanup;
			if (buf[0] == '/')
				while (depth > 0)
					close(stack[depth--]);
			pos = 0;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (depth == ROOTFS_MAX_DEPTH) {
				err = -ENAMETOOLONG;
				goto cleanup;
			}
			stack[++depth] = fd;
			fd = -1;
			continue;
		}
		if (buf[pos]) {
			err = -ENOTDIR; /* "file/..." or "file/" */
			goto cleanup;
		}
		break;
	}
	if (fd < 0 && depth > 0) {
		fd = stack[depth--];
	} else if (fd < 0) {
		fd = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
		if (fd < 0)
			err = -errno;
	}
cleanup:
	while (depth > 0)
		close(stack[depth--]);
	if (err && fd >= 0)
		close(fd);
	return err ? err : fd;
}

/* An O_PATH fd of @path inside @rootfd, by openat2 where it works. */
static int resolve(int rootfd, const char *path)
{
	int fd = -1, err = 0;

	if (rootfd < 0) {
		err = -EBADF;
		goto cleanup;
	}
	if (!path) {
		err = -EFAULT;
		goto cleanup;
	}
	if (!path[0]) {
		err = -ENOENT; /* what openat2 says; there is no AT_EMPTY_PATH */
		goto cleanup;
	}
	if (strnlen(path, PATH_MAX) == PATH_MAX) {
		err = -ENAMETOOLONG;
		goto cleanup;
	}
	if (have_openat2()) {
		fd = sys_openat2(rootfd, path);
		if (fd >= 0)
			goto cleanup;
		err = -errno;
		if (err != -ENOSYS && err != -EAGAIN)
			goto cleanup;
		/* ENOSYS: a filter installed after the probe. EAGAIN: a rename
		 * or mount raced a ".."; the walk's ".." can't be fooled so. */
		if (err == -ENOSYS)
			__atomic_store_n(&openat2_state, -1, __ATOMIC_RELAXED);
		err = 0;
	}
	fd = walk(rootfd, path);
	if (fd < 0) {
		err = fd;
		fd = -1;
	}
cleanup:
	return err ? err : fd;
}

/* 0 for a file system that holds data, -EINVAL for a pseudo_fs one. */
static int check_data_fs(int fd)
{
	struct statfs sfs;
	size_t i;
	int err = 0;

	if (fstatfs(fd, &sfs) < 0) {
		err = -errno;
		goto cleanup;
	}
	for (i = 0; i < sizeof(pseudo_fs) / sizeof(pseudo_fs[0]); i++)
		if ((uint32_t)sfs.f_type == pseudo_fs[i])
			err = -EINVAL;
cleanup:
	return err;
}

int rootfs_open_root(int pid)
{
	char path[32];
	int fd;

	if (pid <= 0)
		snprintf(path, sizeof(path), "/");
	else
		snprintf(path, sizeof(path), "/proc/%d/root", pid);
	/* Our own /proc: following its magic link is the kernel's jump to
	 * that process's root, not a path the process wrote. */
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int rootfs_reopen(int pfd)
{
	struct stat st, got;
	char proc[32];
	int fd = -1, err = 0;

	if (fstat(pfd, &st) < 0) {
		err = -errno;
		goto cleanup;
	}
	/* Before any real open: a FIFO's would block, a device's can act. */
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto cleanup;
	}
	err = check_data_fs(pfd);
	if (err)
		goto cleanup;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		goto cleanup;
	}
	if (fstat(fd, &got) < 0) {
		err = -errno;
		goto cleanup;
	}
	if (got.st_dev != st.st_dev || got.st_ino != st.st_ino)
		err = -ESTALE;
cleanup:
	if (err && fd >= 0)
		close(fd);
	return err ? err : fd;
}

int rootfs_open(int rootfd, const char *path)
{
	int pfd, fd;

	pfd = resolve(rootfd, path);
	if (pfd < 0)
		return pfd;
	fd = rootfs_reopen(pfd);
	close(pfd);
	return fd;
}

int rootfs_opendir(int rootfd, const char *path)
{
	struct stat st;
	int pfd, fd = -1, err = 0;

	pfd = resolve(rootfd, path);
	if (pfd < 0) {
		err = pfd;
		goto cleanup;
	}
	if (fstat(pfd, &st) < 0) {
		err = -errno;
		goto cleanup;
	}
	if (!S_ISDIR(st.st_mode)) {
		err = -ENOTDIR;
		goto cleanup;
	}
	/* "." from the O_PATH fd is that same directory, no /proc needed. */
	fd = openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		err = -errno;
cleanup:
	if (pfd >= 0)
		close(pfd);
	return err ? err : fd;
}

int rootfs_read(int fd, size_t max, char **buf, size_t *len)
{
	char *data = NULL, *grown, extra;
	size_t cap, n = 0;
	struct stat st;
	ssize_t got = 0;
	int err = 0;

	if (!buf || !len) {
		err = -EFAULT;
		goto cleanup;
	}
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto cleanup;
	}
	if (max > SSIZE_MAX - 1)
		max = SSIZE_MAX - 1; /* room for the NUL */
	if ((uintmax_t)st.st_size > max) {
		err = -EFBIG;
		goto cleanup;
	}
	/* st_size is only a hint: files grow, and procfs-like ones say 0. */
	cap = st.st_size ? (size_t)st.st_size : (max < 4096 ? max : 4096);
	data = malloc(cap + 1);
	if (!data) {
		err = -ENOMEM;
		goto cleanup;
	}
	for (;;) {
		if (n == cap) {
			/* Full: one more byte tells the end from a larger file. */
			got = pread(fd, &extra, 1, (off_t)n);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				break;
			if (cap == max) {
				err = -EFBIG;
				goto cleanup;
			}
			cap = cap > max / 2 ? max : cap * 2;
			grown = realloc(data, cap + 1);
			if (!grown) {
				err = -ENOMEM;
				goto cleanup;
			}
			data = grown;
			data[n++] = extra;
			continue;
		}
		got = pread(fd, data + n, cap - n, (off_t)n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	if (got < 0) {
		err = -errno;
		goto cleanup;
	}
	data[n] = '\0';
cleanup:
	if (err) {
		free(data);
		data = NULL;
		n = 0;
	}
	if (buf && len) {
		*buf = data;
		*len = n;
	}
	return err;
}
