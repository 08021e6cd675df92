/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Arguments of a user-space function at a uprobe. Include this instead of
 * <bpf/bpf_tracing.h> in uprobe tools.
 *
 * The registers are read through the user-space ABI layout, not vmlinux.h's
 * struct pt_regs: that layout is fixed, and vmlinux.h's would make every
 * argument a CO-RE relocation, so libbpf would parse the whole kernel BTF
 * (~15 ms of start-up) for an object that needs nothing from it.
 *
 * Arguments 6 and 7 too: libbpf 1.1's PT_REGS_PARMn stops at 5. x86-64
 * passes six in registers and the seventh on the stack just above the
 * return address; arm64 passes eight in registers.
 */
#ifndef CORETRACE_UPROBE_ARGS_BPF_H
#define CORETRACE_UPROBE_ARGS_BPF_H

#ifdef __BPF_TRACING_H__
#error "include lib/uprobe_args.bpf.h before (instead of) <bpf/bpf_tracing.h>"
#endif

#if defined(__TARGET_ARCH_x86)
/* arch/x86/include/uapi/asm/ptrace.h, 64-bit: the kernel's own pt_regs. */
struct uprobe_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};
#define __PT_REGS_CAST(x) ((const struct uprobe_regs *)(x))
#endif
/* arm64: bpf_tracing.h already reads through struct user_pt_regs. */

#include <bpf/bpf_tracing.h>

static __always_inline __u64 uprobe_arg6(struct pt_regs *ctx)
{
#if defined(__TARGET_ARCH_x86)
	return __PT_REGS_CAST(ctx)->r9;
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
