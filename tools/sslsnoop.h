/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* sslsnoop's options and the functions its tests call. */
#ifndef CORETRACE_TOOLS_SSLSNOOP_H
#define CORETRACE_TOOLS_SSLSNOOP_H

#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "args.h"
#include "bpf/sslsnoop.h"
#include "filter.h"
#include "openmetrics.h"

#define SSLSNOOP_MAX_BINARIES 32

struct sslsnoop_env {
	struct common_args common;		     /* -j -v --btf -b */
	struct filter_args filter;		     /* -p -u */
	const char *comm;			     /* -c */
	bool latency;				     /* -l */
	bool handshake;				     /* --handshake */
	bool hexdump;				     /* --hexdump */
	bool no_data;				     /* --no-data */
	bool check;				     /* --check */
	unsigned int max_bytes;			     /* --max-bytes, default 8192 */
	const char *binaries[SSLSNOOP_MAX_BINARIES]; /* --binary */
	int nbinaries;
	const char *output;	/* -o */
	struct om_args metrics; /* --prometheus, --label, --max-series, -q */
};

/* The tool as a program: what coretrace runs for "sslsnoop". */
int sslsnoop_main(int argc, char **argv);

int sslsnoop_parse_args(int argc, char **argv, struct sslsnoop_env *env);

/* "SSL_write" for SSLF_SSL_WRITE, "?" for an unknown index. */
const char *sslsnoop_func_name(unsigned int func);

struct sslsnoop_printer {
	FILE *out;
	bool json;
	bool latency; /* LAT(ms) column */
	bool hexdump;
	bool no_data;
	bool containers; /* -C: CONTAINER column, JSON "container" and "cgroup" */
	__u64 start_ns;	 /* TIME(s) counts from here */
};

void sslsnoop_print_header(const struct sslsnoop_printer *p);

/* One event as the ring buffer delivered it (@size bytes); -EINVAL when it
 * is too short to be one. */
int sslsnoop_print_event(const struct sslsnoop_printer *p, const void *data, size_t size,
			 double ts);

/* Plaintext as text: printable bytes as they are, newlines and tabs kept
 * so text reads as text, everything else escaped. */
void sslsnoop_print_text(FILE *f, const unsigned char *data, size_t n);

/* "0000  47 45 54 20 ...  |GET ...|", 16 bytes a line. */
void sslsnoop_print_hexdump(FILE *f, const unsigned char *data, size_t n);

#endif
