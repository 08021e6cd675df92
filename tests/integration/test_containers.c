// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * -C's CONTAINER column and --container, against cgroups made here in the
 * shapes the runtimes make them (Docker's docker-ID.scope, Kubernetes'
 * kubepods-...-podUID.slice/cri-containerd-ID.scope, a systemd service)
 * and the state files those runtimes write, so the names resolve as they
 * would on a host running them. The workload (forktree) moves itself into
 * the cgroup before it execs, so every event it makes is that container's.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/tool.h"

#define DOCKER_ID "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee01"
#define OTHER_ID  "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee02"
#define CRI_ID	  "beef0000beef0000beef0000beef0000beef0000beef0000beef0000beef0003"
#define POD_UID	  "1f2e3d4c_5b6a_7988_9a0b_c1d2e3f4a5b6"

#define SLICE	   "coretrace-test.slice"
#define DOCKER_CG  SLICE "/docker-" DOCKER_ID ".scope"
#define OTHER_CG   SLICE "/docker-" OTHER_ID ".scope"
#define SERVICE_CG SLICE "/ct-demo.service"
#define KUBE_SLICE "kubepods-ct.slice"
#define KUBE_POD   KUBE_SLICE "/kubepods-ct-pod" POD_UID ".slice"
#define KUBE_CG	   KUBE_POD "/cri-containerd-" CRI_ID ".scope"
#define DOCKER_DIR "/var/lib/docker/containers/"
#define BUNDLE_DIR "/run/containerd/io.containerd.runtime.v2.task/k8s.io/"

static char mount_point[1024], forktree[1024], dir[64];

/* The cgroup v2 mount, wherever this host has it. */
static void find_cgroup2(void)
{
	char line[4096], *sep, *p;
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int i;

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		sep = strstr(line, " - cgroup2 ");
		if (!sep)
			continue;
		for (p = line, i = 0; i < 4 && p; i++)
			p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
		cr_assert_not_null(p);
		*strchr(p, ' ') = '\0';
		snprintf(mount_point, sizeof(mount_point), "%s", p);
		break;
	}
	fclose(f);
	cr_assert(mount_point[0], "no cgroup v2 mounted");
}

