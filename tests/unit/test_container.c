// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* container: a fake cgroup2 mount (plain directories: the walk needs only
 * directories and their st_ino) and a fake state root holding each
 * runtime's files in the shapes they have on real hosts (the Podman one as
 * seen on this machine, see container.c), some of them planted. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"

static char base[64], cg[96], root[96];
static int rootfd = -1;

/* 64 hex: @head, then a fixed pattern. */
static char ids[16][CONTAINER_ID_LEN + 1];
#define DOCKER	     ids[0] /* Name /web */
#define DOCKER_FS    ids[1] /* cgroupfs driver, no state */
#define CTRD	     ids[2] /* containerd, a pod's container */
#define CTRD_SANDBOX ids[3] /* containerd, the pod's sandbox, cgroupfs */
#define CRIO	     ids[4]
#define PODMAN	     ids[5] /* cgroupfs, the shape seen here */
#define PODMAN_SD    ids[6] /* systemd manager, conmon beside it */
#define BAD_JSON     ids[7]
#define TOO_BIG	     ids[8]
#define LINK_OUT     ids[9]
#define FIFO	     ids[10]
#define NOT_ROOTS    ids[11]
#define EMPTY_NAME   ids[12]
#define LONG_NAME    ids[13] /* also CRI-O's, in var/lib only */
#define TWIN_A	     ids[14] /* same first 8 hex as TWIN_B */
#define TWIN_B	     ids[15]

static void make_ids(void)
{
	static const char *const heads[16] = { "d0c4e7", "d0c4f5", "c0",  "c1", "c2", "ade47d",
					       "b0",	 "e0",	   "e1",  "e2", "e3", "e4",
					       "e5",	 "e6",	   "fa1", "fa2" };
	const char pat[] = "0123456789abcdef";
	size_t i, j, n;

	for (i = 0; i < 16; i++) {
		n = strlen(heads[i]);
		memcpy(ids[i], heads[i], n);
		for (j = n; j < CONTAINER_ID_LEN; j++)
			ids[i][j] = pat[j % 16];
		ids[i][CONTAINER_ID_LEN] = '\0';
	}
	/* twins differ only after 8 hex */
	memcpy(TWIN_A, "fa11fa11", 8);
	memcpy(TWIN_B, "fa11fa11", 8);
	TWIN_B[20] = TWIN_A[20] == 'f' ? '0' : 'f';
}

/* mkdir -p of @dir's parents inside @top, then @dir itself when @last. */
static void mkdirs(const char *top, const char *rel, bool last)
{
	char path[PATH_MAX];
	size_t i, n;

	n = (size_t)snprintf(path, sizeof(path), "%s/%s", top, rel);
	for (i = strlen(top) + 1; i < n; i++) {
		if (path[i] != '/')
			continue;
		path[i] = '\0';
		cr_assert(mkdir(path, 0755) == 0 || errno == EEXIST, "%s: %s", path,
			  strerror(errno));
		path[i] = '/';
	}
	if (last)
		cr_assert(mkdir(path, 0755) == 0 || errno == EEXIST, "%s: %s", path,
			  strerror(errno));
}

