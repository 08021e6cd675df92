/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* ABI between bpf/biolatency.bpf.c and tools/biolatency.c. */
#ifndef CORETRACE_BIOLATENCY_H
#define CORETRACE_BIOLATENCY_H

/* One histogram per key; fields the user did not split by stay 0. */
struct bio_hist_key {
	__u32 dev;   /* BIO_DEV(major, minor) with -D */
	__u32 flags; /* REQ_OP in the low 8 bits, BIO_F_* above, with -F */
};

#define BIO_DEV(major, minor) (((__u32)(major) << 20) | (__u32)(minor))
#define BIO_DEV_MAJOR(dev)    ((dev) >> 20)
#define BIO_DEV_MINOR(dev)    ((dev)&0xfffff)

/* Request flags, renumbered in the kernel half from each kernel's own
 * enum req_flag_bits (their bit positions differ between kernels). */
#define BIO_OP_MASK	 0xffU
#define BIO_F_SYNC	 (1U << 8)
#define BIO_F_META	 (1U << 9)
#define BIO_F_PRIO	 (1U << 10)
#define BIO_F_NOMERGE	 (1U << 11)
#define BIO_F_IDLE	 (1U << 12)
#define BIO_F_INTEGRITY	 (1U << 13)
#define BIO_F_FUA	 (1U << 14)
#define BIO_F_PREFLUSH	 (1U << 15)
#define BIO_F_RAHEAD	 (1U << 16)
#define BIO_F_BACKGROUND (1U << 17)
#define BIO_F_NOWAIT	 (1U << 18)

/* Histograms kept at once (disks x flag sets). */
#define BIO_MAX_HISTS 1024
/* Start-time slots (see bpf/biolatency.bpf.c): 8192 x 16 bytes. With 256
 * requests in flight, about 3% find their slot taken and use the hash.
 * A power of two; BIOLATENCY_START_SLOTS overrides it for tests. */
#define BIO_START_SLOTS	    8192
#define BIO_START_SLOTS_MAX (1U << 20)
/* Requests in flight tracked in the start hash, across all disks. */
#define BIO_MAX_INFLIGHT 16384

#endif
