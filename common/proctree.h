/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The processes below a process, from /proc: what --tree PID seeds the
 * traced tree with before the kernel extends it at every fork.
 */
#ifndef CORETRACE_PROCTREE_H
#define CORETRACE_PROCTREE_H

#include <stdbool.h>
#include <sys/types.h>

/* The parent of process @pid from the text of its /proc/PID/stat: the
 * field after the state, found after the last ')' since the name in
 * parentheses may hold any bytes, ')' and spaces too. -1 if malformed. */
pid_t proctree_stat_ppid(const char *stat);

/* Call @add for every process under @proc (a procfs mount, "/proc") whose
 * parent @member() says is in the tree and that is not in it yet, until a
 * pass adds none: children, grandchildren, in any order. The number
 * added, or -errno when @proc cannot be read. @add returns 1 when it
 * added the process, 0 when it left it out, < 0 to stop. */
int proctree_grow(const char *proc, bool (*member)(pid_t pid, void *ctx),
		  int (*add)(pid_t pid, void *ctx), void *ctx);

#endif