static void put(const char *rel, const char *content, size_t len)
{
	char path[PATH_MAX];
	int fd;

	mkdirs(root, rel, false);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	cr_assert(fd >= 0, "create %s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, content, len), (ssize_t)len);
	close(fd);
}

static void puts_state(const char *fmt, const char *id, const char *content)
{
	char rel[512];

	snprintf(rel, sizeof(rel), fmt, id);
	put(rel, content, strlen(content));
}

#define DOCKER_FILE	"var/lib/docker/containers/%s/config.v2.json"
#define CONTAINERD_FILE "run/containerd/io.containerd.runtime.v2.task/k8s.io/%s/config.json"
#define CRIO_FILE	"run/containers/storage/overlay-containers/%s/userdata/config.json"
#define PODMAN_FILE	"var/lib/containers/storage/overlay-containers/containers.json"

static char long_name[400];

static void state_files(void)
{
	char buf[2048], rel[512], host[PATH_MAX];
	size_t i;
	char *big;

	snprintf(buf, sizeof(buf),
		 "{\"StreamConfig\":{},\"State\":{\"Running\":true,\"Pid\":4242},\"ID\":\"%s\","
		 "\"Config\":{\"Hostname\":\"d0c4e7\",\"Name\":\"/not-this\",\"Labels\":{}},"
		 "\"Name\":\"/web\",\"Driver\":\"overlay2\"}",
		 DOCKER);
	puts_state(DOCKER_FILE, DOCKER, buf);
	puts_state(CONTAINERD_FILE, CTRD,
		   "{\"ociVersion\":\"1.1.0\",\"process\":{\"args\":[\"nginx\"]},"
		   "\"annotations\":{\"io.kubernetes.cri.container-type\":\"container\","
		   "\"io.kubernetes.cri.container-name\":\"nginx\","
		   "\"io.kubernetes.cri.sandbox-id\":\"c1\","
		   "\"io.kubernetes.cri.sandbox-name\":\"nginx-7c6d8\","
		   "\"io.kubernetes.cri.sandbox-namespace\":\"default\"}}");
	puts_state(CONTAINERD_FILE, CTRD_SANDBOX,
		   "{\"annotations\":{\"io.kubernetes.cri.container-type\":\"sandbox\","
		   "\"io.kubernetes.cri.sandbox-name\":\"nginx-7c6d8\","
		   "\"io.kubernetes.cri.sandbox-namespace\":\"default\"}}");
	puts_state(CRIO_FILE, CRIO,
		   "{\"ociVersion\":\"1.0.2\",\"annotations\":{"
		   "\"io.kubernetes.container.name\":\"coredns\","
		   "\"io.kubernetes.pod.name\":\"coredns-5d78c\","
		   "\"io.kubernetes.pod.namespace\":\"kube-system\","
		   "\"io.kubernetes.cri-o.ContainerType\":\"container\"}}");
	/* As podman 4.3.1 wrote it here. */
	snprintf(buf, sizeof(buf),
		 "[{\"id\":\"%s\",\"names\":[\"probe\"],\"image\":\"8abfaa160089fb83\","
		 "\"layer\":\"fec181a01db11185\",\"metadata\":\"{\\\"image-name\\\":"
		 "\\\"localhost/bb:latest\\\",\\\"name\\\":\\\"probe\\\",\\\"created-at\\\":"
		 "1796316717}\",\"created\":\"2026-12-03T16:51:57.911757293Z\","
		 "\"flags\":{\"MountLabel\":\"\",\"ProcessLabel\":\"\"}},"
		 "{\"id\":\"%s\",\"names\":[\"second\",\"alias\"],\"image\":\"x\"}]",
		 PODMAN, PODMAN_SD);
	put(PODMAN_FILE, buf, strlen(buf));

	puts_state(DOCKER_FILE, BAD_JSON, "{\"Name\":\"/bad\"");
	big = malloc(CONTAINER_STATE_MAX + 64);
	cr_assert(big);
	memset(big, ' ', CONTAINER_STATE_MAX);
	strcpy(big + CONTAINER_STATE_MAX, "{\"Name\":\"/big\"}");
	snprintf(rel, sizeof(rel), DOCKER_FILE, TOO_BIG);
	put(rel, big, strlen(big));
	free(big);

	/* A file outside the state root, by the host's path and by "..". */
	snprintf(host, sizeof(host), "%s/outside.json", base);
	{
		FILE *f = fopen(host, "wx");

		cr_assert(f);
		fputs("{\"Name\":\"/escaped\"}", f);
		fclose(f);
	}
	snprintf(rel, sizeof(rel), DOCKER_FILE, LINK_OUT);
	mkdirs(root, rel, false);
	snprintf(buf, sizeof(buf), "%s/%s", root, rel);
	cr_assert_eq(symlink(host, buf), 0);
	snprintf(rel, sizeof(rel), CRIO_FILE, LINK_OUT);
	mkdirs(root, rel, false);
	snprintf(buf, sizeof(buf), "%s/%s", root, rel);
	cr_assert_eq(symlink("../../../../../../../../../../outside.json", buf), 0);

	snprintf(rel, sizeof(rel), DOCKER_FILE, FIFO);
	mkdirs(root, rel, false);
	snprintf(buf, sizeof(buf), "%s/%s", root, rel);
	cr_assert_eq(mkfifo(buf, 0600), 0);

	puts_state(DOCKER_FILE, NOT_ROOTS, "{\"Name\":\"/planted\"}");
	if (geteuid() == 0) {
		snprintf(rel, sizeof(rel), DOCKER_FILE, NOT_ROOTS);
		snprintf(buf, sizeof(buf), "%s/%s", root, rel);
		cr_assert_eq(chown(buf, 65534, 65534), 0);
	}

	puts_state(DOCKER_FILE, EMPTY_NAME, "{\"Name\":\"/\"}");

	/* 300 bytes: 'a', then 'é' (2 bytes) repeated: byte 255 is inside one. */
	long_name[0] = 'a';
	for (i = 1; i + 2 <= 300; i += 2)
		memcpy(long_name + i, "\xc3\xa9", 2);
	long_name[i] = '\0';
	snprintf(buf, sizeof(buf), "{\"Name\":\"/%s\"}", long_name);
	puts_state(DOCKER_FILE, LONG_NAME, buf);

	puts_state("var/lib/containers/storage/overlay-containers/%s/userdata/config.json",
		   LONG_NAME,
		   "{\"annotations\":{\"io.kubernetes.pod.namespace\":\"ns\","
		   "\"io.kubernetes.pod.name\":\"p\",\"io.kubernetes.container.name\":\"c\"}}");
	puts_state(DOCKER_FILE, TWIN_A, "{\"Name\":\"/twin-a\"}");
	puts_state(DOCKER_FILE, TWIN_B, "{\"Name\":\"/twin-b\"}");
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void setup(void)
{
	make_ids();
	snprintf(base, sizeof(base), "/tmp/coretrace-container-XXXXXX");
	cr_assert(mkdtemp(base));
	snprintf(cg, sizeof(cg), "%s/cg", base);
	snprintf(root, sizeof(root), "%s/root", base);
	cr_assert_eq(mkdir(cg, 0755), 0);
	cr_assert_eq(mkdir(root, 0755), 0);
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	cr_assert(rootfd >= 0);
	state_files();
}

static void teardown(void)
{
	if (rootfd >= 0)
		close(rootfd);
	nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(container, .init = setup, .fini = teardown);

/* container_name_of_path(@fmt with @id) is @want. */
static void named(const char *fmt, const char *id, const char *want)
{
	char path[PATH_MAX], out[CONTAINER_NAME_MAX + 1];

	snprintf(path, sizeof(path), fmt, id);
	cr_assert_eq(container_name_of_path(rootfd, path, out, sizeof(out)), 0);
	cr_assert_str_eq(out, want, "%s", path);
}

/* "RUNTIME:" and the first 12 hex of @id. */
static const char *short_of(const char *runtime, const char *id)
{
	static char buf[4][64];
	static int next;
	char *b = buf[next++ % 4];

	snprintf(b, 64, "%s:%.12s", runtime, id);
	return b;
}

#define KUBE_SLICE "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod5f3c.slice"

Test(container, runtime_names)
{
	named("/system.slice/docker-%s.scope", DOCKER, "web");
	named("/docker/%s", DOCKER, "web");
	named(KUBE_SLICE "/cri-containerd-%s.scope", CTRD, "default/nginx-7c6d8/nginx");
	named("/kubepods/besteffort/pod5f3c/%s", CTRD, "default/nginx-7c6d8/nginx");
	named("/kubepods/pod5f3c/%s", CTRD_SANDBOX, "default/nginx-7c6d8");
	named(KUBE_SLICE "/crio-%s.scope", CRIO, "kube-system/coredns-5d78c/coredns");
	named("/kubepods/besteffort/pod5f3c/crio-%s", CRIO, "kube-system/coredns-5d78c/coredns");
	named("/kubepods/besteffort/pod5f3c/%s", CRIO, "kube-system/coredns-5d78c/coredns");
	named(KUBE_SLICE "/crio-%s.scope", LONG_NAME, "ns/p/c");
	named("/libpod_parent/libpod-%s", PODMAN, "probe");
	named("/machine.slice/libpod-%s.scope", PODMAN_SD, "second");
	/* a container's own cgroups inside: still that container */
	named("/system.slice/docker-%s.scope/init.scope", DOCKER, "web");
	named("/system.slice/docker-%s.scope/system.slice/nginx.service", DOCKER, "web");
}

Test(container, short_ids_and_monitors)
{
	named("/docker/%s", DOCKER_FS, short_of("docker", DOCKER_FS));
	named("/system.slice/docker-%s.scope", DOCKER_FS, short_of("docker", DOCKER_FS));
	named(KUBE_SLICE "/cri-containerd-%s.scope", DOCKER_FS,
	      short_of("cri-containerd", DOCKER_FS));
	named(KUBE_SLICE "/crio-%s.scope", DOCKER_FS, short_of("crio", DOCKER_FS));
	named("/kubepods/burstable/pod1/%s", DOCKER_FS, short_of("kubepods", DOCKER_FS));
	named("/machine.slice/libpod-%s.scope", DOCKER_FS, short_of("podman", DOCKER_FS));
	/* conmon is not the container, though its file names it */
	named("/machine.slice/libpod-conmon-%s.scope", PODMAN_SD,
	      short_of("podman-conmon", PODMAN_SD));
	named(KUBE_SLICE "/crio-conmon-%s.scope", CRIO, short_of("crio-conmon", CRIO));
	/* the docker state of an id does not name it under another runtime */
	named("/machine.slice/libpod-%s.scope", DOCKER, short_of("podman", DOCKER));
}

Test(container, units_and_plain_cgroups)
{
	named("%s", "/", "-");
	named("%s", "", "-");
	named("%s", "//", "-");
	named("%s", "/system.slice/nginx.service", "nginx.service");
	named("%s", "/user.slice/user-1000.slice/session-3.scope", "session-3.scope");
	named("%s", "/user.slice/user-1000.slice/user@1000.service/app.slice/x",
	      "user@1000.service");
	named("%s", "/system.slice", "system.slice");
	named("%s", "/mygroup/sub", "sub");
	named("%s", "/mygroup/sub/", "sub");
}

/* container_name_of_path(@fmt with @id) is its last component. */
static void named_as_last(const char *fmt, const char *id)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), fmt, id);
	named("%s", path, strrchr(path, '/') + 1);
}

