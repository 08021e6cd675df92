// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The tools run as root on hosts whose other users and containers are not
 * trusted. Each test here plays the attacker (as the unprivileged user
 * nobody where the attack is one) and checks that root's tool neither
 * hands anything over, nor damages the host, nor hangs, nor lets a name
 * act on root's terminal, and says in one line why it refused.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers/tool.h"

#define NOBODY 65534

/* A terminal attack: retitle the window, clear the screen. */
#define HOSTILE_NAME "\x1b]0;PWNED\x07\x1b[2J"
/* ... and how it must come out: as text. */
#define HOSTILE_SHOWN "\\x1b]0;PWNED\\x07\\x1b[2J"

static char dir[64];

/* A world-writable sticky directory, as /tmp is. */
static void setup(void)
{
	require_bpf();
	snprintf(dir, sizeof(dir), "/tmp/coretrace-hostile-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(chmod(dir, 01777), 0);
}

static void teardown(void)
{
	char cmd[128];

	if (!dir[0])
		return;
	umount2(dir, MNT_DETACH); /* the full-disk tests mount a tmpfs there */
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(hostile, .init = setup, .fini = teardown, .timeout = 120);

static int wait_for(pid_t pid, double seconds);

static const char *in_dir(const char *name)
{
	static char paths[4][256];
	static int next;
	char *p = paths[next++ % 4];

	snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
	return p;
}

/* Run @fn(@arg) in a child as nobody; returns its exit status. */
static int as_nobody(int (*fn)(const char *arg), const char *arg)
{
	int status;
	pid_t pid = fork();

	cr_assert(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(99);
		_exit(fn(arg));
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int plant_fifo(const char *path)
{
	return mkfifo(path, 0666) || chmod(path, 0666) ? 1 : 0;
}

static int plant_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);

	if (fd < 0)
		return 1;
	fchmod(fd, 0666);
	return close(fd) ? 1 : 0;
}

static const char *symlink_target;

static int plant_symlink(const char *path)
{
	return symlink(symlink_target, path) ? 1 : 0;
}

/* sslsnoop -o @path must refuse before tracing: exit 1, one line naming
 * the path and @why. */
static void expect_output_refused(const char *path, const char *why)
{
	const char *argv[] = { "-o", path, NULL };
	struct tool_run r;
	int status = tool_run_once(&r, "sslsnoop", argv, 30);

	cr_expect_eq(status, 1, "sslsnoop -o %s: exit %d: %s", path, status, r.err);
	cr_expect(strstr(r.err, path) && strstr(r.err, why), "-o %s: no '%s' in: %s", path, why,
		  r.err);
	cr_expect(strchr(r.err, '\n') == r.err + r.err_len - 1, "-o %s: not one line: %s", path,
		  r.err);
	cr_expect_null(strstr(r.err, "Tracing"), "-o %s: it traced: %s", path, r.err);
	cr_expect_eq(r.out_len, 0, "-o %s: wrote to stdout: %s", path, r.out);
	tool_free(&r);
}

static void expect_mode(const char *path, mode_t mode, uid_t uid)
{
	struct stat st;

	cr_assert_eq(lstat(path, &st), 0, "%s: %s", path, strerror(errno));
	cr_expect_eq(st.st_mode & 07777, mode, "%s: mode %o, want %o", path, st.st_mode & 07777,
		     mode);
	cr_expect_eq(st.st_uid, uid, "%s: owner %u, want %u", path, st.st_uid, uid);
}

/* mkfifo -m666 /tmp/s.log as a user, then sslsnoop -o /tmp/s.log as root:
 * the FIFO must receive nothing (a reader waits on it) and keep its mode. */
Test(hostile, output_refuses_a_fifo_another_user_planted)
{
	const char *fifo = in_dir("s.log");
	pid_t reader;
	int fd;

	cr_assert_eq(as_nobody(plant_fifo, fifo), 0);
	reader = fork();
	cr_assert(reader >= 0);
	if (reader == 0) {
		char buf[256];

		if (setgid(NOBODY) || setuid(NOBODY))
			_exit(99);
		fd = open(fifo, O_RDONLY);
		_exit(fd >= 0 && read(fd, buf, sizeof(buf)) > 0 ? 1 : 0);
	}
	expect_output_refused(fifo, "not a regular file");
	/* Let the reader see the end, and never outlive the test. */
	fd = open(fifo, O_WRONLY | O_NONBLOCK);
	if (fd >= 0)
		close(fd);
	{
		int status = wait_for(reader, 5);

		cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the reader got data");
	}
	expect_mode(fifo, 0666, NOBODY);
}

Test(hostile, output_refuses_a_file_another_user_owns)
{
	const char *file = in_dir("s.log");

	cr_assert_eq(as_nobody(plant_file, file), 0);
	expect_output_refused(file, "another user owns it");
	expect_mode(file, 0666, NOBODY);
}

Test(hostile, output_refuses_a_symlink_another_user_planted)
{
	const char *link = in_dir("s.log"), *precious = in_dir("precious");
	char buf[16] = "";
	FILE *f = fopen(precious, "w");

	cr_assert_not_null(f);
	fputs("precious", f);
	fclose(f);
	chmod(precious, 0600);
	symlink_target = precious;
	cr_assert_eq(as_nobody(plant_symlink, link), 0);
	expect_output_refused(link, "symbolic link");
	f = fopen(precious, "r");
	cr_assert_not_null(f);
	cr_expect_not_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	cr_expect_str_eq(buf, "precious", "the symlink's target was written");
	expect_mode(precious, 0600, 0);
}

/* sslsnoop -o /dev/null used to make /dev/null 0600 for everyone: a device
 * node is refused, and its mode never touched. A private copy of null is
 * the victim, and /dev/null itself is checked too. */
Test(hostile, output_never_touches_a_device_node)
{
	const char *dev = in_dir("null");

	cr_assert_eq(mknod(dev, S_IFCHR | 0666, makedev(1, 3)), 0, "%s", strerror(errno));
	cr_assert_eq(chmod(dev, 0666), 0);
	expect_output_refused(dev, "not a regular file");
	expect_mode(dev, 0666, 0);
	expect_output_refused("/dev/null", "not a regular file");
	expect_mode("/dev/null", 0666, 0);
}

Test(hostile, output_refuses_hard_links_and_open_modes)
{
	const char *file = in_dir("s.log"), *other = in_dir("elsewhere"),
		   *shared = in_dir("shared.log");
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0600);

	cr_assert_geq(fd, 0);
	close(fd);
	cr_assert_eq(link(file, other), 0);
	expect_output_refused(file, "other hard links");
	fd = open(shared, O_WRONLY | O_CREAT | O_EXCL, 0644);
	cr_assert_geq(fd, 0);
	fchmod(fd, 0644);
	close(fd);
	expect_output_refused(shared, "others may read");
	expect_mode(shared, 0644, 0);
}

Test(hostile, output_that_cannot_be_opened_is_one_line_not_a_crash)
{
	char dangling[300];

	snprintf(dangling, sizeof(dangling), "%s/nowhere", dir);
	symlink_target = "/nonexistent/target";
	cr_assert_eq(symlink(symlink_target, in_dir("dangling")), 0);
	expect_output_refused("/nonexistent/dir/s.log", "No such file");
	expect_output_refused(dir, "not a regular file");
	expect_output_refused(in_dir("dangling"), "symbolic link");
	(void)dangling;
}

/* What is allowed: a new file, 0600 whatever the umask; a file of ours,
 * emptied; "-" for standard output. */
Test(hostile, output_to_a_new_file_is_ours_and_0600)
{
	const char *fresh = in_dir("new.log"), *own = in_dir("own.log");
	const char *argv_new[] = { "-o", fresh, NULL }, *argv_own[] = { "-o", own, NULL };
	const char *argv_std[] = { "-o", "-", NULL };
	struct tool_run r;
	char line[64] = "";
	mode_t old = umask(0);
	FILE *f;

	tool_start(&r, "sslsnoop", argv_new);
	umask(old);
	cr_expect_eq(tool_finish(&r, SIGINT, 45), 0, "%s", r.err);
	tool_free(&r);
	expect_mode(fresh, 0600, 0);
	f = fopen(fresh, "r");
	cr_assert_not_null(f);
	cr_expect(fgets(line, sizeof(line), f) && strncmp(line, "FUNC", 4) == 0, "%s", line);
	fclose(f);

	f = fopen(own, "w");
	cr_assert_not_null(f);
	fputs("old junk that must go\n", f);
	fclose(f);
	chmod(own, 0600);
	tool_start(&r, "sslsnoop", argv_own);
	cr_expect_eq(tool_finish(&r, SIGINT, 45), 0, "%s", r.err);
	tool_free(&r);
	f = fopen(own, "r");
	cr_assert_not_null(f);
	cr_expect(fgets(line, sizeof(line), f) && strncmp(line, "FUNC", 4) == 0, "%s", line);
	fclose(f);

	tool_start(&r, "sslsnoop", argv_std);
	cr_expect_eq(tool_finish(&r, SIGINT, 45), 0, "%s", r.err);
	cr_expect(strncmp(r.out, "FUNC", 4) == 0, "-o -: %s", r.out);
	tool_free(&r);
}

/* --- a container's files ------------------------------------------------ */

#if defined(__x86_64__)
#define CACHE_ABI 0x0303
#define LIBDIR	  "/usr/lib/x86_64-linux-gnu"
#elif defined(__aarch64__)
#define CACHE_ABI 0x0a03
#define LIBDIR	  "/usr/lib/aarch64-linux-gnu"
#endif

/* An /etc/ld.so.cache with one entry: @soname at @path. */
static void write_cache(const char *file, const char *soname, const char *path)
{
	unsigned char buf[1024] = {};
	uint32_t nlibs = 1, len_strings, key = 48 + 24, value;
	int32_t flags = CACHE_ABI;
	size_t sl = strlen(soname) + 1, pl = strlen(path) + 1;
	FILE *f;

	cr_assert(key + sl + pl < sizeof(buf));
	len_strings = (uint32_t)(sl + pl);
	value = key + (uint32_t)sl;
	memcpy(buf, "glibc-ld.so.cache1.1", 20);
	memcpy(buf + 20, &nlibs, 4);
	memcpy(buf + 24, &len_strings, 4);
	memcpy(buf + 48, &flags, 4);
	memcpy(buf + 52, &key, 4);
	memcpy(buf + 56, &value, 4);
	memcpy(buf + key, soname, sl);
	memcpy(buf + value, path, pl);
	f = fopen(file, "w");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(buf, 1, key + sl + pl, f), key + sl + pl);
	fclose(f);
}

