// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "command.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "tracer.h"

/* What a shell exits with when a command is missing, or not runnable. */
#define EXIT_NOT_FOUND	127
#define EXIT_CANNOT_RUN 126

/* glibc's execvp() path when $PATH is unset. */
#define DEFAULT_PATH "/bin:/usr/bin"

#define MAX_GROUPS 1024

static char command_path[PATH_MAX];
static pid_t command_pid;
static int go_fd = -1;	  /* written to let the command exec */
static int error_fd = -1; /* the child's exec errno, or EOF once it execs */
static volatile sig_atomic_t ended;
static volatile sig_atomic_t wait_status;

static void copy_entry(const struct passwd *pw, void *ctx)
{
	struct command_user *u = ctx;

	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	u->has_entry =
		strlen(pw->pw_name) < sizeof(u->name) && strlen(pw->pw_dir) < sizeof(u->home);
	if (u->has_entry) {
		strcpy(u->name, pw->pw_name);
		strcpy(u->home, pw->pw_dir);
	}
}

bool command_user_lookup(const char *arg, struct command_user *u)
{
	bool numeric = *arg >= '0' && *arg <= '9';
	char *end;
	unsigned long n = 0;

	memset(u, 0, sizeof(*u));
	u->on = true;
	if (numeric) {
		errno = 0;
		n = strtoul(arg, &end, 10);
		if (errno || *end || n > 4294967294UL)
			return false;
		u->uid = (uid_t)n;
		u->gid = (gid_t)n; /* no entry: a group of the same number */
	}
	if (args_passwd_find("/etc/passwd", numeric ? NULL : arg, u->uid, copy_entry, u))
		return true;
#ifndef CORETRACE_STATIC
	{
		struct passwd *pw = numeric ? getpwuid(u->uid) : getpwnam(arg);

		if (pw) {
			copy_entry(pw, u);
			return true;
		}
	}
#endif
	return numeric;
}

int command_find(const char *name, const char *path, char *out, size_t len)
{
	const char *dir = path ? path : DEFAULT_PATH;
	int err = -ENOENT;
	struct stat st;

	if (!*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		if ((size_t)snprintf(out, len, "%s", name) >= len)
			return -ENAMETOOLONG;
		if (stat(out, &st))
			return errno == ENOENT ? -ENOENT : -EACCES;
		return S_ISREG(st.st_mode) && access(out, X_OK) == 0 ? 0 : -EACCES;
	}
	for (;;) {
		const char *colon = strchrnul(dir, ':');
		int n = (int)(colon - dir);

		/* An empty entry is the current directory, as execvp has it. */
		if ((size_t)snprintf(out, len, "%.*s%s%s", n, dir, n ? "/" : "", name) < len &&
		    stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(out, X_OK) == 0)
				return 0;
			err = -EACCES;
		}
		if (!*colon)
			break;
		dir = colon + 1;
	}
	return err;
}

int command_resolve(const struct tracer *t, char *const *argv)
{
	int err = command_find(argv[0], getenv("PATH"), command_path, sizeof(command_path));

	if (err == 0)
		return 0;
	if (err == -EACCES) {
		tracer_error(t, "%s: Permission denied", argv[0]);
		exit(EXIT_CANNOT_RUN);
	}
	tracer_error(t, "%s: command not found", argv[0]);
	exit(EXIT_NOT_FOUND);
}

int command_wait_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void on_child(int sig)
{
	int saved = errno, status;

	if (!ended && command_pid > 0 && waitpid(command_pid, &status, WNOHANG) == command_pid) {
		wait_status = status;
		ended = 1;
		tracer_request_stop();
	}
	errno = saved;
}

static gid_t user_groups[MAX_GROUPS];
static int user_ngroups;

/* The groups @u is a member of, from /etc/group: a static binary has no
 * NSS (see args_user()); a dynamic one asks NSS too. */
