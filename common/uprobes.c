// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "uprobes.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "elfsym.h"
#include "tracer.h"

void uprobe_set_init(struct uprobe_set *s, const struct tracer *t, int pid)
{
	memset(s, 0, sizeof(*s));
	s->t = t;
	s->pid = pid > 0 ? pid : -1;
}

/*
 * Detaching a uprobe waits for RCU grace periods in the kernel: on 6.18
 * about 0.25 s a probe, one after another when one thread closes them all
 * (sslsnoop: 20 probes, 5.5 s). Closed from a thread each, most of the
 * waits overlap (2 to 2.6 s); part of the work stays serialized under the
 * kernel's event_mutex. Plain threads and close(): the same on every
 * kernel and libbpf version.
 */
#define DETACH_THREADS 32

struct detach_work {
	struct bpf_link **links;
	size_t n;
	size_t next; /* taken with an atomic add */
};

static void *detach_worker(void *arg)
{
	struct detach_work *w = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED)) < w->n)
		bpf_link__destroy(w->links[i]);
	return NULL;
}

void uprobe_set_destroy(struct uprobe_set *s)
{
	struct detach_work w = { .links = s->links, .n = s->nlinks };
	pthread_t threads[DETACH_THREADS];
	size_t i, nthreads = 0;
	pthread_attr_t attr;

	/* The workers only close descriptors: a small stack will do. */
	if (w.n > 1 && pthread_attr_init(&attr) == 0) {
		pthread_attr_setstacksize(&attr, 64 * 1024);
		while (nthreads < DETACH_THREADS && nthreads + 1 < w.n &&
		       pthread_create(&threads[nthreads], &attr, detach_worker, &w) == 0)
			nthreads++;
		pthread_attr_destroy(&attr);
	}
	detach_worker(&w); /* this thread too, and alone if none started */
	for (i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	free(s->links);
	s->links = NULL;
	s->nlinks = s->cap = 0;
}

static int keep_link(struct uprobe_set *s, struct bpf_link *link)
{
	if (s->nlinks == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct bpf_link **v = realloc(s->links, cap * sizeof(*v));

		if (!v) {
			bpf_link__destroy(link);
			return -ENOMEM;
		}
		s->links = v;
		s->cap = cap;
	}
	s->links[s->nlinks++] = link;
	return 0;
}

/* Entry or return probe of one function; 0, or -errno. */
static int attach_one(struct uprobe_set *s, struct bpf_program *prog, const char *path,
		      size_t offset, bool retprobe)
{
	struct bpf_uprobe_opts opts = { .sz = sizeof(opts), .retprobe = retprobe };
	struct bpf_link *link;

	if (!prog)
		return 0;
	link = bpf_program__attach_uprobe_opts(prog, s->pid, path, offset, &opts);
	if (!link)
		return -errno;
	return keep_link(s, link);
}

int uprobe_attach_elf(struct uprobe_set *s, struct elf_file *ef, const char *path,
		      const struct uprobe_func *funcs, size_t n, bool *attached)
{
	int count = 0;
	size_t i;

	tracer_info(s->t, "probing %s", path);
	for (i = 0; i < n; i++) {
		size_t offset;
		int err;

		if (attached)
			attached[i] = false;
		if (elf_file_func_offset(ef, funcs[i].name, &offset) != 0)
			continue; /* not in this file: another may have it */
		/* Return probe first: an entry without its return would leave
		 * per-thread state behind. */
		err = attach_one(s, funcs[i].ret, path, offset, true);
		if (!err)
			err = attach_one(s, funcs[i].entry, path, offset, false);
		if (err == -ENOMEM)
			return err;
		if (err) {
			tracer_error(s->t, "cannot attach to %s in %s: %s", funcs[i].name, path,
				     strerror(-err));
			continue;
		}
		tracer_info(s->t, "attached %s at %s+0x%zx", funcs[i].name, path, offset);
		if (attached)
			attached[i] = true;
		count++;
	}
	s->attached += (size_t)count;
	return count;
}

int uprobe_attach_path(struct uprobe_set *s, const char *path, const struct uprobe_func *funcs,
		       size_t n, bool *attached)
{
	struct elf_file *ef;
	int err;

	err = elf_file_open(path, &ef);
	if (err)
		return err;
	err = uprobe_attach_elf(s, ef, path, funcs, n, attached);
	elf_file_close(ef);
	return err;
}
