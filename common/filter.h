/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Who to trace, user-space half of bpf/lib/filter.bpf.h: the -p/-t/-u/-c
 * options every tool offers a selection of, their checks, and the
 * configuration the BPF side reads.
 *
 *   args_spec.groups: { filter_argp, &which, offsetof(env, filter) }
 *   filter_configure()  before load: .rodata
 *   filter_load()       filter_check(), filter_prepare(), tracer_load(),
 *                       filter_install()
 *
 * Every tool takes --tree PID and -- COMMAND (with --user): a process tree,
 * grown in the kernel at each fork (bpf/tree.bpf.c); and --container
 * NAME|ID, the cgroup check on that container's cgroup (cgroup_names.h).
 */
#ifndef CORETRACE_FILTER_USER_H
#define CORETRACE_FILTER_USER_H

#include <linux/types.h>
#include <stdbool.h>

#include "command.h"
#include "lib/filter.h"

struct argp;
struct bpf_object;
struct bpf_map;
struct bpf_object_skeleton;
struct tracer;

struct filter_args {
	int pid;		  /* -p: 0 for any process */
	int tid;		  /* -t: 0 for any thread */
	bool uid_on;		  /* -u given */
	unsigned int uid;	  /* -u: number, or name from /etc/passwd */
	const char *cgroup;	  /* -c: a cgroup v2 directory */
	int tree;		  /* --tree: this process and its descendants */
	char **command;		  /* -- COMMAND ARGS: run it, trace it and its descendants */
	struct command_user user; /* --user: who COMMAND runs as */
	bool containers;	  /* -C: the CONTAINER column (cgroup ids recorded) */
	const char *container;	  /* --container NAME|ID: that container's cgroup */
};

/* Which filters a tool offers, and what they mean there. */
enum {
	FILTER_PID = 1 << 0,
	FILTER_TID = 1 << 1,
	FILTER_UID = 1 << 2,
	FILTER_CGROUP = 1 << 3,
};

struct filter_options {
	unsigned int which;	/* FILTER_* */
	const char *pid_doc;	/* NULL: "Trace only this process" */
	const char *cgroup_doc; /* NULL: "Trace only this cgroup v2 path" */
	bool containers;	/* -C: the tool has a CONTAINER column */
};

/* The option group of @opts (a struct filter_options), filling a struct
 * filter_args. Kept in static storage until the next call: one parse at a
 * time. */
const struct argp *filter_argp(const void *opts);

/* < 0 with a one-line error when a process or thread @a names does not
 * exist, or its cgroup is not a directory; a command that cannot be found
 * ends the tool with 127 (command_resolve()). */
int filter_check(const struct tracer *t, const struct filter_args *a);

/* < 0 with a one-line error when no process @pid exists (@what: "pid"). */
int filter_check_pid(const struct tracer *t, int pid, const char *what);

/* The BPF side's configuration (skel->rodata->filter), before load. */
void filter_configure(volatile struct filter_cfg *cfg, const struct filter_args *a);

/* Just before @obj loads: with a tree, bpf/tree.bpf.c loaded and attached
 * (once) and its map made @obj's filter_tree. One-line error and < 0 when
 * it cannot be. */
int filter_prepare(struct tracer *t, struct bpf_object *obj, const struct filter_args *a);

/* After load: the -c cgroup into @map (the BPF side's filter_cgroup); with
 * a tree, the map seeded once: the held command (command_spawn()), or
 * --tree's process and those below it. One-line
 * error and < 0 on failure (a cgroup that is not cgroup v2, ...). */
int filter_install(const struct tracer *t, const struct filter_args *a, struct bpf_map *map);

/* Processes born into the tree that its map had no room for, so far. */
unsigned long long filter_tree_missed(void);

/* Check @a, load the skeleton @s (tracer_load) and install the cgroup in
 * @map: what every tool does between configure and attach. */
int filter_load(struct tracer *t, struct bpf_object_skeleton *s, const struct filter_args *a,
		struct bpf_map *map);

#endif