Test(container, ids_not_exactly_64_lowercase_hex)
{
	char id[CONTAINER_ID_LEN + 2];

	/* a user's cgroup shaped to steer the state path */
	named("%s", "/system.slice/docker-../x.scope", "x.scope");
	named("%s", "/docker/../../etc/passwd", "passwd");
	memcpy(id, DOCKER, sizeof(ids[0]));
	id[5] = 'E'; /* uppercase */
	named_as_last("/system.slice/docker-%s.scope", id);
	named_as_last("/docker/%s", id);
	named_as_last("/docker/%.63s", DOCKER);
	snprintf(id, sizeof(id), "%s0", DOCKER); /* 65 */
	named_as_last("/docker/%s", id);
	named_as_last("/x/libpod-%s", id);
	memcpy(id, DOCKER, sizeof(ids[0]));
	id[10] = 'g';
	named_as_last("/x/libpod-%s", id);
	id[10] = '\x01';
	named_as_last("/x/libpod-%s", id);
	/* 64 hex in a directory not a runtime's: just a name */
	named_as_last("/mygroup/%s", DOCKER);
}

Test(container, refused_state_files)
{
	named("/docker/%s", BAD_JSON, short_of("docker", BAD_JSON));
	named("/docker/%s", TOO_BIG, short_of("docker", TOO_BIG));
	named("/docker/%s", LINK_OUT, short_of("docker", LINK_OUT));
	named(KUBE_SLICE "/crio-%s.scope", LINK_OUT, short_of("crio", LINK_OUT));
	named("/docker/%s", FIFO, short_of("docker", FIFO)); /* and did not block */
	named("/docker/%s", EMPTY_NAME, short_of("docker", EMPTY_NAME));
	if (geteuid() == 0)
		named("/docker/%s", NOT_ROOTS, short_of("docker", NOT_ROOTS));
}

