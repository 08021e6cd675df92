// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "filter.h"

#include <argp.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "tracer.h"

static error_t filter_parse(int key, char *arg, struct argp_state *state)
{
	struct filter_args *a = state->input;

	switch (key) {
	case 'p': a->pid = args_pid(state, arg, "pid"); return 0;
	case 't': a->tid = args_pid(state, arg, "tid"); return 0;
	case 'u':
		a->uid = args_user(state, arg, "uid");
		a->uid_on = true;
		return 0;
	case 'c':
		if (!*arg)
			args_usage_error(state, "-c needs a cgroup path");
		a->cgroup = arg;
		return 0;
	default: return ARGP_ERR_UNKNOWN;
	}
}

const struct argp *filter_argp(const void *opts)
{
	const struct filter_options *o = opts;
	static struct argp_option options[6];
	static struct argp argp = { .options = options, .parser = filter_parse };
	int n = 0;

	options[n++] = (struct argp_option){ NULL, 0, NULL, 0, "Filters:", ARGS_GROUP_FILTERS };
	if (o->which & FILTER_PID)
		options[n++] = (struct argp_option){
			"pid", 'p', "PID", 0, o->pid_doc ? o->pid_doc : "Trace only this process", 0
		};
	if (o->which & FILTER_TID)
		options[n++] =
			(struct argp_option){ "tid", 't', "TID", 0, "Trace only this thread", 0 };
	if (o->which & FILTER_UID)
		options[n++] = (struct argp_option){
			"uid", 'u', "UID", 0, "Trace only this user (number or name)", 0
		};
	if (o->which & FILTER_CGROUP)
		options[n++] = (struct argp_option){
			"cgroup",
			'c',
			"CGROUP",
			0,
			o->cgroup_doc ? o->cgroup_doc : "Trace only this cgroup v2 path",
			0
		};
	options[n] = (struct argp_option){ 0 };
	return &argp;
}

int filter_check_pid(const struct tracer *t, int pid, const char *what)
{
	if (kill(pid, 0) == 0 || errno == EPERM)
		return 0;
	tracer_error(t, "no process with %s %d", what, pid);
	return -ESRCH;
}

static int open_cgroup(const struct tracer *t, const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		int err = -errno;

		tracer_error(t, "cannot open cgroup %s: %s", path, strerror(-err));
		return err;
	}
	return fd;
}

int filter_check(const struct tracer *t, const struct filter_args *a)
{
	int fd;

	if (a->pid && filter_check_pid(t, a->pid, "pid"))
		return -ESRCH;
	if (a->tid && filter_check_pid(t, a->tid, "tid"))
		return -ESRCH;
	if (a->cgroup) {
		fd = open_cgroup(t, a->cgroup);
		if (fd < 0)
			return fd;
		close(fd);
	}
	return 0;
}

void filter_configure(volatile struct filter_cfg *cfg, const struct filter_args *a)
{
	cfg->tgid = (__u32)a->pid;
	cfg->tid = (__u32)a->tid;
	cfg->uid = a->uid;
	cfg->uid_on = a->uid_on;
	cfg->cgroup_on = a->cgroup != NULL;
}

int filter_install(const struct tracer *t, const struct filter_args *a, struct bpf_map *map)
{
	__u32 key = 0;
	int fd, err = 0;

	if (!a->cgroup)
		return 0;
	fd = open_cgroup(t, a->cgroup);
	if (fd < 0)
		return fd;
	if (bpf_map_update_elem(bpf_map__fd(map), &key, &fd, BPF_ANY)) {
		err = -errno;
		tracer_error(t, "cannot use cgroup %s: %s (a cgroup v2 directory is needed)",
			     a->cgroup, strerror(-err));
	}
	close(fd);
	return err;
}

int filter_load(struct tracer *t, struct bpf_object_skeleton *s, const struct filter_args *a,
		struct bpf_map *map)
{
	int err = filter_check(t, a);

	if (!err)
		err = tracer_load(t, s);
	if (!err)
		err = filter_install(t, a, map);
	return err;
}
