/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * This run's names of cgroups, for -C's CONTAINER column and --container
 * (filter.h): one container_map (container.h) over the cgroup v2 mount,
 * opened on first use.
 */
#ifndef CORETRACE_CGROUP_NAMES_H
#define CORETRACE_CGROUP_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tracer;

/* Open the map: the cgroup v2 mount found (or mounted for a moment) and
 * the runtimes' state files read from "/". Once. One-line error, < 0. */
int cgroup_names_open(const struct tracer *t);

/* --container @name_or_id: its cgroup directory into @path. One-line error
 * and < 0 when none or more than one container matches. */
int cgroup_names_find(const struct tracer *t, const char *name_or_id, char *path, size_t len);

/* The CONTAINER of cgroup @cgroup_id and, in *@cgroup, its path below the
 * mount; "-" for both when the map is not open. */
const char *cgroup_names_name(unsigned long long cgroup_id, const char **cgroup);

/* The emit.h column bits -C shows: CONTAINER (@container_col) with -C,
 * and CGROUP (@cgroup_col) with -C in JSON only; 0 without -C. */
uint64_t cgroup_names_cols(bool containers, bool json, int container_col, int cgroup_col);

#endif
