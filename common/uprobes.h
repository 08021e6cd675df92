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
struct bpf_object;
struct bpf_program;
struct elf_file;
struct libfind_file;
struct tracer;

struct uprobe_func {
	const char *name;	   /* symbol, e.g. "SSL_write" */
	struct bpf_program *entry; /* NULL: no entry probe */
	struct bpf_program *ret;   /* NULL: no return probe */
	unsigned long long cookie; /* bpf_get_attach_cookie(), links only (6.10+) */
};

/* One attached probe: a libbpf perf-event link, or an uprobe_multi link fd. */
struct uprobe_link {
	struct bpf_link *link;
	int fd;
};

/* How probes attach, best first; uprobe_set_prepare picks. */
enum uprobe_kind {
	UPROBE_PERF,	/* perf-event uprobes: every kernel */
	UPROBE_MULTI,	/* uprobe_multi links: 6.10+ */
	UPROBE_SESSION, /* uprobe_multi session links: 6.13+ */
};

struct uprobe_set {
	const struct tracer *t;
	int pid; /* -1: every process */
	enum uprobe_kind kind;
	struct uprobe_link *links;
	size_t nlinks, cap;
	size_t attached; /* functions attached, over all files */
};

void uprobe_set_init(struct uprobe_set *s, const struct tracer *t, int pid);

/* Before @obj is loaded: choose how to attach, set the expected attach
 * type of @obj's uprobe programs for it (a link needs its programs loaded
 * for it), and return the choice.
 *
 * uprobe_multi links (6.6+, with its PID filter fixed in 6.10) detach
 * without the kernel's event_mutex, so a tool with many probes exits in a
 * fraction of the time. Older kernels get perf events.
 *
 * With @sessions, where the kernel has uprobe sessions (6.13+), entry
 * programs attach as sessions: each also runs at its function's return,
 * but only for calls where it returned 0 at entry, so a call whose return
 * is not needed saves that trap. The tool then gives its functions no
 * return programs, and its entry programs tell the two runs apart
 * (bpf/lib/uprobe_session.bpf.h). */
enum uprobe_kind uprobe_set_prepare(struct uprobe_set *s, struct bpf_object *obj, bool sessions);

/* "uprobe", "uprobe_multi", "uprobe_session": the method, for metrics. */
const char *uprobe_kind_name(enum uprobe_kind kind);

/* Detach everything. */
void uprobe_set_destroy(struct uprobe_set *s);

/* Attach every function of @funcs that @ef (opened from @path) defines;
 * one it does not define is skipped. @attached, if not NULL, gets one flag
 * per function. With -v, says which file is probed and what attached
 * where. Returns the number of functions attached, or -ENOMEM. A function
 * that is found but fails to attach is reported and skipped. */
int uprobe_attach_elf(struct uprobe_set *s, struct elf_file *ef, const char *path,
		      const struct uprobe_func *funcs, size_t n, bool *attached);

/* Same, for a file libfind.h found (read through its fd); -errno
 * (-ENOEXEC: not ELF) when it can't be read. */
int uprobe_attach_file(struct uprobe_set *s, const struct libfind_file *f,
		       const struct uprobe_func *funcs, size_t n, bool *attached);

#endif
