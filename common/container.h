/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Cgroup v2 ids (bpf_get_current_cgroup_id(): on 64-bit hosts the st_ino
 * of the cgroup's directory, as its file handle confirms) to the names users know for a CONTAINER
 * column: the name the container runtime gave the container, else runtime and short id, else the
 * systemd unit, else the cgroup's own name.
 *
 * Cgroup paths are made by whoever may create cgroups (a delegated
 * subtree, a container with its own cgroup namespace): a path component is
 * taken for a container only when its id is exactly 64 lowercase hex, so no
 * path can steer which state file is read. State files are read inside a
 * root fd (rootfs.h), only when regular, bounded, and owned by root (or by
 * us, when we are not root: then no one with less privilege wrote them).
 * Names are raw bytes, to be escaped when printed (escape.h).
 */
#ifndef CORETRACE_CONTAINER_H
#define CORETRACE_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define CONTAINER_ID_LEN    64
#define CONTAINER_SHORT_LEN 12
/* Longest name returned, in bytes; cut at a UTF-8 character boundary. */
#define CONTAINER_NAME_MAX 255
/* Bounds of the state files: Podman's one file lists every container. */
#define CONTAINER_LIST_MAX  (4u << 20)
#define CONTAINER_STATE_MAX (1u << 20)
/* Deepest cgroup the walk of the mount enters. */
#define CONTAINER_WALK_DEPTH 32
/* --container ID: the shortest id prefix taken (short ones read as names). */
#define CONTAINER_PREFIX_MIN 4

/* Who made a container's cgroup, from its path alone. */
struct container_ref {
	char id[CONTAINER_ID_LEN + 1];
	/* "docker", "cri-containerd", "crio", "podman", "kubepods" (cgroupfs
	 * Kubernetes, runtime unknown), "podman-conmon", "crio-conmon": the
	 * prefix of the short form "docker:0123456789ab". */
	const char *runtime;
	/* The runtime's monitor process of that container (conmon), not the
	 * container itself. */
	bool monitor;
};

/* The deepest component of @cgpath that is a container's cgroup:
 * .../docker-ID.scope, /docker/ID, .../cri-containerd-ID.scope,
 * /kubepods/.../ID, .../crio-ID[.scope], .../crio-conmon-ID.scope,
 * .../libpod-ID[.scope], .../libpod-conmon-ID.scope. 0, or -ENOENT. */
int container_runtime_id(const char *cgpath, struct container_ref *ref);

/* The name of the cgroup @cgpath (relative to the cgroup2 mount, "/..."),
 * state files read inside @state_root_fd (an O_PATH fd of "/"), into @out:
 *   Docker          NAME              (config.v2.json "Name", without "/")
 *   Kubernetes      NAMESPACE/POD/CONTAINER, or NAMESPACE/POD for the
 *                   pod's sandbox (containerd's bundle, CRI-O's config)
 *   Podman          NAME              (containers.json "names"[0])
 *   else            docker:0123456789ab, podman-conmon:..., the deepest
 *                   *.service or *.scope, "-" for "/", the last component.
 * 0, or -EINVAL for a NULL argument or an empty @out. */
int container_name_of_path(int state_root_fd, const char *cgpath, char *out, size_t len);

/* Whether a state file with this stat may be believed: owned by root, or
 * by our own effective uid. */
bool container_state_owner_ok(const struct stat *st);

struct container_map;

/* Ids of the cgroups under @cgroup_mount (cgroup2.h finds it), names from
 * state files under @state_root_fd (kept open by the caller). NULL and
 * errno on failure. */
struct container_map *container_map__new(const char *cgroup_mount, int state_root_fd);
void container_map__free(struct container_map *m);

/* The name of cgroup @cgroup_id, and, when @cgroup_path is not NULL, its
 * path relative to the mount; both stay valid until the next call. An id
 * not seen yet makes one walk of the mount (at most one per 10 ms, for
 * all ids); one still missing (a cgroup removed already) gives "?" and
 * "?", and is not looked for again for a second, so a flood of its events
 * costs no walk each. */
const char *container_map__name(struct container_map *m, unsigned long long cgroup_id,
				const char **cgroup_path);

/* For --container NAME|ID: the absolute directory path of the cgroup
 * whose name is @name_or_id, or else whose container id starts with it
 * (at least CONTAINER_PREFIX_MIN lowercase hex; monitors not counted).
 * Of nested matches (a container's cgroup and its children) the outermost
 * is given. 0; -ENOENT none; -EEXIST more than one cgroup, not nested (an
 * ambiguous name or prefix); -ENAMETOOLONG @path too small. */
int container_map__find(struct container_map *m, const char *name_or_id, char *path, size_t len);

/* For tests: the clock of the one-second memory of missing ids, in ns. */
extern uint64_t (*container_clock_ns)(void);

#endif
