// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "kernel_btf.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>

#include "tracer.h"

struct btf *kernel_btf_load(const struct tracer *t)
{
	if (t->args->btf_path)
		return btf__parse(t->args->btf_path, NULL);
	return btf__load_vmlinux_btf();
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

bool kernel_btf_has_func(const struct btf *btf, const char *name)
{
	return btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) > 0;
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
