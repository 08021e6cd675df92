/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The command a tool starts and traces (TOOL [options] -- COMMAND ARGS):
 * found on PATH before anything loads, forked and held before its exec
 * until the tool is attached, then let go; its end stops the tool, whose
 * exit status becomes the command's, as time(1) does.
 *
 *   command_resolve()   at the filter checks: a missing command is exit 127
 *   command_spawn()     after load: the held process, its pid to the tree map
 *   command_release()   at tracer_ready(): it execs
 *   command_exit_status()
 *
 * One command per process: the state is static.
 */
#ifndef CORETRACE_COMMAND_H
#define CORETRACE_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct tracer;

/* --user: who the command runs as. */
struct command_user {
	bool on;
	uid_t uid;
	gid_t gid;
	bool has_entry;	 /* found in the passwd database: name, home valid */
	char name[64];	 /* for the supplementary groups, $USER, $LOGNAME */
	char home[4096]; /* $HOME */
};

/* Fill @u for --user @arg, a name or a number, from /etc/passwd (and NSS
 * in a dynamic build, as args_user() does). False if no such user. */
bool command_user_lookup(const char *arg, struct command_user *u);

/* The file execvp() would run for @name along @path (a $PATH value; NULL
 * for the default), into @out. 0, -ENOENT (not found: exit 127) or
 * -EACCES (found, not executable: exit 126). */
int command_find(const char *name, const char *path, char *out, size_t len);

/* Find @argv[0] (one-line error and exit 127 or 126 when it cannot run). */
int command_resolve(const struct tracer *t, char *const *argv);

/* Fork the command's process, held before exec; SIGCHLD then stops the
 * tool when it ends. Once: later calls return the same pid. */
pid_t command_spawn(const struct tracer *t, char *const *argv, const struct command_user *u);

/* Let the held command exec. When it cannot (exec fails as another user,
 * say), a one-line error and the tool exits with 127 or 126 at once. No-op
 * without a command. */
void command_release(const struct tracer *t);

/* The tool's exit status: the command's (its exit code, or 128+N when
 * signal N killed it) once it has ended, else @tool_status (the tool was
 * stopped first; the command runs on). */
int command_exit_status(int tool_status);

/* Exit status of a wait status, the way a shell reports it. */
int command_wait_status(int status);

#endif
