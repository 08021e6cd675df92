// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "proctree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Passes over /proc at most: each finds the next generation of processes
 * whose parents a previous pass added (the order of /proc is by pid, and
 * a recycled pid puts a child before its parent). */
#define MAX_PASSES 64

pid_t proctree_stat_ppid(const char *stat)
{
	const char *p = strrchr(stat, ')');
	char *end;
	long ppid;

	/* ") S PPID ..." */
	if (!p || p[1] != ' ' || !p[2] || p[2] == ' ' || p[3] != ' ')
		return -1;
	p += 4;
	errno = 0;
	ppid = strtol(p, &end, 10);
	if (errno || end == p || *end != ' ' || ppid < 0 || *p == '-' || *p == '+' || *p == ' ')
		return -1;
	return (pid_t)ppid;
}

static pid_t read_ppid(int dirfd, const char *pid)
{
	char path[64], buf[1024];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/stat", pid);
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1; /* gone meanwhile */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return proctree_stat_ppid(buf);
}

int proctree_grow(const char *proc, bool (*member)(pid_t pid, void *ctx),
		  int (*add)(pid_t pid, void *ctx), void *ctx)
{
	int total = 0, added, pass, err;
	struct dirent *de;
	DIR *dir;

	for (pass = 0; pass < MAX_PASSES; pass++) {
		dir = opendir(proc);
		if (!dir)
			return -errno;
		added = 0;
		while ((de = readdir(dir))) {
			char *end;
			long pid = strtol(de->d_name, &end, 10);
			pid_t ppid;

			if (*end || pid <= 0 || member((pid_t)pid, ctx))
				continue;
			ppid = read_ppid(dirfd(dir), de->d_name);
			if (ppid <= 0 || !member(ppid, ctx))
				continue;
			err = add((pid_t)pid, ctx);
			if (err < 0) {
				closedir(dir);
				return err;
			}
			added += err > 0;
		}
		closedir(dir);
		total += added;
		if (!added)
			break;
	}
	return total;
}
