// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Where each runtime keeps a container's name (paths relative to "/"):
 *
 *   Docker      var/lib/docker/containers/ID/config.v2.json, "Name": "/web"
 *   containerd  run/containerd/io.containerd.runtime.v2.task/k8s.io/ID/
 *               config.json, the OCI bundle its v2 shim runs; CRI puts the
 *               pod in "annotations" (containerd's internal/cri/annotations)
 *   CRI-O       run/containers/storage/overlay-containers/ID/userdata/
 *               config.json (or var/lib/...), kubelet's labels as
 *               annotations
 *   Podman      var/lib/containers/storage/overlay-containers/
 *               containers.json, one array for all containers
 *
 * Podman 4.3.1 (Debian 12) as root on this hybrid host (cgroup2 at
 * /sys/fs/cgroup/unified, no systemd, so the cgroupfs manager; crun refuses
 * hybrid mode, runc ran it): the container's cgroup was
 * 0::/libpod_parent/libpod-ID, a plain directory there whose st_ino is its
 * id; conmon stayed in podman's own cgroup; containers.json (root, 0600)
 * held [{"id":"ID","names":["probe"],"image":"...","layer":"...",
 * "metadata":"{\"image-name\":...}","created":"...","flags":{...}}]; its
 * userdata/config.json had no name annotation. Under systemd, Podman makes
 * machine.slice/libpod-ID.scope and libpod-conmon-ID.scope beside it.
 */
#include "container.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jsonscan.h"
#include "rootfs.h"

#define DOCKER_STATE	 "var/lib/docker/containers/%s/config.v2.json"
#define CONTAINERD_STATE "run/containerd/io.containerd.runtime.v2.task/k8s.io/%s/config.json"
#define CRIO_STATE	 "run/containers/storage/overlay-containers/%s/userdata/config.json"
/* The same spec, in the storage directory rather than the run one. */
#define CRIO_STATE_LIB "var/lib/containers/storage/overlay-containers/%s/userdata/config.json"
#define PODMAN_LIST    "var/lib/containers/storage/overlay-containers/containers.json"

/* A decoded JSON string: room for a name that is then cut. */
#define FIELD_MAX 1024

/* Components deeper than this are not looked at (the walk stops sooner). */
#define MAX_COMPONENTS 128

#define MISSING_RETRY_NS 1000000000ull
/* Misses of many different ids (a burst of short-lived cgroups) walk the
 * mount at most this often; a miss inside it is not remembered. */
#define WALK_MIN_INTERVAL_NS 10000000ull

struct span {
	const char *s;
	size_t len;
};

/* A container's cgroup name: prefix, 64 hex, suffix ("" for cgroupfs). */
static const struct shape {
	const char *prefix, *suffix, *runtime;
	bool monitor;
} shapes[] = {
	{ "docker-", ".scope", "docker", false },
	{ "cri-containerd-", ".scope", "cri-containerd", false },
	{ "crio-conmon-", ".scope", "crio-conmon", true },
	{ "crio-", ".scope", "crio", false },
	{ "crio-", "", "crio", false },
	{ "libpod-conmon-", ".scope", "podman-conmon", true },
	{ "libpod-", ".scope", "podman", false },
	{ "libpod-", "", "podman", false },
};

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t (*container_clock_ns)(void) = monotonic_ns;

static bool is_hex_id(const char *s, size_t len)
{
	size_t i;

	if (len != CONTAINER_ID_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool span_is(struct span c, const char *word)
{
	return c.len == strlen(word) && memcmp(c.s, word, c.len) == 0;
}

static bool span_ends(struct span c, const char *suffix)
{
	size_t n = strlen(suffix);

	return c.len >= n && memcmp(c.s + c.len - n, suffix, n) == 0;
}

/* The components of @path, "//" and "." skipped; the deepest
 * MAX_COMPONENTS kept. */
static size_t split(const char *path, struct span *c)
{
	size_t n = 0, len;

	for (;;) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		len = strcspn(path, "/");
		if (!(len == 1 && path[0] == '.')) {
			if (n == MAX_COMPONENTS) {
				memmove(c, c + 1, (n - 1) * sizeof(*c));
				n--;
			}
			c[n].s = path;
			c[n++].len = len;
		}
		path += len;
	}
	return n;
}

/* Is component @c[i] a container's cgroup? */
static bool match_component(const struct span *c, size_t i, struct container_ref *ref)
{
	size_t k, pre, suf;

	for (k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		pre = strlen(shapes[k].prefix);
		suf = strlen(shapes[k].suffix);
		if (c[i].len != pre + CONTAINER_ID_LEN + suf ||
		    memcmp(c[i].s, shapes[k].prefix, pre) != 0 ||
		    memcmp(c[i].s + pre + CONTAINER_ID_LEN, shapes[k].suffix, suf) != 0 ||
		    !is_hex_id(c[i].s + pre, CONTAINER_ID_LEN))
			continue;
		memcpy(ref->id, c[i].s + pre, CONTAINER_ID_LEN);
		ref->runtime = shapes[k].runtime;
		ref->monitor = shapes[k].monitor;
		goto found;
	}
	if (!is_hex_id(c[i].s, c[i].len))
		return false;
	/* cgroupfs drivers: /docker/ID, /kubepods/[QOS/]podUID/ID */
	if (i > 0 && span_is(c[i - 1], "docker"))
		ref->runtime = "docker";
	else if (i > 1 && span_is(c[0], "kubepods"))
		ref->runtime = "kubepods";
	else
		return false;
	memcpy(ref->id, c[i].s, CONTAINER_ID_LEN);
	ref->monitor = false;
found:
	ref->id[CONTAINER_ID_LEN] = '\0';
	return true;
}

int container_runtime_id(const char *cgpath, struct container_ref *ref)
{
	struct span c[MAX_COMPONENTS];
	size_t n, i;

	if (!cgpath || !ref)
		return -EINVAL;
	n = split(cgpath, c);
	/* Deepest first: a container may make cgroups of its own inside. */
	for (i = n; i-- > 0;)
		if (match_component(c, i, ref))
			return 0;
	return -ENOENT;
}

bool container_state_owner_ok(const struct stat *st)
{
	return st->st_uid == 0 || st->st_uid == geteuid();
}

/* A runtime's state file @path (relative to @rootfd), read whole. */
static int read_state(int rootfd, const char *path, size_t max, char **buf, size_t *len)
{
	struct stat st;
	int fd, err = 0;

	*buf = NULL;
	*len = 0;
	fd = rootfs_open(rootfd, path);
	if (fd < 0) {
		err = fd;
		fd = -1;
		goto cleanup;
	}
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto cleanup;
	}
	/* Root's daemons write these; anyone else's file there is a plant. */
	if (!container_state_owner_ok(&st)) {
		err = -EPERM;
		goto cleanup;
	}
	err = rootfs_read(fd, max, buf, len);
cleanup:
	if (fd >= 0)
		close(fd);
	return err;
}

/* Copy @n bytes of @s into @out, at most CONTAINER_NAME_MAX and what @len
 * holds, never ending inside a UTF-8 sequence. */
static void put_span(char *out, size_t len, const char *s, size_t n)
{
	size_t max = len - 1;

	if (max > CONTAINER_NAME_MAX)
		max = CONTAINER_NAME_MAX;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

static void put_name(char *out, size_t len, const char *s)
{
	put_span(out, len, s, strlen(s));
}

static int docker_name(int rootfd, const char *id, char *out, size_t len)
{
	static const char *const key[] = { "Name" };
	char path[256], name[FIELD_MAX];
	char *buf = NULL;
	size_t n;
	int err;

	snprintf(path, sizeof(path), DOCKER_STATE, id);
	err = read_state(rootfd, path, CONTAINER_STATE_MAX, &buf, &n);
	if (err)
		goto cleanup;
	err = json_get_string(buf, n, key, 1, name, sizeof(name));
	if (err)
		goto cleanup;
	if (!name[name[0] == '/']) {
		err = -ENOENT;
		goto cleanup;
	}
	put_name(out, len, name + (name[0] == '/'));
cleanup:
	free(buf);
	return err;
}

/* NAMESPACE/POD/CONTAINER from an OCI config's annotations @keys; without
 * a container name (the pod's sandbox), NAMESPACE/POD. */
static int kube_name(int rootfd, const char *fmt, const char *id, const char *const keys[3],
		     char *out, size_t len)
{
	char path[256], field[3][FIELD_MAX], joined[3 * FIELD_MAX + 2];
	const char *key[2] = { "annotations", NULL };
	char *buf = NULL;
	size_t n;
	int err = 0, i;

	snprintf(path, sizeof(path), fmt, id);
	err = read_state(rootfd, path, CONTAINER_STATE_MAX, &buf, &n);
	if (err)
		goto cleanup;
	for (i = 0; i < 3; i++) {
		key[1] = keys[i];
		err = json_get_string(buf, n, key, 2, field[i], sizeof(field[i]));
		if (err == -ENOENT && i == 2)
			field[i][0] = '\0';
		else if (err)
			goto cleanup;
		if (!field[i][0] && i < 2) {
			err = -ENOENT;
			goto cleanup;
		}
	}
	err = 0;
	snprintf(joined, sizeof(joined), "%s/%s%s%s", field[0], field[1], field[2][0] ? "/" : "",
		 field[2]);
	put_name(out, len, joined);
cleanup:
	free(buf);
	return err;
}

static int containerd_name(int rootfd, const char *id, char *out, size_t len)
{
	static const char *const keys[3] = { "io.kubernetes.cri.sandbox-namespace",
					     "io.kubernetes.cri.sandbox-name",
					     "io.kubernetes.cri.container-name" };

	return kube_name(rootfd, CONTAINERD_STATE, id, keys, out, len);
}

static int crio_name(int rootfd, const char *id, char *out, size_t len)
{
	static const char *const keys[3] = { "io.kubernetes.pod.namespace",
					     "io.kubernetes.pod.name",
					     "io.kubernetes.container.name" };

	int err = kube_name(rootfd, CRIO_STATE, id, keys, out, len);

	if (err == -ENOENT)
		err = kube_name(rootfd, CRIO_STATE_LIB, id, keys, out, len);
	return err;
}

static int podman_name(int rootfd, const char *id, char *out, size_t len)
{
	static const char *const id_key[] = { "id" }, *const names_key[] = { "names" };
	char got[FIELD_MAX], name[FIELD_MAX];
	struct json_array list, names;
	const char *elem, *v, *first;
	size_t n, elen, vlen, flen;
	char *buf = NULL;
	int err, more;

	err = read_state(rootfd, PODMAN_LIST, CONTAINER_LIST_MAX, &buf, &n);
	if (err)
		goto cleanup;
	err = json_array_init(&list, buf, n);
	if (err)
		goto cleanup;
	err = -ENOENT;
	while ((more = json_array_next(&list, &elem, &elen)) > 0) {
		if (json_get_string(elem, elen, id_key, 1, got, sizeof(got)) ||
		    strcmp(got, id) != 0)
			continue;
		if (json_find(elem, elen, names_key, 1, &v, &vlen) ||
		    json_array_init(&names, v, vlen) ||
		    json_array_next(&names, &first, &flen) <= 0 ||
		    json_string(first, flen, name, sizeof(name)) || !name[0])
			break;
		put_name(out, len, name);
		err = 0;
		break;
	}
	if (more < 0)
		err = more;
cleanup:
	free(buf);
	return err;
}

/* The runtime's own name for @ref's container: 0, or -errno. */
static int runtime_name(int rootfd, const struct container_ref *ref, char *out, size_t len)
{
	if (ref->monitor)
		return -ENOENT;
	if (strcmp(ref->runtime, "docker") == 0)
		return docker_name(rootfd, ref->id, out, len);
	if (strcmp(ref->runtime, "cri-containerd") == 0)
		return containerd_name(rootfd, ref->id, out, len);
	if (strcmp(ref->runtime, "crio") == 0)
		return crio_name(rootfd, ref->id, out, len);
	if (strcmp(ref->runtime, "podman") == 0)
		return podman_name(rootfd, ref->id, out, len);
	/* cgroupfs Kubernetes: the path does not say which runtime. */
	if (containerd_name(rootfd, ref->id, out, len) == 0)
		return 0;
	return crio_name(rootfd, ref->id, out, len);
}

int container_name_of_path(int state_root_fd, const char *cgpath, char *out, size_t len)
{
	struct span c[MAX_COMPONENTS];
	struct container_ref ref;
	char buf[NAME_MAX + 1];
	size_t n, i;

	if (!cgpath || !out || !len)
		return -EINVAL;
	if (container_runtime_id(cgpath, &ref) == 0) {
		if (runtime_name(state_root_fd, &ref, out, len) == 0)
			return 0;
		snprintf(buf, sizeof(buf), "%s:%.*s", ref.runtime, CONTAINER_SHORT_LEN, ref.id);
		put_name(out, len, buf);
		return 0;
	}
	n = split(cgpath, c);
	if (n == 0) {
		put_name(out, len, "-");
		return 0;
	}
	for (i = n; i-- > 0;)
		if (span_ends(c[i], ".service") || span_ends(c[i], ".scope"))
			break;
	if (i == (size_t)-1)
		i = n - 1;
	put_span(out, len, c[i].s, c[i].len);
	return 0;
}

/* --- the map ------------------------------------------------------------ */

struct cg_entry {
	uint64_t id;	   /* 0: a free slot (no cgroup has id 0) */
	char *path;	   /* relative to the mount; NULL: an id not found */
	char *name;	   /* resolved on first use */
	uint64_t retry_ns; /* an id not found: not looked for before this */
	unsigned gen;	   /* the last walk that saw it */
};

struct container_map {
	char *mount;
	int state_root_fd;
	struct cg_entry *tab;
	size_t cap, count; /* cap a power of two, at most half full */
	unsigned gen;
	dev_t dev;
	uint64_t walked_ns; /* when the last walk of a miss began */
};

static size_t slot_of(const struct container_map *m, uint64_t id)
{
	id ^= id >> 33;
	id *= 0xff51afd7ed558ccdull;
	id ^= id >> 33;
	return (size_t)id & (m->cap - 1);
}

static struct cg_entry *lookup(struct container_map *m, uint64_t id)
{
	size_t i;

	for (i = slot_of(m, id); m->tab[i].id; i = (i + 1) & (m->cap - 1))
		if (m->tab[i].id == id)
			return &m->tab[i];
	return NULL;
}

static void free_entry(struct cg_entry *e)
{
	free(e->path);
	free(e->name);
	memset(e, 0, sizeof(*e));
}

/* Move the entries into a table of @cap slots; with @sweep, drop those the
 * last walk did not see and missing ids due for a retry. */
static int rehash(struct container_map *m, size_t cap, bool sweep)
{
	struct cg_entry *old = m->tab, *tab, *e;
	size_t oldcap = m->cap, i, j;
	uint64_t now = sweep ? container_clock_ns() : 0;

	tab = calloc(cap, sizeof(*tab));
	if (!tab)
		return -ENOMEM;
	m->tab = tab;
	m->cap = cap;
	m->count = 0;
	for (i = 0; i < oldcap; i++) {
		e = &old[i];
		if (!e->id)
			continue;
		if (sweep && (e->path ? e->gen != m->gen : now >= e->retry_ns)) {
			free_entry(e);
			continue;
		}
		for (j = slot_of(m, e->id); tab[j].id; j = (j + 1) & (cap - 1))
			;
		tab[j] = *e;
		m->count++;
	}
	free(old);
	return 0;
}

/* The entry of @id, made (empty) if there is none; NULL out of memory. */
static struct cg_entry *get_entry(struct container_map *m, uint64_t id)
{
	struct cg_entry *e = lookup(m, id);
	size_t i;

	if (e)
		return e;
	if ((m->count + 1) * 2 > m->cap && rehash(m, m->cap * 2, false))
		return NULL;
	for (i = slot_of(m, id); m->tab[i].id; i = (i + 1) & (m->cap - 1))
		;
	m->tab[i].id = id;
	m->count++;
	return &m->tab[i];
}

static void record(struct container_map *m, uint64_t id, const char *path)
{
	struct cg_entry *e = get_entry(m, id);
	char *copy;

	if (!e)
		return;
	e->gen = m->gen;
	if (e->path && strcmp(e->path, path) == 0)
		return;
	/* New, or renamed (cgroup2 allows a rename): name it again. */
	copy = strdup(path);
	if (!copy)
		return;
	free(e->path);
	free(e->name);
	e->path = copy;
	e->name = NULL;
}

/* The cgroups below directory @dfd, whose path is @path[0..plen). Errors
 * (a cgroup removed meanwhile, EMFILE) end that branch only. */
static void walk_dir(struct container_map *m, int dfd, char *path, size_t plen, int depth)
{
	struct dirent *de;
	struct stat st;
	size_t nlen;
	DIR *d;
	int fd, sub;

	fd = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(st.st_mode) || st.st_dev != m->dev)
			continue;
		nlen = strlen(de->d_name);
		if (plen + 1 + nlen >= PATH_MAX)
			continue;
		path[plen] = '/';
		memcpy(path + plen + 1, de->d_name, nlen + 1);
		record(m, (uint64_t)st.st_ino, path);
		if (depth < CONTAINER_WALK_DEPTH) {
			sub = openat(dfd, de->d_name,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
			if (sub >= 0) {
				walk_dir(m, sub, path, plen + 1 + nlen, depth + 1);
				close(sub);
			}
		}
		path[plen] = '\0';
	}
	closedir(d);
}

/* Walk the whole mount: every cgroup's id and path, the gone ones dropped. */
static int rescan(struct container_map *m)
{
	char path[PATH_MAX];
	struct stat st;
	int fd, err = 0;

	fd = open(m->mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		goto cleanup;
	}
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto cleanup;
	}
	m->gen++;
	m->dev = st.st_dev;
	record(m, (uint64_t)st.st_ino, "/");
	path[0] = '\0';
	walk_dir(m, fd, path, 0, 1);
	err = rehash(m, m->cap, true);
cleanup:
	if (fd >= 0)
		close(fd);
	return err;
}

