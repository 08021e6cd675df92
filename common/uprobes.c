// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "uprobes.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "elfsym.h"
#include "libfind.h"
#include "tracer.h"

void uprobe_set_init(struct uprobe_set *s, const struct tracer *t, int pid)
{
	memset(s, 0, sizeof(*s));
	s->t = t;
	s->pid = pid > 0 ? pid : -1;
}

/*
 * uprobe_multi links (kernel 6.6+), made with the raw syscall: libbpf 1.1
 * and the installed UAPI headers predate them. The layout is
 * link_create's in union bpf_attr.
 */
#define ATTACH_UPROBE_MULTI   48 /* BPF_TRACE_UPROBE_MULTI */
#define ATTACH_UPROBE_SESSION 57 /* BPF_TRACE_UPROBE_SESSION */
#define UPROBE_MULTI_RETURN   1u /* BPF_F_UPROBE_MULTI_RETURN */

struct uprobe_multi_attr {
	__u32 prog_fd, target_fd, attach_type, link_flags;
	__aligned_u64 path, offsets, ref_ctr_offsets, cookies;
	__u32 cnt, flags, pid, pad;
};

/* A link of @attach_type (ATTACH_UPROBE_*) on @offset of @path; the fd,
 * or -errno. */
static int uprobe_multi_link(int prog_fd, __u32 attach_type, const char *path, __u64 offset,
			     __u64 cookie, bool retprobe, int pid)
{
	struct uprobe_multi_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_fd = (__u32)prog_fd;
	attr.attach_type = attach_type;
	attr.path = (__u64)(uintptr_t)path;
	attr.offsets = (__u64)(uintptr_t)&offset;
	attr.cookies = (__u64)(uintptr_t)&cookie;
	attr.cnt = 1;
	attr.flags = retprobe ? UPROBE_MULTI_RETURN : 0;
	attr.pid = (__u32)pid;
	fd = syscall(__NR_bpf, BPF_LINK_CREATE, &attr, sizeof(attr));
	return fd < 0 ? -errno : (int)fd;
}

/* Whether the kernel makes links of @attach_type with a working PID
 * filter: attaching to "/" fails with EBADF where such links exist, and a
 * PID of -1 with EINVAL where the filter was fixed (6.10; 6.6-6.9 filtered
 * by thread, not by process). */
static bool kernel_has_link(__u32 attach_type)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct bpf_prog_load_opts opts = {
		.sz = sizeof(opts),
		.expected_attach_type = (enum bpf_attach_type)attach_type,
	};
	int prog, err;
	bool ok;

	prog = bpf_prog_load(BPF_PROG_TYPE_KPROBE, NULL, "GPL", insns, 2, &opts);
	if (prog < 0)
		return false;
	err = uprobe_multi_link(prog, attach_type, "/", 0, 0, false, 0);
	ok = err == -EBADF;
	if (ok) {
		err = uprobe_multi_link(prog, attach_type, "/", 0, 0, false, -1);
		ok = err == -EINVAL;
	}
	if (err >= 0)
		close(err);
	close(prog);
	return ok;
}

enum uprobe_kind uprobe_set_prepare(struct uprobe_set *s, struct bpf_object *obj, bool sessions)
{
	static const char *const said[] = {
		[UPROBE_PERF] = "perf events (no uprobe_multi)",
		[UPROBE_MULTI] = "uprobe_multi links",
		[UPROBE_SESSION] = "uprobe_multi sessions",
	};
	__u32 type = ATTACH_UPROBE_MULTI;
	struct bpf_program *prog;

	if (sessions && kernel_has_link(ATTACH_UPROBE_SESSION))
		s->kind = UPROBE_SESSION, type = ATTACH_UPROBE_SESSION;
	else if (kernel_has_link(ATTACH_UPROBE_MULTI))
		s->kind = UPROBE_MULTI;
	else
		s->kind = UPROBE_PERF;
	tracer_report(s->t, "method", "%s", said[s->kind]);
	if (s->kind == UPROBE_PERF)
		return s->kind;
	bpf_object__for_each_program(prog, obj)
	{
		const char *sec = bpf_program__section_name(prog);

		if (strncmp(sec, "uprobe", 6) == 0 || strncmp(sec, "uretprobe", 9) == 0)
			bpf_program__set_expected_attach_type(prog, (enum bpf_attach_type)type);
	}
	return s->kind;
}

