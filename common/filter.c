// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "filter.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "tracer.h"

int filter_set_cgroup(const struct tracer *t, struct bpf_map *map, const char *path)
{
	__u32 key = 0;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		tracer_error(t, "cannot open cgroup %s: %s", path, strerror(-err));
		return err;
	}
	if (bpf_map_update_elem(bpf_map__fd(map), &key, &fd, BPF_ANY)) {
		err = -errno;
		tracer_error(t, "cannot use cgroup %s: %s (a cgroup v2 directory is needed)", path,
			     strerror(-err));
	}
	close(fd);
	return err;
}

int filter_check_pid(const struct tracer *t, int pid, const char *what)
{
	if (kill(pid, 0) == 0 || errno == EPERM)
		return 0;
	tracer_error(t, "no process with %s %d", what, pid);
	return -ESRCH;
}