Test(container, owner_check)
{
	struct stat st = { 0 };

	st.st_uid = 0;
	cr_assert(container_state_owner_ok(&st));
	st.st_uid = geteuid();
	cr_assert(container_state_owner_ok(&st));
	st.st_uid = geteuid() == 0 ? 65534 : geteuid() + 1;
	cr_assert_not(container_state_owner_ok(&st));
}

Test(container, long_names_cut_at_a_character)
{
	char path[PATH_MAX], out[CONTAINER_NAME_MAX + 64], small[8];

	snprintf(path, sizeof(path), "/docker/%s", LONG_NAME);
	cr_assert_eq(container_name_of_path(rootfd, path, out, sizeof(out)), 0);
	/* 'a' + 127 'é' is 255 bytes: byte 255 starts the next 'é' */
	cr_assert_eq(strlen(out), 255);
	cr_assert(memcmp(out, long_name, 255) == 0);
	cr_assert_eq(container_name_of_path(rootfd, path, small, sizeof(small)), 0);
	cr_assert_str_eq(small, "a\xc3\xa9\xc3\xa9\xc3\xa9"); /* 7 bytes fit */
	cr_assert_eq(container_name_of_path(rootfd, path, small, 7), 0);
	cr_assert_str_eq(small, "a\xc3\xa9\xc3\xa9"); /* not half an 'é' */
	cr_assert_eq(container_name_of_path(rootfd, path, small, 0), -EINVAL);
	cr_assert_eq(container_name_of_path(rootfd, NULL, small, sizeof(small)), -EINVAL);
}

