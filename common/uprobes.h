/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Attaching a list of functions, each with an entry and/or a return
 * probe, across the libraries and binaries a tool found, and saying what
 * attached where. Offsets come from elfsym.h, not from libbpf's own
 * lookup, so containers and static binaries work and the tool knows what
 * it found.
 */
#ifndef CORETRACE_UPROBES_H
#define CORETRACE_UPROBES_H

#include <stdbool.h>
#include <stddef.h>

struct bpf_link;
struct bpf_program;
struct elf_file;
struct tracer;

struct uprobe_func {
	const char *name;	   /* symbol, e.g. "SSL_write" */
	struct bpf_program *entry; /* NULL: no entry probe */
	struct bpf_program *ret;   /* NULL: no return probe */
};

struct uprobe_set {
	const struct tracer *t;
	int pid; /* -1: every process */
	struct bpf_link **links;
	size_t nlinks, cap;
	size_t attached; /* functions attached, over all files */
};

void uprobe_set_init(struct uprobe_set *s, const struct tracer *t, int pid);
/* Detach everything. */
void uprobe_set_destroy(struct uprobe_set *s);

/* Attach every function of @funcs that @ef (opened from @path) defines;
 * one it does not define is skipped. @attached, if not NULL, gets one flag
 * per function. With -v, says which file is probed and what attached
 * where. Returns the number of functions attached, or -ENOMEM. A function
 * that is found but fails to attach is reported and skipped. */
int uprobe_attach_elf(struct uprobe_set *s, struct elf_file *ef, const char *path,
		      const struct uprobe_func *funcs, size_t n, bool *attached);

/* Same, opening @path; -errno (-ENOEXEC: not ELF) when it can't be read. */
int uprobe_attach_path(struct uprobe_set *s, const char *path, const struct uprobe_func *funcs,
		       size_t n, bool *attached);

#endif