static void find_groups(const struct command_user *u)
{
	struct group *gr;
	FILE *f;
	int i;

	user_groups[0] = u->gid;
	user_ngroups = 1;
	if (!u->has_entry)
		return;
#ifndef CORETRACE_STATIC
	{
		int n = MAX_GROUPS;

		if (getgrouplist(u->name, u->gid, user_groups, &n) >= 0) {
			user_ngroups = n;
			return;
		}
	}
#endif
	f = fopen("/etc/group", "re");
	if (!f)
		return;
	while (user_ngroups < MAX_GROUPS && (gr = fgetgrent(f))) {
		for (i = 0; gr->gr_mem && gr->gr_mem[i]; i++) {
			if (strcmp(gr->gr_mem[i], u->name) == 0 && gr->gr_gid != u->gid) {
				user_groups[user_ngroups++] = gr->gr_gid;
				break;
			}
		}
	}
	fclose(f);
}

/* In the child, as root, before exec: become @u, with its groups. */
static int become(const struct command_user *u)
{
	if (setgroups((size_t)user_ngroups, user_groups) || setgid(u->gid) || setuid(u->uid))
		return -errno;
	if (u->has_entry) {
		setenv("HOME", u->home, 1);
		setenv("USER", u->name, 1);
		setenv("LOGNAME", u->name, 1);
	}
	return 0;
}

/* The child: wait for the go, become the user, exec. */
static void __attribute__((noreturn))
child(int go, int error, char *const *argv, const struct command_user *u)
{
	char c;
	int err = 0;

	signal(SIGPIPE, SIG_DFL); /* the tool ignores it; the command must not */
	signal(SIGCHLD, SIG_DFL);
	if (read(go, &c, 1) != 1)
		_exit(EXIT_NOT_FOUND); /* the tool ended before attaching */
	close(go);
	if (u && u->on)
		err = become(u);
	if (!err) {
		execv(command_path, argv);
		err = -errno;
	}
	err = -err;
	if (write(error, &err, sizeof(err)) < 0)
		_exit(EXIT_CANNOT_RUN);
	_exit(err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

pid_t command_spawn(const struct tracer *t, char *const *argv, const struct command_user *u)
{
	struct sigaction sa = { .sa_handler = on_child, .sa_flags = SA_RESTART | SA_NOCLDSTOP };
	int go[2], error[2], err;
	pid_t pid;

	if (command_pid > 0)
		return command_pid;
	if (pipe2(go, O_CLOEXEC) || pipe2(error, O_CLOEXEC)) {
		err = -errno;
		tracer_error(t, "cannot start %s: %s", argv[0], strerror(-err));
		return err;
	}
	if (u && u->on)
		find_groups(u);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	fflush(NULL); /* nothing buffered is written twice */
	pid = fork();
	if (pid < 0) {
		err = -errno;
		tracer_error(t, "cannot start %s: %s", argv[0], strerror(-err));
		return err;
	}
	if (pid == 0) {
		close(go[1]);
		close(error[0]);
		child(go[0], error[1], argv, u);
	}
	close(go[0]);
	close(error[1]);
	go_fd = go[1];
	error_fd = error[0];
	command_pid = pid;
	return pid;
}

void command_release(const struct tracer *t)
{
	int child_errno = 0, status;
	ssize_t n;

	if (go_fd < 0)
		return;
	if (write(go_fd, "g", 1) != 1)
		tracer_error(t, "cannot start the command: %s", strerror(errno));
	close(go_fd);
	go_fd = -1;
	/* EOF: the exec closed the child's end. */
	do
		n = read(error_fd, &child_errno, sizeof(child_errno));
	while (n < 0 && errno == EINTR);
	close(error_fd);
	error_fd = -1;
	if (n != (ssize_t)sizeof(child_errno))
		return;
	tracer_error(t, "cannot run %s: %s", command_path, strerror(child_errno));
	if (!ended && waitpid(command_pid, &status, 0) == command_pid)
		ended = 1;
	exit(child_errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

int command_exit_status(int tool_status)
{
	if (command_pid <= 0)
		return tool_status;
	if (!ended) {
		int status;

		/* Ctrl-C at a terminal reaches both: the command may be just
		 * ending as the tool does. */
		if (waitpid(command_pid, &status, WNOHANG) != command_pid)
			return tool_status;
		wait_status = status;
		ended = 1;
	}
	return command_wait_status(wait_status);
}
