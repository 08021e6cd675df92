/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* udplife's options and the functions its tests call. */
#ifndef CORETRACE_TOOLS_UDPLIFE_H
#define CORETRACE_TOOLS_UDPLIFE_H

#include <arpa/inet.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stdio.h>

#include "args.h"
#include "bpf/udplife.h"
#include "emit.h"
#include "filter.h"
#include "openmetrics.h"

#define UDPLIFE_PORT_BITMAP_LEN (65536 / 8)

struct udplife_env {
	struct common_args common; /* -j -v --btf -b */
	struct filter_args filter; /* -p */
	bool ipv4;		   /* -4 */
	bool ipv6;		   /* -6 */
	bool timestamp;		   /* -T */
	bool wide;		   /* -w */
	int method;		   /* enum udplife_method; 0: the first that loads */
	bool lports_on;		   /* -L given */
	bool rports_on;		   /* -D given */
	unsigned char lports[UDPLIFE_PORT_BITMAP_LEN];
	unsigned char rports[UDPLIFE_PORT_BITMAP_LEN];
	struct om_args metrics; /* --prometheus, --label, --max-series, -q */
};

/* The tool as a program: what coretrace runs for "udplife". */
int udplife_main(int argc, char **argv);

int udplife_parse_args(int argc, char **argv, struct udplife_env *env);

/* "cgroup", "fentry", "kprobe" (or "auto": 0); -EINVAL for anything else. */
int udplife_method_value(const char *name);

/* "53,123,5353" into a bitmap indexed by port; -EINVAL on junk. */
int udplife_parse_ports(const char *list, unsigned char *bits);

/* A closed socket, ready to print. */
struct udplife_row {
	double ts; /* close, Unix seconds */
	__u32 pid;
	char comm[UDPLIFE_COMM_LEN + 1];   /* the process's name */
	char thread[UDPLIFE_COMM_LEN + 1]; /* the creating thread's (JSON only) */
	char laddr[INET6_ADDRSTRLEN];
	__u16 lport;
	char raddr[INET6_ADDRSTRLEN]; /* "*": no peer */
	__u16 rport;
	__u64 tx_b;
	__u64 rx_b;
	double ms; /* lifetime */
	bool partial;
};

/* Columns of the output, some only in text, some only in JSON. */
enum udplife_col {
	UDPLIFE_COL_TIME,
	UDPLIFE_COL_PID,
	UDPLIFE_COL_COMM,
	UDPLIFE_COL_THREAD,
	UDPLIFE_COL_LADDR,
	UDPLIFE_COL_LPORT,
	UDPLIFE_COL_RADDR,
	UDPLIFE_COL_RPORT_TEXT, /* "*" when there is no peer */
	UDPLIFE_COL_RPORT,
	UDPLIFE_COL_TX,
	UDPLIFE_COL_RX,
	UDPLIFE_COL_MS_TEXT, /* "12.34*" for a partial lifetime */
	UDPLIFE_COL_MS,
	UDPLIFE_COL_PARTIAL,
	UDPLIFE_NCOLS
};

struct udplife_out {
	struct emit_col cols[UDPLIFE_NCOLS];
	struct emitter emit;
};

/* @wide: address columns wide enough for IPv6. */
void udplife_out_init(struct udplife_out *o, FILE *f, bool json, bool timestamp, bool wide);
void udplife_print_header(const struct udplife_out *o);
void udplife_print_row(const struct udplife_out *o, const struct udplife_row *r);
void udplife_event_to_row(const struct udplife_event *e, double close_ts, struct udplife_row *r);

#endif