Test(container, runtime_id)
{
	struct container_ref ref;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/machine.slice/libpod-conmon-%s.scope", PODMAN_SD);
	cr_assert_eq(container_runtime_id(path, &ref), 0);
	cr_assert_str_eq(ref.id, PODMAN_SD);
	cr_assert_str_eq(ref.runtime, "podman-conmon");
	cr_assert(ref.monitor);
	snprintf(path, sizeof(path), "/system.slice/docker-%s.scope/init.scope", DOCKER);
	cr_assert_eq(container_runtime_id(path, &ref), 0);
	cr_assert_str_eq(ref.id, DOCKER);
	cr_assert_str_eq(ref.runtime, "docker");
	cr_assert_not(ref.monitor);
	cr_assert_eq(container_runtime_id("/system.slice/nginx.service", &ref), -ENOENT);
}

/* --- the map ------------------------------------------------------------ */

static uint64_t fake_now;

static uint64_t fake_clock(void)
{
	return fake_now;
}

static unsigned long long cg_dir(const char *fmt, const char *id)
{
	char rel[PATH_MAX / 2], path[PATH_MAX];
	struct stat st;

	snprintf(rel, sizeof(rel), fmt, id);
	mkdirs(cg, rel + 1, true);
	snprintf(path, sizeof(path), "%s%s", cg, rel);
	cr_assert_eq(stat(path, &st), 0);
	return st.st_ino;
}

