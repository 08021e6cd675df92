/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the running kernel's BPF accepts, found by loading a tiny program:
 * features that BTF cannot show (instructions, not types).
 */
#ifndef CORETRACE_BPF_PROBE_H
#define CORETRACE_BPF_PROBE_H

#include <stdbool.h>

/* Whether BPF programs may use compare-and-swap and exchange (BPF_ATOMIC
 * beyond add, Linux 5.12). Before that, a program holding one is refused
 * at load even where it is never reached. */
bool bpf_probe_atomics(void);

#endif