/* A process whose root is @root (a chroot, as a container's is), as nobody;
 * it waits until killed. */
static pid_t contained(const char *root)
{
	pid_t pid = fork();

	cr_assert(pid >= 0);
	if (pid == 0) {
		if (chroot(root) || chdir("/") || setgid(NOBODY) || setuid(NOBODY))
			_exit(99);
		for (;;)
			pause();
	}
	return pid;
}

static void mkdirs(const char *path)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", path);
	cr_assert_eq(system(cmd), 0);
}

/* gethostlatency -p (a process in @root) -l libevil: ends at once, exit 1,
 * finding nothing outside that root. */
static void expect_contained_lookup_refused(const char *root)
{
	char pid[16];
	const char *argv[] = { "-p", pid, "-l", "libevil", NULL };
	struct tool_run r;
	pid_t target = contained(root);
	int status;

	snprintf(pid, sizeof(pid), "%d", target);
	usleep(100000);
	status = tool_run_once(&r, "gethostlatency", argv, 20);
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	cr_expect_eq(status, 1, "exit %d: %s", status, r.err);
	cr_expect(strstr(r.err, "cannot find library libevil"), "%s", r.err);
	tool_free(&r);
}

/* gethostlatency -p PID -l NAME reads the target's own ld.so.cache. An
 * entry "/../outside.fifo" used to reach the host's file system, and the
 * FIFO there hung root's tool in open() for good. */
