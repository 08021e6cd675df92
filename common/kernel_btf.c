// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "kernel_btf.h"

#include <bpf/btf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracer.h"

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

/* sysfs hands out at most a page per read(), so reading the kernel's 5 MiB
 * of BTF takes over a thousand syscalls: ~15 ms of start-up here. Since
 * 6.16 the file can be mapped instead (~6 ms); NULL where it can't. */
static struct btf *map_vmlinux_btf(void)
{
	struct btf *btf = NULL;
	struct stat st;
	void *data;
	int fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (data != MAP_FAILED) {
			btf = btf__new(data, (__u32)st.st_size); /* copies */
			munmap(data, (size_t)st.st_size);
		}
	}
	close(fd);
	return btf; /* NULL on a parse error too (libbpf 1.0 API) */
}

struct btf *kernel_btf_load(const struct tracer *t)
{
	struct btf *btf;

	if (t->args->btf_path)
		return btf__parse(t->args->btf_path, NULL);
	btf = map_vmlinux_btf();
	return btf ? btf : btf__load_vmlinux_btf();
}

int kernel_btf_tp_nargs(const struct btf *btf, const char *tp)
{
	const struct btf_type *type;
	char name[128];
	int id;

	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	id = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	if (id < 0)
		return -ENOENT;
	/* typedef -> pointer -> func_proto(void *ctx, args...) */
	type = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	if (!type || !btf_is_ptr(type))
		return -EINVAL;
	type = btf__type_by_id(btf, type->type);
	if (!type || !btf_is_func_proto(type))
		return -EINVAL;
	return btf_vlen(type) - 1;
}

bool kernel_btf_runtime_alloc_ok(const struct btf *btf)
{
	return btf__find_by_name_kind(btf, "bpf_mem_alloc", BTF_KIND_STRUCT) > 0;
}

int kernel_btf_func_nargs(const struct btf *btf, const char *name)
{
	const struct btf_type *type;
	int id;

	id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (id < 0)
		return -ENOENT;
	/* func -> func_proto(args...) */
	type = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	if (!type || !btf_is_func_proto(type))
		return -EINVAL;
	return btf_vlen(type);
}