static void cgroup_make(const char *rel)
{
	char path[PATH_MAX + 256], *slash;

	snprintf(path, sizeof(path), "%s/%s", mount_point, rel);
	for (slash = path + strlen(mount_point) + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	cr_assert(mkdir(path, 0755) == 0 || errno == EEXIST, "mkdir %s: %s", path, strerror(errno));
}

static void write_file(const char *path, const char *text)
{
	char cmd[PATH_MAX + 32];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	cr_assert_eq(system(cmd), 0);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	require_bpf();
	find_cgroup2();
	snprintf(forktree, sizeof(forktree), "%s/../tests/progs/forktree", getenv("CORETRACE_BIN"));
	cr_assert(access(forktree, X_OK) == 0, "%s not built", forktree);
	snprintf(dir, sizeof(dir), "/tmp/ct-cont-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	cgroup_make(DOCKER_CG);
	cgroup_make(OTHER_CG);
	cgroup_make(SERVICE_CG);
	cgroup_make(KUBE_CG);
	write_file(DOCKER_DIR DOCKER_ID "/config.v2.json",
		   "{\"ID\":\"" DOCKER_ID "\",\"Name\":\"/ct-web\",\"State\":{\"Running\":true}}");
	/* The other container has no state file: runtime and short id. */
	write_file(BUNDLE_DIR CRI_ID "/config.json",
		   "{\"ociVersion\":\"1.0.2\",\"annotations\":{"
		   "\"io.kubernetes.cri.container-type\":\"container\","
		   "\"io.kubernetes.cri.container-name\":\"api\","
		   "\"io.kubernetes.cri.sandbox-name\":\"shop-7d4f\","
		   "\"io.kubernetes.cri.sandbox-namespace\":\"prod\"}}");
}

static void teardown(void)
{
	static const char *const cgroups[] = { DOCKER_CG, OTHER_CG, SERVICE_CG, SLICE,
					       KUBE_CG,	  KUBE_POD, KUBE_SLICE };
	char path[PATH_MAX + 256];
	size_t i;

	/* Empty by now: each workload has exited. */
	for (i = 0; i < sizeof(cgroups) / sizeof(cgroups[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", mount_point, cgroups[i]);
		rmdir(path);
	}
	cr_expect_eq(system("rm -rf " DOCKER_DIR DOCKER_ID " " BUNDLE_DIR CRI_ID), 0);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	cr_expect_eq(system(path), 0);
}

TestSuite(containers, .init = setup, .fini = teardown, .timeout = 90);

/* A shell command that moves its shell (or subshell: 0 is the writer)
 * into @cg, then execs forktree. */
static void in_cgroup(char *cmd, size_t len, const char *cg)
{
	snprintf(cmd, len, "echo 0 > '%s/%s/cgroup.procs' && exec '%s' '%s'", mount_point, cg,
		 forktree, dir);
}

/* The distinct values of @key in the events of @out. */
static char *values_of(const char *out, const char *key)
{
	char filter[256];

	snprintf(filter, sizeof(filter), "[., inputs | select(.type == \"event\") | .%s] | unique",
		 key);
	return jq(out, filter);
}

static void expect_only(const char *out, const char *key, const char *want)
{
	char *got = values_of(out, key);

	cr_assert_not_null(got, "%s", out);
	cr_expect_str_eq(got, want, "%s:\n%s", key, out);
	free(got);
}

Test(containers, docker_name_in_every_streaming_tool)
{
	static const char *const tools[] = { "opensnoop", "sigsnoop", "gethostlatency" };
	char cmd[PATH_MAX * 2];
	struct tool_run r;
	size_t i;

	in_cgroup(cmd, sizeof(cmd), DOCKER_CG);
	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		const char *argv[] = { "-C", "-j", "--", "sh", "-c", cmd, NULL };

		cr_expect_eq(tool_run_once(&r, tools[i], argv, 60), 7, "%s: %s", tools[i], r.err);
		/* The shell's opens before its move are the root cgroup's. */
		expect_only(r.out, "container",
			    strcmp(tools[i], "opensnoop") ? "[\"ct-web\"]" : "[\"-\",\"ct-web\"]");
		tool_free(&r);
	}
}

Test(containers, text_column_and_cgroup_path)
{
	char cmd[PATH_MAX * 2];
	const char *argv[] = { "-C", "--", "sh", "-c", cmd, NULL };
	const char *jargv[] = { "-C", "-j", "--", "sh", "-c", cmd, NULL };
	struct tool_run r;
	char *cg;

	in_cgroup(cmd, sizeof(cmd), DOCKER_CG);
	cr_expect_eq(tool_run_once(&r, "gethostlatency", argv, 60), 7, "%s", r.err);
	cr_expect_not_null(strstr(r.out, "CONTAINER"), "%s", r.out);
	cr_expect_eq(count_lines(r.out, " ct-web "), 26, "%s", r.out);
	tool_free(&r);
	cr_expect_eq(tool_run_once(&r, "gethostlatency", jargv, 60), 7, "%s", r.err);
	cg = values_of(r.out, "cgroup");
	cr_expect_str_eq(cg, "[\"/" DOCKER_CG "\"]", "%s", r.out);
	free(cg);
	tool_free(&r);
}

Test(containers, kubernetes_pod_and_container)
{
	char cmd[PATH_MAX * 2];
	const char *argv[] = { "-C", "-j", "--", "sh", "-c", cmd, NULL };
	struct tool_run r;

	in_cgroup(cmd, sizeof(cmd), KUBE_CG);
	cr_expect_eq(tool_run_once(&r, "sigsnoop", argv, 60), 7, "%s", r.err);
	expect_only(r.out, "container", "[\"prod/shop-7d4f/api\"]");
	tool_free(&r);
}

Test(containers, runtime_and_short_id_without_state_then_a_service)
{
	char cmd[PATH_MAX * 2];
	const char *argv[] = { "-C", "-j", "--", "sh", "-c", cmd, NULL };
	struct tool_run r;

	in_cgroup(cmd, sizeof(cmd), OTHER_CG);
	cr_expect_eq(tool_run_once(&r, "gethostlatency", argv, 60), 7, "%s", r.err);
	expect_only(r.out, "container", "[\"docker:c0ffee00c0ff\"]");
	tool_free(&r);
	in_cgroup(cmd, sizeof(cmd), SERVICE_CG);
	cr_expect_eq(tool_run_once(&r, "gethostlatency", argv, 60), 7, "%s", r.err);
	expect_only(r.out, "container", "[\"ct-demo.service\"]");
	tool_free(&r);
}

/* Two containers doing the same; --container keeps one, by name or id. */
Test(containers, filter_by_name_or_id)
{
	char cmd_a[PATH_MAX * 2], cmd_b[PATH_MAX * 2], both[PATH_MAX * 5];
	const char *by_name[] = { "--container", "ct-web", "--", "sh", "-c", both, NULL };
	const char *by_id[] = { "-T",
				"500",
				"--container",
				"c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
				"c0ffee00c0ffee02",
				"--",
				"sh",
				"-c",
				both,
				NULL };
	struct tool_run r;
	char needle[128];

	in_cgroup(cmd_a, sizeof(cmd_a), DOCKER_CG);
	in_cgroup(cmd_b, sizeof(cmd_b), OTHER_CG);
	snprintf(both, sizeof(both), "(%s); (%s)", cmd_a, cmd_b);
	snprintf(needle, sizeof(needle), "%s/top", dir);
	cr_expect_eq(tool_run_once(&r, "opensnoop", by_name, 60), 7, "%s", r.err);
	cr_expect_eq(count_lines(r.out, needle), 3, "one container's 3, not both's 6:\n%s", r.out);
	tool_free(&r);
	cr_expect_eq(tool_run_once(&r, "syscount", by_id, 60), 7, "%s", r.err);
	cr_assert_not_null(find_line(r.out, "getsid "), "%s", r.out);
	cr_expect_eq(atoi(find_line(r.out, "getsid ") + 7), 11, "one container's 11:\n%s", r.out);
	tool_free(&r);
}

Test(containers, unknown_and_ambiguous_names_are_errors)
{
	const char *unknown[] = { "--container", "coretrace-no-such", "-d", "1", NULL };
	const char *ambiguous[] = { "--container", "c0ffee", "-d", "1", NULL };
	const char *both[] = { "--container", "ct-web", "-c", "/", NULL };
	struct tool_run r;

	cr_expect_eq(tool_run_once(&r, "opensnoop", unknown, 30), 1);
	cr_expect_str_eq(r.err, "opensnoop: --container coretrace-no-such: no such container\n");
	tool_free(&r);
	cr_expect_eq(tool_run_once(&r, "opensnoop", ambiguous, 30), 1);
	cr_expect_not_null(strstr(r.err, "more than one container matches"), "%s", r.err);
	tool_free(&r);
	cr_expect_eq(tool_run_once(&r, "opensnoop", both, 30), 2);
	tool_free(&r);
}

/* --- a real runtime ------------------------------------------------------ */

/* Podman from Debian's packages, running a rootfs of busybox-static built
 * here (podman import: no registry, no network). runc, as crun refuses this
 * host's hybrid cgroups; the cgroupfs manager, as there may be no systemd. */
#define PODMAN	   "podman --cgroup-manager=cgroupfs --runtime=runc "
#define POD_IMAGE  "localhost/coretrace-test-bb"
#define POD_MARKER "/coretrace-marker"

static char pod_name[64];

static void podman_setup(void)
{
	char cmd[1024];

	require_bpf();
	cr_assert_eq(system("command -v podman >/dev/null && command -v runc >/dev/null && "
			    "test -x /bin/busybox"),
		     0, "podman, runc and busybox-static are needed (make deps installs them)");
	snprintf(dir, sizeof(dir), "/tmp/ct-pod-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(pod_name, sizeof(pod_name), "coretrace-test-%d", (int)getpid());
	snprintf(cmd, sizeof(cmd),
		 "set -e; mkdir -p %s/root/bin; cp /bin/busybox %s/root/bin/; "
		 "echo marker > %s/root%s; "
		 "tar -C %s/root -cf %s/root.tar . && " PODMAN "import -q %s/root.tar " POD_IMAGE
		 " >/dev/null && " PODMAN
		 "run -d -q --name %s --network none --ulimit nofile=1024:1024 "
		 "--ulimit nproc=1024:1024 " POD_IMAGE " /bin/busybox sh -c "
		 "'while :; do /bin/busybox cat %s >/dev/null; /bin/busybox sleep 0.05; done' "
		 ">/dev/null",
		 dir, dir, dir, POD_MARKER, dir, dir, dir, pod_name, POD_MARKER);
	cr_assert_eq(system(cmd), 0, "podman could not run a container: %s", cmd);
}

static void podman_teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 PODMAN "rm -f -t 0 %s >/dev/null 2>&1; " PODMAN "rmi -f " POD_IMAGE
			" >/dev/null 2>&1; rm -rf %s",
		 pod_name, dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(podman, .init = podman_setup, .fini = podman_teardown, .timeout = 120);

/* The container's name in the column, from Podman's own state; with
 * --container, its events and nobody else's. */
Test(podman, its_name_in_the_column_and_the_filter)
{
	const char *column[] = { "-C", "-j", NULL };
	const char *only[] = { "-C", "-j", "--container", pod_name, NULL };
	char filter[256], want[128], *got;
	struct tool_run r;

	snprintf(
		filter, sizeof(filter),
		"[., inputs | select(.type == \"event\" and .path == \"%s\") | .container] | unique",
		POD_MARKER);
	snprintf(want, sizeof(want), "[\"%s\"]", pod_name);
	tool_start(&r, "opensnoop", column);
	cr_expect(tool_wait_output(&r, POD_MARKER, 20), "no open of %s seen", POD_MARKER);
	tool_finish(&r, SIGINT, 10);
	got = jq(r.out, filter);
	cr_expect_str_eq(got, want, "%s", r.out);
	free(got);
	tool_free(&r);

	tool_start(&r, "opensnoop", only);
	cr_expect(tool_wait_output(&r, POD_MARKER, 20), "no open of %s seen", POD_MARKER);
	tool_finish(&r, SIGINT, 10);
	got = jq(r.out, "[., inputs | select(.type == \"event\") | .container] | unique");
	cr_expect_str_eq(got, want, "others' opens shown:\n%s", r.out);
	free(got);
	tool_free(&r);
}
