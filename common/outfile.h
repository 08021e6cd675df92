/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Files a tool writes on request (-o FILE), opened so that root never
 * writes into something another user controls: a FIFO or file someone
 * else planted in /tmp, a symlink, a device node, a hard link to a file
 * elsewhere.
 */
#ifndef CORETRACE_OUTFILE_H
#define CORETRACE_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

struct tracer;

/* Open @path for writing: "-" and "/dev/stdout" are standard output. A new
 * file is created O_EXCL|O_NOFOLLOW with @mode. An existing path is used,
 * emptied, only if it is a regular file owned by us, with no other hard
 * link and no permission beyond @mode; its mode is never changed. Else a
 * one-line reason and NULL (errno set). Call it before loading any BPF. */
FILE *outfile_open(const struct tracer *t, const char *path, mode_t mode);

/* Close what outfile_open() gave (not stdout); 0 or -errno of the last
 * write, which a full disk makes fail. */
int outfile_close(FILE *f);

#endif