Test(hostile, container_ld_so_cache_cannot_lead_out_of_its_root)
{
	char root[256], cache[300], outside[300];

	snprintf(root, sizeof(root), "%s/root", dir);
	snprintf(cache, sizeof(cache), "%s/etc", root);
	mkdirs(cache);
	snprintf(cache, sizeof(cache), "%s/etc/ld.so.cache", root);
	snprintf(outside, sizeof(outside), "%s/outside.fifo", dir);
	cr_assert_eq(mkfifo(outside, 0600), 0);
	write_cache(cache, "libevil.so.1", "/../outside.fifo");
	expect_contained_lookup_refused(root);
}

/* A FIFO planted where the loader looks for libraries, inside the
 * container: refused without a wait, so the tool ends (exit 1: nothing to
 * probe) instead of hanging. */
Test(hostile, fifo_in_a_container_library_folder_does_not_hang)
{
	char root[256], lib[320];

	snprintf(root, sizeof(root), "%s/root", dir);
	snprintf(lib, sizeof(lib), "%s" LIBDIR, root);
	mkdirs(lib);
	snprintf(lib, sizeof(lib), "%s" LIBDIR "/libevil.so.1", root);
	cr_assert_eq(mkfifo(lib, 0666), 0);
	expect_contained_lookup_refused(root);
}