static void map_has(struct container_map *m, unsigned long long id, const char *want_name,
		    const char *want_path)
{
	const char *path = NULL, *name = container_map__name(m, id, &path);

	cr_assert_str_eq(name, want_name);
	cr_assert_str_eq(path, want_path);
}

Test(container, map_names_ids)
{
	unsigned long long web, web_init, pod, probe, conmon, unit, top;
	struct container_map *m;
	char want[PATH_MAX];
	struct stat st;

	web = cg_dir("/system.slice/docker-%s.scope", DOCKER);
	web_init = cg_dir("/system.slice/docker-%s.scope/init.scope", DOCKER);
	pod = cg_dir(KUBE_SLICE "/cri-containerd-%s.scope", CTRD);
	probe = cg_dir("/libpod_parent/libpod-%s", PODMAN);
	conmon = cg_dir("/machine.slice/libpod-conmon-%s.scope", PODMAN_SD);
	unit = cg_dir("%s", "/system.slice/nginx.service");
	cr_assert_eq(stat(cg, &st), 0);
	top = st.st_ino;
	/* a symlink to a directory is not a cgroup, nor followed */
	snprintf(want, sizeof(want), "%s/link", cg);
	cr_assert_eq(symlink(root, want), 0);

	m = container_map__new(cg, rootfd);
	cr_assert(m);
	snprintf(want, sizeof(want), "/system.slice/docker-%s.scope", DOCKER);
	map_has(m, web, "web", want);
	strcat(want, "/init.scope");
	map_has(m, web_init, "web", want);
	snprintf(want, sizeof(want), KUBE_SLICE "/cri-containerd-%s.scope", CTRD);
	map_has(m, pod, "default/nginx-7c6d8/nginx", want);
	snprintf(want, sizeof(want), "/libpod_parent/libpod-%s", PODMAN);
	map_has(m, probe, "probe", want);
	snprintf(want, sizeof(want), "/machine.slice/libpod-conmon-%s.scope", PODMAN_SD);
	map_has(m, conmon, short_of("podman-conmon", PODMAN_SD), want);
	map_has(m, unit, "nginx.service", "/system.slice/nginx.service");
	map_has(m, top, "-", "/");
	/* cached: the same answer twice */
	map_has(m, unit, "nginx.service", "/system.slice/nginx.service");
	cr_assert_str_eq(container_map__name(m, unit, NULL), "nginx.service");
	container_map__free(m);
}

Test(container, map_misses)
{
	unsigned long long fresh, renamed, missing;
	struct container_map *m;
	char from[PATH_MAX], to[PATH_MAX];
	struct stat st;

	uint64_t (*saved)(void) = container_clock_ns;

	container_clock_ns = fake_clock;
	fake_now = 1000000000ull;
	renamed = cg_dir("%s", "/r1");
	snprintf(from, sizeof(from), "%s/r1", cg);
	snprintf(to, sizeof(to), "%s/r2", cg);
	/* an inode that is no cgroup of this tree */
	cr_assert_eq(stat(root, &st), 0);
	missing = st.st_ino;

	m = container_map__new(cg, rootfd);
	cr_assert(m);
	map_has(m, renamed, "r1", "/r1");

	/* made after the first walk: found on the miss */
	fresh = cg_dir("/system.slice/docker-%s.scope", DOCKER);
	cr_assert_str_eq(container_map__name(m, fresh, NULL), "web");

	/* A walk sees a rename; so it shows whether a miss walked. Misses
	 * walk at most every 10 ms, */
	cr_assert_eq(rename(from, to), 0);
	fake_now += 5000000ull;
	map_has(m, missing, "?", "?");
	map_has(m, renamed, "r1", "/r1");
	/* and a miss that walked is not looked for again within a second. */
	fake_now += 15000000ull;
	map_has(m, missing, "?", "?");
	map_has(m, renamed, "r2", "/r2");
	cr_assert_eq(rename(to, from), 0);
	fake_now += 500000000ull;
	map_has(m, missing, "?", "?");
	map_has(m, renamed, "r2", "/r2");
	fake_now += 600000000ull;
	map_has(m, missing, "?", "?");
	map_has(m, renamed, "r1", "/r1");

	map_has(m, 0, "?", "?");
	cr_assert_str_eq(container_map__name(NULL, 1, NULL), "?");
	container_map__free(m);
	container_clock_ns = saved;
}

