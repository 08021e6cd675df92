/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Syscall number and arguments from the pt_regs the raw_syscalls
 * tracepoints pass. At sys_exit only the saved registers still hold the
 * number; the arguments are read at sys_enter, before the return value
 * overwrites the first argument register on some architectures.
 */
#ifndef CORETRACE_SYSCALL_REGS_BPF_H
#define CORETRACE_SYSCALL_REGS_BPF_H

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

/* Direct loads: with tp_btf, @regs is a BTF pointer the verifier lets us read. */
static __always_inline long syscall_nr_of(struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	return (long)regs->orig_ax;
#elif defined(__TARGET_ARCH_arm64)
	return (long)regs->syscallno;
#else
#error "coretrace: unsupported architecture"
#endif
}

/* The same, copied out with CO-RE reads: for raw_tp programs, whose @regs
 * is a plain number to the verifier. */
static __always_inline long syscall_nr_of_core(struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	return (long)BPF_CORE_READ(regs, orig_ax);
#elif defined(__TARGET_ARCH_arm64)
	return (long)BPF_CORE_READ(regs, syscallno);
#else
#error "coretrace: unsupported architecture"
#endif
}

/*
 * A 32-bit program on a 64-bit kernel enters with its own syscall numbers
 * (i386 2 is fork, not open) and arguments in other registers. The tools
 * match native numbers only, so they skip compat calls once a number
 * matched: the check costs nothing on the hot path.
 */
static __always_inline bool syscall_is_compat(void)
{
#if defined(__TARGET_ARCH_x86)
	/* Not bpf_get_current_task_btf(): 5.10 lacks it. */
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	/* TS_COMPAT, arch/x86/include/asm/thread_info.h */
	return bpf_core_field_exists(task->thread_info.status) &&
	       (BPF_CORE_READ(task, thread_info.status) & 0x0002);
#else
	return false; /* arm64: AArch32 tasks are not told apart yet */
#endif
}

#define syscall_arg1(regs) ((unsigned long)PT_REGS_PARM1_CORE_SYSCALL(regs))
#define syscall_arg2(regs) ((unsigned long)PT_REGS_PARM2_CORE_SYSCALL(regs))
#define syscall_arg3(regs) ((unsigned long)PT_REGS_PARM3_CORE_SYSCALL(regs))
#define syscall_arg4(regs) ((unsigned long)PT_REGS_PARM4_CORE_SYSCALL(regs))

#endif
