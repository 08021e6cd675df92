/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Arguments 6 and 7 of a user-space function at a uprobe: libbpf 1.1's
 * PT_REGS_PARMn stops at 5. x86-64 passes six in registers and the
 * seventh on the stack just above the return address; arm64 passes eight
 * in registers.
 */
#ifndef CORETRACE_UPROBE_ARGS_BPF_H
#define CORETRACE_UPROBE_ARGS_BPF_H

#include <bpf/bpf_tracing.h>

static __always_inline __u64 uprobe_arg6(struct pt_regs *ctx)
{
#if defined(__TARGET_ARCH_x86)
	return ctx->r9; /* ctx: direct loads only */
#elif defined(__TARGET_ARCH_arm64)
	return ((const struct user_pt_regs *)ctx)->regs[5];
#else
#error "uprobe_args: unsupported architecture"
#endif
}

/* Only valid at function entry, before the callee moves the stack. */
static __always_inline __u64 uprobe_arg7(struct pt_regs *ctx)
{
	__u64 v = 0;
#if defined(__TARGET_ARCH_x86)
	bpf_probe_read_user(&v, sizeof(v), (void *)(PT_REGS_SP(ctx) + 8));
#elif defined(__TARGET_ARCH_arm64)
	v = ((const struct user_pt_regs *)ctx)->regs[6];
#endif
	return v;
}

#endif