static void found(struct container_map *m, const char *q, const char *fmt, const char *id)
{
	char want[PATH_MAX], rel[PATH_MAX / 2], got[PATH_MAX];
	int err;

	snprintf(rel, sizeof(rel), fmt, id);
	snprintf(want, sizeof(want), "%s%s", cg, strcmp(rel, "/") ? rel : "");
	err = container_map__find(m, q, got, sizeof(got));
	cr_assert_eq(err, 0, "%s: %d", q, err);
	cr_assert_str_eq(got, want, "%s", q);
}

static void not_found(struct container_map *m, const char *q, int want)
{
	char got[PATH_MAX];
	int err = container_map__find(m, q, got, sizeof(got));

	cr_assert_eq(err, want, "%s: %d, want %d", q, err, want);
}

Test(container, map_find)
{
	struct container_map *m;
	char q[CONTAINER_ID_LEN + 1], small[8];

	cg_dir("/system.slice/docker-%s.scope/init.scope", DOCKER);
	cg_dir(KUBE_SLICE "/cri-containerd-%s.scope", CTRD);
	cg_dir("/machine.slice/libpod-%s.scope", PODMAN_SD);
	cg_dir("/machine.slice/libpod-conmon-%s.scope", PODMAN_SD);
	cg_dir("/system.slice/docker-%s.scope", TWIN_A);
	cg_dir("/system.slice/docker-%s.scope", TWIN_B);
	cg_dir("%s", "/system.slice/nginx.service");
	cg_dir("%s", "/a.slice/dup.service");
	cg_dir("%s", "/b.slice/dup.service");
	m = container_map__new(cg, rootfd);
	cr_assert(m);

	/* by name: the container's cgroup, not its init.scope inside */
	found(m, "web", "/system.slice/docker-%s.scope", DOCKER);
	found(m, "default/nginx-7c6d8/nginx", KUBE_SLICE "/cri-containerd-%s.scope", CTRD);
	found(m, "nginx.service", "%s", "/system.slice/nginx.service");
	found(m, "-", "%s", "/");
	/* by id: whole, or a prefix of 4 or more; conmon's cgroup not counted */
	found(m, DOCKER, "/system.slice/docker-%s.scope", DOCKER);
	snprintf(q, sizeof(q), "%.4s", PODMAN_SD);
	found(m, q, "/machine.slice/libpod-%s.scope", PODMAN_SD);
	snprintf(q, sizeof(q), "%.3s", PODMAN_SD);
	not_found(m, q, -ENOENT); /* too short: a name, and none has it */
	snprintf(q, sizeof(q), "%.21s", TWIN_A);
	found(m, q, "/system.slice/docker-%s.scope", TWIN_A);
	snprintf(q, sizeof(q), "%.8s", TWIN_A);
	not_found(m, q, -EEXIST);
	not_found(m, "dup.service", -EEXIST);
	not_found(m, "nope", -ENOENT);
	not_found(m, "D0C4E7", -ENOENT); /* ids are lowercase */
	cr_assert_eq(container_map__find(m, "web", small, sizeof(small)), -ENAMETOOLONG);
	container_map__free(m);
}

Test(container, map_new_fails_cleanly)
{
	struct container_map *m = container_map__new("/nonexistent-coretrace-cg", rootfd);

	cr_assert_null(m);
	cr_assert_eq(errno, ENOENT);
	cr_assert_null(container_map__new(NULL, rootfd));
	container_map__free(NULL);
}
