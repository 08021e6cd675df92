/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The entry points libFuzzer calls in every target. */
#ifndef CORETRACE_FUZZ_H
#define CORETRACE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
