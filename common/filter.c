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
#include "cgroup_names.h"
#include "command.h"
#include "proctree.h"
#include "tracer.h"
#include "tree.skel.h"

enum {
	OPT_TREE = 0x2000,
	OPT_USER,
	OPT_CONTAINER,
};

/* --container's cgroup directory, found at the checks. */
static char container_path[PATH_MAX];

/* The tree's own object (bpf/tree.bpf.c), loaded and attached once; its
 * map is every tool object's filter_tree. */
static struct tree_bpf *tree_skel;
static bool tree_seeded;

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
	case OPT_TREE: a->tree = args_pid(state, arg, "tree pid"); return 0;
	case 'C': a->containers = true; return 0;
	case OPT_CONTAINER:
		if (!*arg)
			args_usage_error(state, "--container needs a name or an id");
		a->container = arg;
		return 0;
	case OPT_USER:
		if (!command_user_lookup(arg, &a->user))
			args_usage_error(state, "invalid user: '%s' (no such user)", arg);
		return 0;
	case ARGP_KEY_ARG:
		if (!args_after_dashes(state, key))
			return ARGP_ERR_UNKNOWN;
		a->command = &state->argv[state->next - 1];
		state->next = state->argc;
		return 0;
	case ARGP_KEY_END:
		if (a->user.on && !a->command)
			args_usage_error(state, "--user needs a command: --user USER -- COMMAND");
		if (a->tree && a->command)
			args_usage_error(state, "--tree and a command: give one of them");
		if (state->quoted && !a->command)
			args_usage_error(state, "no command after '--'");
		if (a->container && a->cgroup)
			args_usage_error(state, "--container and -c: give one of them");
		return 0;
	default: return ARGP_ERR_UNKNOWN;
	}
}

const struct argp *filter_argp(const void *opts)
{
	const struct filter_options *o = opts;
	static struct argp_option options[10];
	static struct argp argp = { .options = options,
				    .parser = filter_parse,
				    .args_doc = "[-- COMMAND [ARG...]]" };
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
	options[n++] = (struct argp_option){
		"container",
		OPT_CONTAINER,
		"NAME|ID",
		0,
		"Trace only this container (its cgroup and those below): its name, or the start "
		"of its id",
		0
	};
	if (o->containers)
		options[n++] = (struct argp_option){
			"containers",
			'C',
			NULL,
			0,
			"Add a CONTAINER column: the runtime's name for the container, else "
			"runtime:ID, else the systemd unit",
			0
		};
	options[n++] = (struct argp_option){
		"tree",
		OPT_TREE,
		"PID",
		0,
		"Trace only PID and its descendants, those now and those it starts",
		0
	};
	options[n++] = (struct argp_option){
		"user",
		OPT_USER,
		"USER",
		0,
		"Run COMMAND (after --) as USER; the tool traces COMMAND and all it starts, "
		"and exits with its status",
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
	if (a->tree && filter_check_pid(t, a->tree, "tree pid"))
		return -ESRCH;
	if (a->command)
		command_resolve(t, a->command);
	if (a->containers && cgroup_names_open(t))
		return -ENOENT;
	if (a->container &&
	    cgroup_names_find(t, a->container, container_path, sizeof(container_path)))
		return -ENOENT;
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
	cfg->cgroup_on = a->cgroup || a->container;
	cfg->tree_on = a->tree || a->command;
	cfg->cgroup_id_on = a->containers;
}

int filter_prepare(struct tracer *t, struct bpf_object *obj, const struct filter_args *a)
{
	struct bpf_map *map;
	int err;

	if (!a->tree && !a->command)
		return 0;
	if (!tree_skel) {
		tree_skel = tree_bpf__open_opts(tracer_open_opts(t));
		if (!tree_skel)
			return tracer_load_error(t, "open the process tree's BPF object", -errno);
		err = tree_bpf__load(tree_skel);
		if (!err)
			err = tree_bpf__attach(tree_skel);
		if (err) {
			tree_bpf__destroy(tree_skel);
			tree_skel = NULL;
			return tracer_load_error(t, "attach the process tree's tracepoints", err);
		}
	}
	map = bpf_object__find_map_by_name(obj, "filter_tree");
	err = map ? bpf_map__reuse_fd(map, bpf_map__fd(tree_skel->maps.filter_tree)) : -ENOENT;
	if (err)
		tracer_error(t, "cannot share the process tree's map: %s", strerror(-err));
	return err;
}

static int tree_put(int fd, pid_t pid, __u8 state)
{
	__u32 key = (__u32)pid;

	return bpf_map_update_elem(fd, &key, &state, BPF_ANY) ? -errno : 0;
}

static bool tree_member(pid_t pid, void *ctx)
{
	__u32 key = (__u32)pid;
	__u8 state;

	return bpf_map_lookup_elem(*(int *)ctx, &key, &state) == 0;
}

/* Never the tool itself, when --tree names one of its ancestors. */
static int tree_add(pid_t pid, void *ctx)
{
	int err;

	if (pid == getpid())
		return 0;
	err = tree_put(*(int *)ctx, pid, FILTER_TREE_IN);
	return err ? err : 1;
}

/* Its members, once the tree's programs run (filter_prepare()): a fork
 * after that is the kernel's to add, one before it is in /proc for the
 * scan. Once: every attempt of a tool shares the one map. */
static int tree_seed(const struct tracer *t, const struct filter_args *a)
{
	int fd = bpf_map__fd(tree_skel->maps.filter_tree), err, added;
	pid_t pid;

	if (tree_seeded)
		return 0;
	if (a->command) {
		pid = command_spawn(t, a->command, &a->user);
		if (pid < 0)
			return pid;
		err = tree_put(fd, pid, FILTER_TREE_HELD);
	} else {
		err = tree_put(fd, a->tree, FILTER_TREE_IN);
		if (!err) {
			added = proctree_grow("/proc", tree_member, tree_add, &fd);
			err = added < 0 ? added : 0;
			if (!err)
				tracer_info(t, "--tree %d: %d processes below it now", a->tree,
					    added);
		}
	}
	if (err)
		tracer_error(t, "cannot fill the process tree: %s", strerror(-err));
	tree_seeded = !err;
	return err;
}

unsigned long long filter_tree_missed(void)
{
	__u32 key = 0;
	__u64 n = 0;

	if (tree_skel)
		bpf_map_lookup_elem(bpf_map__fd(tree_skel->maps.filter_tree_missed), &key, &n);
	return n;
}

int filter_install(const struct tracer *t, const struct filter_args *a, struct bpf_map *map)
{
	const char *cgroup = a->container ? container_path : a->cgroup;
	__u32 key = 0;
	int fd, err = 0;

	if (tree_skel) {
		err = tree_seed(t, a);
		if (err)
			return err;
	}
	if (!cgroup)
		return 0;
	fd = open_cgroup(t, cgroup);
	if (fd < 0)
		return fd;
	if (bpf_map_update_elem(bpf_map__fd(map), &key, &fd, BPF_ANY)) {
		err = -errno;
		tracer_error(t, "cannot use cgroup %s: %s (a cgroup v2 directory is needed)",
			     cgroup, strerror(-err));
	}
	close(fd);
	return err;
}

int filter_load(struct tracer *t, struct bpf_object_skeleton *s, const struct filter_args *a,
		struct bpf_map *map)
{
	int err = filter_check(t, a);

	if (!err)
		err = filter_prepare(t, *s->obj, a);
	if (!err)
		err = tracer_load(t, s);
	if (!err)
		err = filter_install(t, a, map);
	return err;
}
