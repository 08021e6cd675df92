/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A FILE * backed by memory, so printers can be checked byte for byte. */
#ifndef CORETRACE_TEST_MEMFILE_H
#define CORETRACE_TEST_MEMFILE_H

#include <stdio.h>
#include <stdlib.h>

struct memfile {
	FILE *f;
	char *buf;
	size_t len;
};

static inline void memfile_open(struct memfile *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
}

/* Everything written so far, NUL-terminated. */
static inline const char *memfile_text(struct memfile *m)
{
	fflush(m->f);
	return m->buf ? m->buf : "";
}

static inline void memfile_close(struct memfile *m)
{
	fclose(m->f);
	free(m->buf);
}

#endif