/* --- names that talk to the terminal ------------------------------------ */

/* A process that names itself HOSTILE_NAME before anything is traced, then
 * makes syscalls as nobody once @go is written. */
static pid_t hostile_process(int *go)
{
	int p[2];
	char c;
	pid_t pid;

	cr_assert_eq(pipe(p), 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		close(p[1]);
		prctl(PR_SET_NAME, HOSTILE_NAME);
		if (setgid(NOBODY) || setuid(NOBODY) || read(p[0], &c, 1) != 1)
			_exit(99);
		for (int i = 0; i < 1000; i++)
			getppid();
		_exit(0);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

static void expect_no_terminal_control(const char *what, const char *text)
{
	for (const char *c = text; *c; c++)
		cr_expect(*c != '\x1b' && *c != '\x07', "%s: a raw control byte at %ld: %s", what,
			  (long)(c - text), text);
}

Test(hostile, syscount_per_process_escapes_names)
{
	struct tool_run r;
	char pid[16];
	const char *argv[] = { "-P", "-p", pid, NULL };
	int go, status;
	pid_t child = hostile_process(&go);

	snprintf(pid, sizeof(pid), "%d", child);
	tool_start(&r, "syscount", argv);
	cr_assert_eq(write(go, "g", 1), 1);
	close(go);
	cr_assert_eq(waitpid(child, &status, 0), child);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cr_expect_eq(tool_finish(&r, SIGINT, 30), 0, "%s", r.err);
	expect_no_terminal_control("syscount -P", r.out);
	cr_expect(strstr(r.out, HOSTILE_SHOWN), "the name is not shown escaped: %s", r.out);
	tool_free(&r);
}

/* A program named by its file: the comm is the attack, and so is its path. */
Test(hostile, sslsnoop_escapes_names_and_paths)
{
	char flood[4096], hostile[300], cmd[8800];
	const char *argv[] = { "--binary", hostile, NULL };
	struct tool_run r;

	snprintf(flood, sizeof(flood), "%s/../tests/progs/ssl_flood", getenv("CORETRACE_BIN"));
	snprintf(hostile, sizeof(hostile), "%s/%s", dir, HOSTILE_NAME);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", flood, hostile);
	cr_assert_eq(system(cmd), 0);
	tool_start(&r, "sslsnoop", argv);
	snprintf(cmd, sizeof(cmd), "setpriv --reuid=%d --regid=%d --clear-groups '%s' 3", NOBODY,
		 NOBODY, hostile);
	cr_assert_eq(system(cmd), 0);
	cr_expect(tool_wait_output(&r, "----- END DATA", 10), "no event: %s", r.out);
	cr_expect_eq(tool_finish(&r, SIGINT, 45), 0, "%s", r.err);
	expect_no_terminal_control("sslsnoop stdout", r.out);
	expect_no_terminal_control("sslsnoop stderr", r.err);
	cr_expect(strstr(r.out, HOSTILE_SHOWN), "the name is not shown escaped: %s", r.out);
	cr_expect(strstr(r.err, HOSTILE_SHOWN), "the path is not shown escaped: %s", r.err);
	tool_free(&r);
}

/* --- signals and write errors ------------------------------------------- */

/* Start @tool with stdout on @out_fd and stderr into a file; wait until it
 * is tracing. */
static pid_t start_redirected(const char *tool, const char *const argv[], int out_fd,
			      const char *err_file)
{
	char path[4096], line[256] = "";
	const char *args[16] = { tool };
	pid_t pid;
	int i;

	for (i = 0; argv[i] && i < 14; i++)
		args[i + 1] = argv[i];
	snprintf(path, sizeof(path), "%s/%s", getenv("CORETRACE_BIN"), tool);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int e = open(err_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (e < 0 || dup2(out_fd, 1) < 0 || dup2(e, 2) < 0)
			_exit(99);
		execv(path, (char *const *)args);
		_exit(98);
	}
	for (i = 0; i < 300; i++) {
		FILE *f = fopen(err_file, "r");

		if (f) {
			char *got = fgets(line, sizeof(line), f);

			fclose(f);
			if (got && strncmp(line, "Tracing", 7) == 0)
				return pid;
		}
		usleep(100000);
	}
	kill(pid, SIGKILL);
	cr_assert_fail("%s never said it was tracing: %s", tool, line);
	return -1;
}

/* Wait up to @seconds for @pid; its wait status, or -1 (then killed). */
static int wait_for(pid_t pid, double seconds)
{
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	int status;

	for (double t = 0; t < seconds; t += 0.05) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		nanosleep(&tick, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static char *read_file(const char *path)
{
	static char buf[65536];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

static void many_opens(void *arg)
{
	char path[200];

	/* Long paths make a lot of output: more than a pipe and our buffer. */
	snprintf(path, sizeof(path), "/nonexistent/%0150d", 7);
	for (int i = 0; i < 5000; i++)
		close(open(path, O_RDONLY));
}

/* opensnoop | (a reader that stopped reading): the first SIGINT ends it,
 * within the grace time, not never. */
Test(hostile, first_sigint_stops_a_tool_whose_reader_stalled)
{
	const char *err = in_dir("err");
	struct workload w;
	char pid[16];
	const char *argv[] = { "-p", pid, NULL };
	pid_t tool;
	int p[2], status;

	cr_assert_eq(pipe(p), 0);
	workload_start(&w, many_opens, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool = start_redirected("opensnoop", argv, p[1], err);
	close(p[1]);
	workload_go(&w);
	cr_assert_eq(workload_wait(&w), 0);
	sleep(1); /* the pipe and the tool's buffer fill; its write blocks */
	kill(tool, SIGINT);
	status = wait_for(tool, 10);
	close(p[0]);
	cr_expect(status != -1, "still running 10 s after SIGINT: %s", read_file(err));
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x: %s", status,
		  read_file(err));
	cr_expect(strstr(read_file(err), "output not read"), "no word of the dropped output: %s",
		  read_file(err));
}

/* A closed terminal (SIGHUP) ends syscount like Ctrl-C: with its summary. */
Test(hostile, sighup_ends_with_the_final_summary)
{
	const char *out = in_dir("out"), *err = in_dir("err");
	const char *argv[] = { "-p", "1", NULL };
	pid_t tool;
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600), status;

	cr_assert_geq(fd, 0);
	tool = start_redirected("syscount", argv, fd, err);
	close(fd);
	kill(tool, SIGHUP);
	status = wait_for(tool, 15);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x: %s", status,
		  read_file(err));
	cr_expect(strstr(read_file(out), "SYSCALL"), "no summary: %s", read_file(out));
}

/* syscount > /dev/full: exit 1, and say what failed. */
Test(hostile, a_write_error_is_said)
{
	const char *err = in_dir("err");
	const char *argv[] = { "-d", "1", NULL };
	int fd = open("/dev/full", O_WRONLY), status;
	pid_t tool;

	cr_assert_geq(fd, 0);
	tool = start_redirected("syscount", argv, fd, err);
	close(fd);
	status = wait_for(tool, 15);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %#x", status);
	cr_expect(strstr(read_file(err), "No space left on device"), "stderr: %s", read_file(err));
}

/* A disk that fills under --openmetrics: a warning, the old file stays,
 * the next interval tries again, and the exporter goes on. */
Test(hostile, metrics_file_on_a_full_disk_is_retried)
{
	const char *prom = in_dir("m.prom"), *filler = in_dir("filler"), *err = "/tmp/ct-m-err";
	const char *argv[] = { "-i", "1", "--openmetrics", prom, NULL };
	int fd, status, out = open("/dev/null", O_WRONLY);
	char cmd[300];
	pid_t tool;

	cr_assert_eq(mount("tmpfs", dir, "tmpfs", 0, "size=64k,mode=1777"), 0, "%s",
		     strerror(errno));
	snprintf(cmd, sizeof(cmd), "dd if=/dev/zero of=%s bs=4k count=64 2>/dev/null", filler);
	cr_expect_neq(system(cmd), 0, "the disk did not fill");
	tool = start_redirected("syscount", argv, out, err);
	sleep(3);
	cr_expect_eq(waitpid(tool, &status, WNOHANG), 0, "ended on a full disk: %s",
		     read_file(err));
	cr_expect(strstr(read_file(err), "No space left on device"), "no warning: %s",
		  read_file(err));
	unlink(filler);
	sleep(2);
	fd = open(prom, O_RDONLY);
	cr_expect_geq(fd, 0, "no metrics file after the disk had room again");
	if (fd >= 0)
		close(fd);
	kill(tool, SIGINT);
	status = wait_for(tool, 15);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x: %s", status,
		  read_file(err));
	close(out);
	unlink(err);
}

/* sslsnoop -o on a disk that fills: it ends, exit 1, saying why. */
Test(hostile, output_file_on_a_full_disk_is_said)
{
	char flood[4096], cmd[8800];
	const char *log = in_dir("s.log");
	const char *argv[] = { "-o", log, "--binary", flood, NULL };
	struct tool_run r;
	int status;

	snprintf(flood, sizeof(flood), "%s/../tests/progs/ssl_flood", getenv("CORETRACE_BIN"));
	cr_assert_eq(mount("tmpfs", dir, "tmpfs", 0, "size=16k,mode=1777"), 0, "%s",
		     strerror(errno));
	tool_start(&r, "sslsnoop", argv);
	snprintf(cmd, sizeof(cmd), "'%s' 2000", flood);
	cr_assert_eq(system(cmd), 0);
	status = tool_finish(&r, 0, 30);
	cr_expect_eq(status, 1, "status %d: %s", status, r.err);
	cr_expect(strstr(r.err, "No space left on device"), "stderr: %s", r.err);
	tool_free(&r);
}

/* --- privileges ---------------------------------------------------------- */

Test(hostile, udplife_names_cap_net_admin)
{
	char cmd[4096], out[300];
	int status;

	snprintf(out, sizeof(out), "%s/udplife.err", dir);
	snprintf(cmd, sizeof(cmd), "setpriv --bounding-set=-net_admin,-sys_admin %s/udplife 2>%s",
		 getenv("CORETRACE_BIN"), out);
	status = system(cmd);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %#x", status);
	cr_expect(strstr(read_file(out), "CAP_NET_ADMIN"), "%s", read_file(out));
}

Test(hostile, the_missing_capability_is_named)
{
	char cmd[4096], out[300];
	int status;

	snprintf(out, sizeof(out), "%s/caps.err", dir);
	snprintf(cmd, sizeof(cmd),
		 "setpriv --bounding-set=-perfmon,-sys_admin %s/opensnoop -d 1 2>%s",
		 getenv("CORETRACE_BIN"), out);
	status = system(cmd);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %#x", status);
	cr_expect(strstr(read_file(out), "missing CAP_PERFMON:"), "%s", read_file(out));
	cr_expect_null(strstr(read_file(out), "CAP_BPF and CAP_PERFMON:"), "%s", read_file(out));
}