struct container_map *container_map__new(const char *cgroup_mount, int state_root_fd)
{
	struct container_map *m = NULL;
	int err = 0;

	if (!cgroup_mount) {
		err = EINVAL;
		goto cleanup;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		err = ENOMEM;
		goto cleanup;
	}
	m->state_root_fd = state_root_fd;
	m->cap = 256;
	m->mount = strdup(cgroup_mount);
	m->tab = calloc(m->cap, sizeof(*m->tab));
	if (!m->mount || !m->tab) {
		err = ENOMEM;
		goto cleanup;
	}
	err = -rescan(m);
cleanup:
	if (err) {
		container_map__free(m);
		m = NULL;
		errno = err;
	}
	return m;
}

void container_map__free(struct container_map *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; m->tab && i < m->cap; i++)
		if (m->tab[i].id)
			free_entry(&m->tab[i]);
	free(m->tab);
	free(m->mount);
	free(m);
}

/* The entry's name, resolved now if it was not yet; NULL out of memory. */
static const char *entry_name(struct container_map *m, struct cg_entry *e)
{
	char name[CONTAINER_NAME_MAX + 1];

	if (!e->name && container_name_of_path(m->state_root_fd, e->path, name, sizeof(name)) == 0)
		e->name = strdup(name);
	return e->name;
}

