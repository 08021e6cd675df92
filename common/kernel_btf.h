/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Questions about the running kernel answered from its BTF, never from its
 * version number (backports make version numbers lie).
 */
#ifndef CORETRACE_KERNEL_BTF_H
#define CORETRACE_KERNEL_BTF_H

#include <stdbool.h>

struct btf;
struct tracer;

/* The kernel's BTF (or --btf FILE); NULL with errno set on failure. */
struct btf *kernel_btf_load(const struct tracer *t);

/* Number of arguments the raw tracepoint @tp passes to BPF (from the
 * btf_trace_@tp typedef, minus its leading context pointer); -ENOENT if the
 * kernel has no such tracepoint. */
int kernel_btf_tp_nargs(const struct btf *btf, const char *tp);

/* Number of parameters of kernel function @name (fentry programs must
 * match it); -ENOENT if BTF has no such function. */
int kernel_btf_func_nargs(const struct btf *btf, const char *name);

/* Whether tracing programs may use hash maps allocated at run time
 * (BPF_F_NO_PREALLOC). Before 6.1 the verifier loads them but WARN_ONCEs
 * for kprobe, tracepoint and raw_tp programs: a kernel warning on the
 * host, a panic under panic_on_warn. 6.1 made such maps safe with the BPF
 * memory allocator, so struct bpf_mem_alloc in BTF is the test. */
bool kernel_btf_runtime_alloc_ok(const struct btf *btf);

#endif
