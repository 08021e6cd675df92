// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "cgroup_names.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup2.h"
#include "container.h"
#include "tracer.h"

static struct container_map *names;

/* The walk goes through the mount's fd: that works as well when
 * cgroup2_root_open() had to mount one just for a moment. The fds stay
 * open for the run. */
int cgroup_names_open(const struct tracer *t)
{
	char mount[PATH_MAX], walk[64];
	int mount_fd, root, err = 0;

	if (names)
		return 0;
	mount_fd = cgroup2_root_open(t, mount, sizeof(mount));
	if (mount_fd < 0)
		return mount_fd;
	snprintf(walk, sizeof(walk), "/proc/self/fd/%d", mount_fd);
	root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	names = root >= 0 ? container_map__new(walk, root) : NULL;
	if (!names) {
		err = -errno;
		tracer_error(t, "cannot read the cgroups under %s: %s", mount, strerror(-err));
		if (root >= 0)
			close(root);
		close(mount_fd);
	}
	return err;
}

int cgroup_names_find(const struct tracer *t, const char *name_or_id, char *path, size_t len)
{
	int err = cgroup_names_open(t);

	if (err)
		return err;
	err = container_map__find(names, name_or_id, path, len);
	if (err == -EEXIST)
		tracer_error(t,
			     "--container %s: more than one container matches; give more of its id",
			     name_or_id);
	else if (err)
		tracer_error(t, "--container %s: no such container", name_or_id);
	return err;
}

uint64_t cgroup_names_cols(bool containers, bool json, int container_col, int cgroup_col)
{
	if (!containers)
		return 0;
	return ((uint64_t)1 << container_col) | (json ? (uint64_t)1 << cgroup_col : 0);
}

const char *cgroup_names_name(unsigned long long cgroup_id, const char **cgroup)
{
	if (!names) {
		*cgroup = "-";
		return "-";
	}
	return container_map__name(names, cgroup_id, cgroup);
}