const char *container_map__name(struct container_map *m, unsigned long long cgroup_id,
				const char **cgroup_path)
{
	const char *name = "?", *path = "?";
	struct cg_entry *e;
	uint64_t now;

	if (!m || !cgroup_id)
		goto cleanup;
	e = lookup(m, cgroup_id);
	if (e && e->path)
		goto found;
	now = container_clock_ns();
	if (e && now < e->retry_ns)
		goto cleanup;
	if (m->walked_ns && now - m->walked_ns < WALK_MIN_INTERVAL_NS)
		goto cleanup;
	m->walked_ns = now;
	rescan(m);
	e = lookup(m, cgroup_id);
	if (e && e->path)
		goto found;
	e = get_entry(m, cgroup_id);
	if (e)
		e->retry_ns = now + MISSING_RETRY_NS;
	goto cleanup;
found:
	if (entry_name(m, e)) {
		name = e->name;
		path = e->path;
	}
cleanup:
	if (cgroup_path)
		*cgroup_path = path;
	return name;
}

static bool is_prefix_query(const char *q)
{
	size_t n = strlen(q), i;

	if (n < CONTAINER_PREFIX_MIN || n > CONTAINER_ID_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (!((q[i] >= '0' && q[i] <= '9') || (q[i] >= 'a' && q[i] <= 'f')))
			return false;
	return true;
}

static bool entry_matches(struct container_map *m, struct cg_entry *e, const char *q, bool by_id)
{
	struct container_ref ref;
	const char *name;

	if (!e->id || !e->path)
		return false;
	if (by_id)
		return container_runtime_id(e->path, &ref) == 0 && !ref.monitor &&
		       strncmp(ref.id, q, strlen(q)) == 0;
	name = entry_name(m, e);
	return name && strcmp(name, q) == 0;
}

/* Is @path @top or below it? */
static bool is_under(const char *path, const char *top)
{
	size_t n = strlen(top);

	if (strcmp(top, "/") == 0)
		return true;
	return strncmp(path, top, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int container_map__find(struct container_map *m, const char *name_or_id, char *path, size_t len)
{
	struct cg_entry *top = NULL;
	size_t i, depth, best = 0;
	int pass, n, err = -ENOENT;
	const char *p;

	if (!m || !name_or_id || !path || !len)
		return -EINVAL;
	rescan(m);
	/* Names first: a name made of hex is still a name. */
	for (pass = 0; pass < 2 && !top; pass++) {
		if (pass == 1 && !is_prefix_query(name_or_id))
			break;
		for (i = 0; i < m->cap; i++) {
			if (!entry_matches(m, &m->tab[i], name_or_id, pass))
				continue;
			/* "/" is 0 deep, "/a" 1, "/a/b" 2 */
			for (depth = 0, p = m->tab[i].path; p[0] && p[1]; p++)
				depth += *p == '/';
			if (!top || depth < best) {
				top = &m->tab[i];
				best = depth;
			}
		}
		if (!top)
			continue;
		for (i = 0; i < m->cap; i++)
			if (entry_matches(m, &m->tab[i], name_or_id, pass) &&
			    !is_under(m->tab[i].path, top->path))
				return -EEXIST;
	}
	if (!top)
		goto cleanup;
	if (strcmp(top->path, "/") == 0)
		n = snprintf(path, len, "%s", m->mount);
	else
		n = snprintf(path, len, "%s%s", m->mount, top->path);
	err = n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
cleanup:
	return err;
}