/*
 * Detaching a uprobe waits for RCU grace periods in the kernel: on 6.18
 * about 0.25 s a probe, one after another when one thread closes them all
 * (sslsnoop: 20 probes, 5.5 s). Closed from a thread each, the waits
 * overlap. A perf-event uprobe waits under the kernel's event_mutex, so
 * those stay serialized (~85 ms each: 1.8 s for 20); uprobe_multi links
 * do not. Plain threads and close(): the same on every kernel.
 */
#define DETACH_THREADS 32

struct detach_work {
	struct uprobe_link *links;
	size_t n;
	size_t next; /* taken with an atomic add */
};

/* Detach one probe, whichever way it was attached. */
static void uprobe_link_close(struct uprobe_link l)
{
	if (l.link)
		bpf_link__destroy(l.link);
	else
		close(l.fd);
}

static void *detach_worker(void *arg)
{
	struct detach_work *w = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED)) < w->n)
		uprobe_link_close(w->links[i]);
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

/* Keep @l for uprobe_set_destroy. */
static int keep_link(struct uprobe_set *s, struct uprobe_link l)
{
	if (s->nlinks == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct uprobe_link *v = realloc(s->links, cap * sizeof(*v));

		if (!v) {
			uprobe_link_close(l);
			return -ENOMEM;
		}
		s->links = v;
		s->cap = cap;
	}
	s->links[s->nlinks++] = l;
	return 0;
}

/* Entry or return probe of one function; 0, or -errno. */
static int attach_one(struct uprobe_set *s, struct bpf_program *prog, const char *path,
		      size_t offset, __u64 cookie, bool retprobe)
{
	struct bpf_uprobe_opts opts = { .sz = sizeof(opts), .retprobe = retprobe };
	struct bpf_link *link;
	int fd;

	if (!prog)
		return 0;
	if (s->kind != UPROBE_PERF) {
		fd = uprobe_multi_link(bpf_program__fd(prog),
				       s->kind == UPROBE_SESSION ? ATTACH_UPROBE_SESSION
								 : ATTACH_UPROBE_MULTI,
				       path, offset, cookie, retprobe, s->pid > 0 ? s->pid : 0);
		return fd < 0 ? fd : keep_link(s, (struct uprobe_link){ .fd = fd });
	}
	link = bpf_program__attach_uprobe_opts(prog, s->pid, path, offset, &opts);
	if (!link)
		return -errno;
	return keep_link(s, (struct uprobe_link){ .link = link, .fd = -1 });
}

int uprobe_attach_elf(struct uprobe_set *s, struct elf_file *ef, const char *path,
		      const struct uprobe_func *funcs, size_t n, bool *attached)
{
	char target[32];
	int count = 0;
	size_t i;

	/* The kernel resolves the probe's path itself: through our fd it is
	 * the file we read, not what its path (in a container) names now. */
	snprintf(target, sizeof(target), "/proc/self/fd/%d", elf_file_fd(ef));
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
		err = attach_one(s, funcs[i].ret, target, offset, funcs[i].cookie, true);
		if (!err)
			err = attach_one(s, funcs[i].entry, target, offset, funcs[i].cookie, false);
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
	if (count)
		tracer_report(s->t, "library", "%d functions in %s", count, path);
	s->attached += (size_t)count;
	return count;
}

const char *uprobe_kind_name(enum uprobe_kind kind)
{
	static const char *const names[] = {
		[UPROBE_PERF] = "uprobe",
		[UPROBE_MULTI] = "uprobe_multi",
		[UPROBE_SESSION] = "uprobe_session",
	};

	return kind <= UPROBE_SESSION ? names[kind] : "?";
}

int uprobe_attach_file(struct uprobe_set *s, const struct libfind_file *f,
		       const struct uprobe_func *funcs, size_t n, bool *attached)
{
	struct elf_file *ef;
	int err;

	err = elf_file_open_fd(f->fd, &ef);
	if (err)
		return err;
	err = uprobe_attach_elf(s, ef, f->path, funcs, n, attached);
	elf_file_close(ef);
	return err;
}
