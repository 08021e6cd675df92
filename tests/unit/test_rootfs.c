// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* rootfs: a fake root in a temporary directory, with a secret file beside
 * it (outside), attacked the way a hostile container would. Each case runs
 * twice: through openat2 (suite rootfs_openat2) and through the fallback
 * walk (suite rootfs_walk). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rootfs.h"

#define OUTSIDE	 "SECRET-OUTSIDE\n"
#define INSIDE	 "inside\n"
#define LIBC	 "LIBC-2.31\n"
#define PLAIN	 "plain\n"
#define CHAIN_OK 40 /* the kernel's limit: this many symlinks resolve */

static char parent[64]; /* holds the secret and the fake root */
static char root[sizeof(parent) + 8];
static int rootfd = -1;

static void put(const char *rel, const char *content, size_t len)
{
	int fd = openat(rootfd, rel, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	cr_assert(fd >= 0, "create %s: %s", rel, strerror(errno));
	cr_assert_eq(write(fd, content, len), (ssize_t)len);
	close(fd);
}

static void link_at(const char *target, const char *rel)
{
	cr_assert_eq(symlinkat(target, rootfd, rel), 0, "symlink %s: %s", rel, strerror(errno));
}

static void dir_at(const char *rel)
{
	cr_assert_eq(mkdirat(rootfd, rel, 0755), 0, "mkdir %s: %s", rel, strerror(errno));
}

static void put_outside(const char *name, const char *content)
{
	char path[sizeof(parent) + 32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", parent, name);
	f = fopen(path, "wx");
	cr_assert(f);
	fputs(content, f);
	fclose(f);
}

static void make_chain(char prefix, int links)
{
	char name[32], target[32];
	int i;

	for (i = 0; i < links; i++) {
		snprintf(name, sizeof(name), "chain/%c%d", prefix, i);
		snprintf(target, sizeof(target), "%c%d", prefix, i + 1);
		link_at(target, name);
	}
	snprintf(name, sizeof(name), "chain/%c%d", prefix, links);
	put(name, "END", 3);
}

static void setup(void)
{
	char host[sizeof(root) + 32];
	int fd;

	snprintf(parent, sizeof(parent), "/tmp/coretrace-rootfs-XXXXXX");
	cr_assert(mkdtemp(parent));
	snprintf(root, sizeof(root), "%s/root", parent);
	cr_assert_eq(mkdir(root, 0755), 0);
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	cr_assert(rootfd >= 0);
	put_outside("secret", OUTSIDE);
	put_outside("only-outside", OUTSIDE);

	put("secret", INSIDE, strlen(INSIDE)); /* what "/../secret" must find */
	dir_at("etc");
	put("etc/plain", PLAIN, strlen(PLAIN));
	dir_at("usr");
	dir_at("usr/lib");
	put("usr/lib/libc-2.31.so", LIBC, strlen(LIBC));
	link_at("usr/lib", "lib");
	link_at("libc-2.31.so", "usr/lib/libc.so.6");
	link_at("/usr/lib/libc-2.31.so", "usr/lib/x");
	cr_assert_eq(mkfifoat(rootfd, "usr/lib/libfifo.so.1", 0644), 0);
	link_at("libfifo.so.1", "usr/lib/libssl.so.3");

	dir_at("esc");
	link_at("/../../../secret", "esc/abs-up");
	link_at("../../../secret", "esc/rel-up");
	link_at("../../only-outside", "esc/only");
	link_at("../../..", "esc/up");
	snprintf(host, sizeof(host), "%s/secret", parent);
	link_at(host, "esc/host"); /* the host path of the outside secret */

	dir_at("loop");
	link_at("b", "loop/a");
	link_at("a", "loop/b");
	link_at("self", "loop/self");
	dir_at("chain");
	make_chain('a', CHAIN_OK);
	make_chain('b', CHAIN_OK + 1);

	fd = openat(rootfd, "big", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	cr_assert(fd >= 0);
	cr_assert_eq(ftruncate(fd, 10LL << 30), 0); /* 10 GiB, sparse */
	close(fd);
	put("five", "ab\0cd", 5);
}

static void setup_openat2(void)
{
	rootfs_no_openat2 = false;
	setup();
}

static void setup_walk(void)
{
	rootfs_no_openat2 = true;
	setup();
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	if (rootfd >= 0)
		close(rootfd);
	rootfd = -1;
	if (parent[0])
		nftw(parent, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Skip, rather than quietly test the walk twice, where openat2 is missing. */
static void need_openat2(void)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	int fd = (int)syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));

	if (fd < 0)
		cr_skip_test("no openat2 here: %s", strerror(errno));
	close(fd);
}

/* Define case_NAME once and run it through each way of resolving. */
#define BOTH(name, ...)                                                                            \
	static void case_##name(void);                                                             \
	Test(rootfs_openat2, name, .init = setup_openat2, .fini = teardown, ##__VA_ARGS__)         \
	{                                                                                          \
		need_openat2();                                                                    \
		case_##name();                                                                     \
	}                                                                                          \
	Test(rootfs_walk, name, .init = setup_walk, .fini = teardown, ##__VA_ARGS__)               \
	{                                                                                          \
		case_##name();                                                                     \
	}                                                                                          \
	static void case_##name(void)

static void expect_content_in(int dirfd, const char *path, const char *want, size_t want_len)
{
	char *buf = NULL;
	size_t len = 0;
	int fd, err;

	fd = rootfs_open(dirfd, path);
	cr_assert(fd >= 0, "rootfs_open(%s): %s", path, strerror(-fd));
	err = rootfs_read(fd, 1 << 20, &buf, &len);
	close(fd);
	cr_assert_eq(err, 0, "rootfs_read(%s): %s", path, strerror(-err));
	cr_assert_eq(len, want_len, "%s: %zu bytes", path, len);
	cr_assert(memcmp(buf, want, want_len) == 0, "%s: got \"%s\"", path, buf);
	cr_assert_eq(buf[len], '\0');
	free(buf);
}

static void expect_content(const char *path, const char *want)
{
	expect_content_in(rootfd, path, want, strlen(want));
}

static void expect_err_in(int dirfd, const char *path, int want)
{
	int fd = rootfs_open(dirfd, path);

	if (fd >= 0)
		close(fd);
	cr_assert_eq(fd, want, "rootfs_open(%s) = %d (%s), want %s", path, fd,
		     fd < 0 ? strerror(-fd) : "an fd", strerror(-want));
}

static void expect_err(const char *path, int want)
{
	expect_err_in(rootfd, path, want);
}

static bool dir_has(int fd, const char *name)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	bool found = false;

	cr_assert(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, name) == 0)
			found = true;
	closedir(d);
	return found;
}

BOTH(plain_file)
{
	expect_content("/etc/plain", PLAIN);
	expect_content("etc/plain", PLAIN);
	expect_content("//etc/./plain", PLAIN);
	expect_content("usr/lib/libc-2.31.so", LIBC);
	expect_err("/etc/nothing", -ENOENT);
	expect_err("/etc/plain/", -ENOTDIR);
	expect_err("/etc/plain/x", -ENOTDIR);
	expect_err("", -ENOENT);
}

BOTH(relative_symlinks)
{
	expect_content("/lib/libc-2.31.so", LIBC); /* lib -> usr/lib */
	expect_content("/lib/libc.so.6", LIBC);	   /* libc.so.6 -> libc-2.31.so */
	/* ".." is physical: from usr/lib, where lib leads, as the kernel does. */
	expect_content("lib/../lib/libc.so.6", LIBC);
	expect_content("lib/../../etc/plain", PLAIN);
	expect_err("lib/../etc/plain", -ENOENT);
}

BOTH(absolute_symlink_stays_inside)
{
	char host[sizeof(root) + 32];
	char buf[64] = "";
	int fd;

	expect_content("/lib/x", LIBC); /* x -> /usr/lib/libc-2.31.so, in the root */
	/* Through the host root the planted link does reach the secret... */
	snprintf(host, sizeof(host), "%s/esc/host", root);
	fd = open(host, O_RDONLY | O_CLOEXEC);
	cr_assert(fd >= 0);
	cr_assert_gt(read(fd, buf, sizeof(buf) - 1), 0);
	close(fd);
	cr_assert_str_eq(buf, OUTSIDE);
	/* ...and inside the root there is no such path. */
	expect_err("/esc/host", -ENOENT);
}

BOTH(dotdot_never_leaves)
{
	expect_content("../secret", INSIDE);
	expect_content("../../secret", INSIDE);
	expect_content("/../../secret", INSIDE);
	expect_content("usr/lib/../../../../secret", INSIDE);
	expect_err("../only-outside", -ENOENT);
	expect_err("/../../only-outside", -ENOENT);
	expect_err("usr/lib/../../../only-outside", -ENOENT);
}

BOTH(escaping_symlinks_stay_inside)
{
	expect_content("/esc/abs-up", INSIDE); /* -> /../../../secret */
	expect_content("esc/rel-up", INSIDE);  /* -> ../../../secret */
	expect_err("esc/only", -ENOENT);       /* -> ../../only-outside */
	expect_err("esc/up/only-outside", -ENOENT);
	expect_content("esc/up/secret", INSIDE);
}

BOTH(fifo_refused_without_blocking, .timeout = 10)
{
	alarm(10);
	expect_err("/usr/lib/libfifo.so.1", -EINVAL);
	expect_err("/lib/libssl.so.3", -EINVAL);
	cr_assert_eq(rootfs_opendir(rootfd, "/lib/libssl.so.3"), -ENOTDIR);
	alarm(0);
}

BOTH(directories)
{
	int fd;

	expect_err("/usr/lib", -EINVAL);
	expect_err("/lib", -EINVAL);
	expect_err("/", -EINVAL);
	fd = rootfs_opendir(rootfd, "/lib");
	cr_assert(fd >= 0, "rootfs_opendir(/lib): %s", strerror(-fd));
	cr_assert(dir_has(fd, "libc-2.31.so"));
	fd = rootfs_opendir(rootfd, "/../..");
	cr_assert(fd >= 0);
	cr_assert(dir_has(fd, "usr"));
	fd = rootfs_opendir(rootfd, "esc/up");
	cr_assert(fd >= 0);
	cr_assert(!dir_has(fd, "only-outside"), "esc/up listed the outside directory");
	cr_assert_eq(rootfs_opendir(rootfd, "/etc/plain"), -ENOTDIR);
	cr_assert_eq(rootfs_opendir(rootfd, "/nothing"), -ENOENT);
}

BOTH(symlink_loops)
{
	expect_err("/loop/a", -ELOOP);
	expect_err("/loop/self", -ELOOP);
	expect_err("/loop/self/x", -ELOOP);
	expect_content("chain/a0", "END"); /* CHAIN_OK links: fine */
	expect_err("chain/b0", -ELOOP);	   /* one more: too many */
}

BOTH(bounded_read)
{
	char *buf = (char *)1;
	size_t len = 1;
	int fd;

	fd = rootfs_open(rootfd, "big");
	cr_assert(fd >= 0, "big: %s", strerror(-fd));
	cr_assert_eq(rootfs_read(fd, 1 << 20, &buf, &len), -EFBIG);
	cr_assert_null(buf);
	cr_assert_eq(len, 0);
	close(fd);

	fd = rootfs_open(rootfd, "five");
	cr_assert(fd >= 0);
	cr_assert_eq(rootfs_read(fd, 4, &buf, &len), -EFBIG);
	cr_assert_eq(rootfs_read(fd, 5, &buf, &len), 0);
	cr_assert_eq(len, 5);
	cr_assert(memcmp(buf, "ab\0cd", 6) == 0); /* with the NUL after */
	free(buf);
	close(fd);
}

BOTH(own_root)
{
	char host[sizeof(root) + 32];
	struct stat a, b;
	int r;

	snprintf(host, sizeof(host), "%s/secret", parent);
	r = rootfs_open_root(getpid());
	cr_assert(r >= 0, "rootfs_open_root(self): %s", strerror(-r));
	expect_content_in(r, host, OUTSIDE, strlen(OUTSIDE)); /* our root is "/" */
	close(r);
	r = rootfs_open_root(0);
	cr_assert(r >= 0);
	cr_assert_eq(fstat(r, &a), 0);
	cr_assert_eq(stat("/", &b), 0);
	cr_assert(a.st_dev == b.st_dev && a.st_ino == b.st_ino);
	expect_content_in(r, host, OUTSIDE, strlen(OUTSIDE));
	close(r);
	cr_assert_eq(rootfs_open_root(-1) >= 0, true);
	cr_assert_eq(rootfs_open_root(INT_MAX), -ENOENT);
}

BOTH(device_and_proc_files_refused)
{
	struct stat st;
	int r = rootfs_open_root(0), fd;

	cr_assert(r >= 0);
	cr_assert_eq(stat("/dev/null", &st), 0);
	cr_assert(S_ISCHR(st.st_mode));
	expect_err_in(r, "/dev/null", -EINVAL);
	/* Regular by type, but a kernel interface. */
	expect_err_in(r, "/proc/self/status", -EINVAL);
	fd = rootfs_opendir(r, "/proc/self");
	cr_assert(fd >= 0, "/proc/self: %s", strerror(-fd));
	close(fd);
	close(r);
}

BOTH(bad_arguments)
{
	char *path = malloc(PATH_MAX + 1);
	char name[NAME_MAX + 2];

	cr_assert(path);
	memset(path, 'a', PATH_MAX);
	path[PATH_MAX] = '\0';
	expect_err(path, -ENAMETOOLONG);
	memset(name, 'n', NAME_MAX + 1);
	name[NAME_MAX + 1] = '\0';
	expect_err(name, -ENAMETOOLONG);
	expect_err_in(-1, "etc/plain", -EBADF);
	expect_err(NULL, -EFAULT);
	cr_assert_eq(rootfs_opendir(rootfd, NULL), -EFAULT);
	free(path);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	cr_assert(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

BOTH(no_fd_leaks)
{
	int before = open_fds(), i, fd;

	for (i = 0; i < 3; i++) {
		expect_content("/lib/libc.so.6", LIBC);
		expect_content("esc/up/secret", INSIDE);
		expect_err("/esc/host", -ENOENT);
		expect_err("/etc/plain/x", -ENOTDIR);
		expect_err("/loop/a", -ELOOP);
		expect_err("/lib/libssl.so.3", -EINVAL);
		expect_err("/", -EINVAL);
		cr_assert_eq(rootfs_opendir(rootfd, "/etc/plain"), -ENOTDIR);
		fd = rootfs_opendir(rootfd, "esc/up");
		cr_assert(fd >= 0);
		close(fd);
	}
	cr_assert_eq(open_fds(), before);
}

/* The two ways differ on purpose here, which also shows which one ran:
 * openat2 refuses a /proc magic link, the walk reads it as text, resolved
 * inside the root like any symlink. */
Test(rootfs_openat2, magic_link_refused, .init = setup_openat2, .fini = teardown)
{
	char path[64], host[sizeof(root) + 32];
	int r, fd;

	need_openat2();
	snprintf(host, sizeof(host), "%s/etc/plain", root);
	fd = open(host, O_RDONLY | O_CLOEXEC);
	cr_assert(fd >= 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = rootfs_open_root(0);
	cr_assert(r >= 0);
	expect_err_in(r, path, -ELOOP);
	close(r);
	close(fd);
}

/* The walk ran if a magic link was read as text (openat2 says -ELOOP). */
static void expect_walk_ran(void)
{
	char path[64], host[sizeof(root) + 32];
	int r, fd;

	snprintf(host, sizeof(host), "%s/etc/plain", root);
	fd = open(host, O_RDONLY | O_CLOEXEC);
	cr_assert(fd >= 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = rootfs_open_root(0);
	cr_assert(r >= 0);
	expect_content_in(r, path, PLAIN, strlen(PLAIN));
	close(r);
	close(fd);
}

/* The text is a host path; in our root that is where the file is. */
Test(rootfs_walk, magic_link_text_in_own_root, .init = setup_walk, .fini = teardown)
{
	expect_walk_ran();
}

/* Only the walk keeps an fd per level, hence its depth limit. */
static void deep_dirs(char *path, size_t len, int levels)
{
	size_t n = 0;
	int i;

	for (i = 0; i < levels; i++) {
		cr_assert_lt(n + 3, len);
		memcpy(path + n, i ? "/d" : "d", i ? 2 : 1);
		n += i ? 2 : 1;
		path[n] = '\0';
		dir_at(path);
	}
	put("d/f", "F", 1);
}

Test(rootfs_walk, depth_limit, .init = setup_walk, .fini = teardown)
{
	char path[ROOTFS_MAX_DEPTH * 2 + 16];

	int fd;

	deep_dirs(path, sizeof(path), ROOTFS_MAX_DEPTH + 1);
	cr_assert_eq(rootfs_opendir(rootfd, path), -ENAMETOOLONG);
	path[strlen(path) - 2] = '\0'; /* exactly ROOTFS_MAX_DEPTH */
	fd = rootfs_opendir(rootfd, path);
	cr_assert_geq(fd, 0, "%s", strerror(-fd));
	close(fd);
	expect_content("d/f", "F");
}

Test(rootfs_openat2, no_depth_limit, .init = setup_openat2, .fini = teardown)
{
	char path[ROOTFS_MAX_DEPTH * 2 + 16];

	int fd;

	need_openat2();
	deep_dirs(path, sizeof(path), ROOTFS_MAX_DEPTH + 1);
	fd = rootfs_opendir(rootfd, path);
	cr_assert_geq(fd, 0, "%s", strerror(-fd));
	close(fd);
}

/* What a container runtime's seccomp profile does to openat2: fail it with
 * @err. No arch check: it only has to hold for this test process. */
static void filter_openat2(int err)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (unsigned int)err),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };
	int failed;

	cr_assert_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
	/* QEMU user emulation has no seccomp for its guest (make check-unit
	 * ARCH= sets CORETRACE_EMULATED); the walk is tested on its own too. */
	failed = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) ? errno : 0;
	if (failed == EINVAL && getenv("CORETRACE_EMULATED"))
		cr_skip_test("emulated: no seccomp");
	cr_assert_eq(failed, 0, "seccomp: %s", strerror(failed));
}

Test(rootfs_seccomp, enosys_falls_back_to_walk, .init = setup_openat2, .fini = teardown)
{
	filter_openat2(ENOSYS);
	expect_content("/esc/abs-up", INSIDE);
	expect_err("esc/only", -ENOENT);
	expect_walk_ran();
}

Test(rootfs_seccomp, eperm_on_probe_falls_back_to_walk, .init = setup_openat2, .fini = teardown)
{
	filter_openat2(EPERM);
	expect_content("/esc/abs-up", INSIDE);
	expect_err("esc/only", -ENOENT);
	expect_walk_ran();
}

/* Once openat2 has worked, an EPERM is the lookup's answer, not a reason
 * to walk; a later ENOSYS still is. */
Test(rootfs_seccomp, eperm_after_probe_is_returned, .init = setup_openat2, .fini = teardown)
{
	need_openat2();
	expect_content("/etc/plain", PLAIN);
	filter_openat2(EPERM);
	expect_err("/etc/plain", -EPERM);
}

Test(rootfs_seccomp, enosys_after_probe_falls_back, .init = setup_openat2, .fini = teardown)
{
	need_openat2();
	expect_content("/etc/plain", PLAIN);
	filter_openat2(ENOSYS);
	expect_content("/esc/abs-up", INSIDE);
	expect_walk_ran();
}

/* EAGAIN is RESOLVE_IN_ROOT's "a rename raced your ..": the walk, whose
 * ".." renames can't fool, answers instead. */
Test(rootfs_seccomp, eagain_falls_back_to_walk, .init = setup_openat2, .fini = teardown)
{
	need_openat2();
	expect_content("/etc/plain", PLAIN);
	filter_openat2(EAGAIN);
	expect_content("esc/up/secret", INSIDE);
	expect_walk_ran();
}

/* rootfs_read() does not depend on the lookup: plain fds. */
Test(rootfs_read, growing_file_is_bounded_while_read)
{
	char *buf = NULL;
	size_t len = 0;
	struct stat st;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	cr_assert(fd >= 0);
	cr_assert_eq(fstat(fd, &st), 0);
	cr_assert(S_ISREG(st.st_mode) && st.st_size == 0, "fstat says nothing is there");
	cr_assert_eq(rootfs_read(fd, 16, &buf, &len), -EFBIG);
	cr_assert_eq(rootfs_read(fd, 1 << 20, &buf, &len), 0);
	cr_assert_gt(len, 16);
	cr_assert(strncmp(buf, "Name:", 5) == 0);
	cr_assert_eq(strlen(buf), len);
	free(buf);
	close(fd);
}

Test(rootfs_read, only_regular_files)
{
	char *buf = (char *)1;
	size_t len = 1;
	int p[2];

	cr_assert_eq(pipe(p), 0);
	cr_assert_eq(rootfs_read(p[0], 1 << 20, &buf, &len), -EINVAL);
	cr_assert_null(buf);
	cr_assert_eq(len, 0);
	cr_assert_eq(rootfs_read(p[0], 1 << 20, NULL, &len), -EFAULT);
	close(p[0]);
	close(p[1]);
}

Test(rootfs_read, empty_file_and_zero_bound)
{
	char path[] = "/tmp/coretrace-rootfs-empty-XXXXXX";
	char *buf = NULL;
	size_t len = 1;
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	unlink(path);
	cr_assert_eq(rootfs_read(fd, 0, &buf, &len), 0);
	cr_assert_eq(len, 0);
	cr_assert_str_eq(buf, "");
	free(buf);
	cr_assert_eq(write(fd, "x", 1), 1);
	cr_assert_eq(rootfs_read(fd, 0, &buf, &len), -EFBIG);
	cr_assert_eq(rootfs_read(fd, 1, &buf, &len), 0);
	cr_assert_str_eq(buf, "x");
	free(buf);
	close(fd);
}
