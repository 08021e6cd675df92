/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Programs attached as uprobe sessions (6.13+, see common/uprobes.h) run at
 * a function's entry and again at its return, for the calls where they
 * returned 0 at entry. Include after uprobe_args.bpf.h.
 *
 * Telling the two runs apart needs no kfunc (bpf_session_is_return would
 * make libbpf load the kernel BTF): at entry the registers' ip is the
 * probed address, bpf_get_func_ip's answer; at return it is the caller's
 * return address.
 */
#ifndef CORETRACE_UPROBE_SESSION_BPF_H
#define CORETRACE_UPROBE_SESSION_BPF_H

/* Set by user space before load when the programs are sessions. */
const volatile bool uprobe_sessions = false;

/* Whether this run of a session program is its function's return. */
static __always_inline bool session_at_return(struct pt_regs *ctx)
{
	return uprobe_sessions && PT_REGS_IP(ctx) != bpf_get_func_ip(ctx);
}

/* What an entry program returns for a call whose return it does not need:
 * 1 in a session (no return trap for this call); 0 otherwise, the only
 * value a plain uprobe program should return (perf-event uprobes take
 * anything else as "also write a perf sample"). */
static __always_inline int session_skip_return(void)
{
	return uprobe_sessions ? 1 : 0;
}

#endif
