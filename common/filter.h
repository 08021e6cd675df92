/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* User-space half of bpf/lib/filter.bpf.h: checks and the cgroup map. */
#ifndef CORETRACE_FILTER_USER_H
#define CORETRACE_FILTER_USER_H

struct bpf_map;
struct tracer;

/* Put the cgroup v2 directory @path in the filter_cgroup map (after load).
 * One-line error and < 0 when it is not a cgroup v2 directory. */
int filter_set_cgroup(const struct tracer *t, struct bpf_map *map, const char *path);

/* < 0 with a one-line error when no process @pid exists. */
int filter_check_pid(const struct tracer *t, int pid, const char *what);

#endif
