// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * udplife: the life of every UDP socket, one line when it is closed.
 *
 * The attach method is picked at run time by what this kernel loads:
 * cgroup socket hooks with the sock_{send,recv}_length tracepoints (6.3+),
 * then fentry/fexit, then kprobes. --method (hidden) or UDPLIFE_METHOD
 * forces one.
 */
#include <argp.h>
#include <stddef.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "udplife.h"

#include "cgroup2.h"
#include "kernel_btf.h"
#include "openmetrics.h"
#include "stream.h"
#include "tracer.h"

#include "udplife.skel.h"

static const char doc[] =
	"Trace the lifespan of UDP sockets: one line per socket when it is closed.\v"
	"Examples:\n"
	"  udplife              # every UDP socket, at close\n"
	"  udplife -p 181       # only sockets process 181 created or used\n"
	"  udplife -D 53        # only sockets that talked to remote port 53 (DNS)\n"
	"  udplife -L 514,8125  # only sockets on local port 514 or 8125\n"
	"  udplife -6 -w        # only IPv6 sockets, wide address columns\n"
	"  udplife -Tj          # JSON lines, with timestamps";

enum {
	OPT_METHOD = 0x100,
};

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Which sockets:", ARGS_GROUP_TOOL },
	{ "ipv4", '4', NULL, 0, "Trace only IPv4 sockets", 0 },
	{ "ipv6", '6', NULL, 0, "Trace only IPv6 sockets", 0 },
	{ "localport", 'L', "PORTS", 0, "Only these local ports (comma-separated)", 0 },
	{ "remoteport", 'D', "PORTS", 0, "Only these remote ports (comma-separated)", 0 },
	{ NULL, 0, NULL, 0, "Output:", ARGS_GROUP_OUTPUT },
	{ "time", 'T', NULL, 0, "Include a time column (HH:MM:SS) of the close", 0 },
	{ "wide", 'w', NULL, 0, "Wide address columns (fit IPv6 addresses)", 0 },
	/* For tests and the kernel matrix: run one method where it loads. */
	{ "method", OPT_METHOD, "cgroup|fentry|kprobe", OPTION_HIDDEN, "Force an attach method",
	  0 },
	{}
};

static const char *const method_names[] = {
	[UDPLIFE_CGROUP] = "cgroup",
	[UDPLIFE_FENTRY] = "fentry",
	[UDPLIFE_KPROBE] = "kprobe",
};

int udplife_method_value(const char *name)
{
	int m;

	if (strcmp(name, "auto") == 0)
		return 0;
	for (m = UDPLIFE_CGROUP; m <= UDPLIFE_KPROBE; m++)
		if (strcmp(name, method_names[m]) == 0)
			return m;
	return -EINVAL;
}

int udplife_parse_ports(const char *list, unsigned char *bits)
{
	char buf[16];
	const char *p = list;

	if (!*p)
		return -EINVAL;
	for (;;) {
		size_t n = strcspn(p, ",");
		unsigned long long port;

		if (n == 0 || n >= sizeof(buf))
			return -EINVAL;
		memcpy(buf, p, n);
		buf[n] = '\0';
		if (args_parse_ull(buf, 0, 65535, &port))
			return -EINVAL;
		bits[port >> 3] |= (unsigned char)(1U << (port & 7));
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct udplife_env *env = state->input;
	const char *forced;

	switch (key) {
	case ARGP_KEY_INIT:
		/* The environment sets a default; --method overrides it. */
		forced = getenv("UDPLIFE_METHOD");
		if (forced && *forced) {
			env->method = udplife_method_value(forced);
			if (env->method < 0)
				args_usage_error(
					state,
					"invalid UDPLIFE_METHOD: '%s' (cgroup, fentry or kprobe)",
					forced);
		}
		break;
	case '4': env->ipv4 = true; break;
	case '6': env->ipv6 = true; break;
	case 'L':
		if (udplife_parse_ports(arg, env->lports))
			args_usage_error(
				state, "invalid local ports: '%s' (expected PORT[,PORT...])", arg);
		env->lports_on = true;
		break;
	case 'D':
		if (udplife_parse_ports(arg, env->rports))
			args_usage_error(
				state, "invalid remote ports: '%s' (expected PORT[,PORT...])", arg);
		env->rports_on = true;
		break;
	case 'T': env->timestamp = true; break;
	case 'w': env->wide = true; break;
	case OPT_METHOD:
		env->method = udplife_method_value(arg);
		if (env->method < 0)
			args_usage_error(state, "invalid method: '%s' (cgroup, fentry or kprobe)",
					 arg);
		break;
	case ARGP_KEY_END:
		if (env->ipv4 && env->ipv6)
			args_usage_error(state, "-4 and -6 exclude each other");
		break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct filter_options filters = {
	.which = FILTER_PID,
	.pid_doc = "Trace only sockets this process created or used",
};

static const struct args_spec spec = {
	.options = options,
	.parser = parse_opt,
	.doc = doc,
	.common_offset = offsetof(struct udplife_env, common),
	.common_opts = ARGS_BUFFER,
	.groups = {
		{ filter_argp, &filters, offsetof(struct udplife_env, filter) },
		{ om_argp, NULL, offsetof(struct udplife_env, metrics) },
	},
};

ARGS_PARSER(udplife, spec)

/* ---- output ------------------------------------------------------------- */

void udplife_out_init(struct udplife_out *o, FILE *f, bool json, bool timestamp, bool wide)
{
	const struct emit_col cols[UDPLIFE_NCOLS] = {
		[UDPLIFE_COL_TIME] = { "TIME", NULL, EMIT_CLOCK, -8 },
		[UDPLIFE_COL_PID] = { "PID", NULL, EMIT_UINT, -7 },
		[UDPLIFE_COL_COMM] = { "COMM", NULL, EMIT_STR, -16 },
		[UDPLIFE_COL_THREAD] = { "THREAD", "thread", EMIT_STR, -16 },
		[UDPLIFE_COL_LADDR] = { "LADDR", NULL, EMIT_STR, wide ? -39 : -15 },
		[UDPLIFE_COL_LPORT] = { "LPORT", NULL, EMIT_UINT, 5 },
		[UDPLIFE_COL_RADDR] = { "RADDR", NULL, EMIT_STR, wide ? -39 : -15 },
		[UDPLIFE_COL_RPORT_TEXT] = { "RPORT", NULL, EMIT_STR, 5 },
		[UDPLIFE_COL_RPORT] = { "RPORT", "rport", EMIT_UINT, 5 },
		[UDPLIFE_COL_TX] = { "TX_B", NULL, EMIT_UINT, 10 },
		[UDPLIFE_COL_RX] = { "RX_B", NULL, EMIT_UINT, 10 },
		[UDPLIFE_COL_MS_TEXT] = { "MS", NULL, EMIT_STR, 10 },
		[UDPLIFE_COL_MS] = { "MS", "lifetime_ms", EMIT_FLOAT, 10, 3 },
		[UDPLIFE_COL_PARTIAL] = { "PARTIAL", "partial", EMIT_BOOL, 0 },
	};
	uint64_t shown = EMIT_ALL;

	memcpy(o->cols, cols, sizeof(cols));
	if (json)
		shown &= ~((1ULL << UDPLIFE_COL_RPORT_TEXT) | (1ULL << UDPLIFE_COL_MS_TEXT));
	else
		shown &= ~((1ULL << UDPLIFE_COL_RPORT) | (1ULL << UDPLIFE_COL_MS) |
			   (1ULL << UDPLIFE_COL_PARTIAL) | (1ULL << UDPLIFE_COL_THREAD));
	if (!timestamp)
		shown &= ~(1ULL << UDPLIFE_COL_TIME);
	emit_init(&o->emit, f, json, o->cols, UDPLIFE_NCOLS, shown);
}

void udplife_print_header(const struct udplife_out *o)
{
	emit_header(&o->emit);
}

void udplife_print_row(const struct udplife_out *o, const struct udplife_row *r)
{
	union emit_val v[UDPLIFE_NCOLS] = {};
	char rport[8], ms[32];

	snprintf(rport, sizeof(rport), "%u", r->rport);
	snprintf(ms, sizeof(ms), "%.2f%s", r->ms, r->partial ? "*" : "");
	v[UDPLIFE_COL_PID].u = r->pid;
	v[UDPLIFE_COL_COMM].s = r->comm;
	v[UDPLIFE_COL_THREAD].s = r->thread;
	v[UDPLIFE_COL_LADDR].s = r->laddr;
	v[UDPLIFE_COL_LPORT].u = r->lport;
	v[UDPLIFE_COL_RADDR].s = r->raddr;
	v[UDPLIFE_COL_RPORT_TEXT].s = strcmp(r->raddr, "*") ? rport : "*";
	v[UDPLIFE_COL_RPORT].u = r->rport;
	v[UDPLIFE_COL_TX].u = r->tx_b;
	v[UDPLIFE_COL_RX].u = r->rx_b;
	v[UDPLIFE_COL_MS_TEXT].s = ms;
	v[UDPLIFE_COL_MS].d = r->ms;
	v[UDPLIFE_COL_PARTIAL].u = r->partial;
	emit_row(&o->emit, r->ts, v);
}

/* A peer's address as the socket sees it: an IPv6 socket talking to an
 * IPv4 peer (through a v4-mapped address) shows ::ffff:a.b.c.d. */
static void format_addr(int sock_family, int family, const __u8 *addr, char *buf, size_t len)
{
	__u8 mapped[16] = { [10] = 0xff, [11] = 0xff };

	if (sock_family == AF_INET6 && family == AF_INET) {
		memcpy(mapped + 12, addr, 4);
		addr = mapped;
		family = AF_INET6;
	}
	if (!inet_ntop(family, addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

void udplife_event_to_row(const struct udplife_event *e, double close_ts, struct udplife_row *r)
{
	memset(r, 0, sizeof(*r));
	r->ts = close_ts;
	r->pid = e->pid;
	memcpy(r->comm, e->comm, UDPLIFE_COMM_LEN);
	memcpy(r->thread, e->thread, UDPLIFE_COMM_LEN);
	format_addr(e->family, e->family, e->laddr, r->laddr, sizeof(r->laddr));
	r->lport = e->lport;
	if (e->rfamily) {
		format_addr(e->family, e->rfamily, e->raddr, r->raddr, sizeof(r->raddr));
		r->rport = e->rport;
	} else {
		snprintf(r->raddr, sizeof(r->raddr), "*");
	}
	r->tx_b = e->tx_b;
	r->rx_b = e->rx_b;
	r->ms = e->end_ns > e->start_ns ? (double)(e->end_ns - e->start_ns) / 1e6 : 0;
	r->partial = e->partial;
}

/* ---- attach ------------------------------------------------------------- */

struct ctx {
	const struct udplife_env *env;
	struct tracer *t;
	struct udplife_out out;
	struct udplife_bpf *skel;
	struct om_source metrics; /* by comm, with --prometheus */
};

enum {
	M_SOCKETS,
	M_TX_BYTES,
	M_RX_BYTES
};

static int add_to_metrics(struct ctx *c, const struct udplife_row *r)
{
	struct om_series *s = om_table_get(&c->metrics.table, r->comm, NULL);

	if (!s)
		return -ENOMEM;
	hist_record(&s->hist, (__u64)(r->ms * 1000));
	s->counters[M_SOCKETS] += 1;
	s->counters[M_TX_BYTES] += (double)r->tx_b;
	s->counters[M_RX_BYTES] += (double)r->rx_b;
	return 0;
}

static int handle_event(void *ctx, const void *data, size_t size)
{
	const struct udplife_event *e = data;
	struct ctx *c = ctx;
	struct udplife_row r;

	udplife_event_to_row(e, tracer_ktime_to_unix(c->t, e->end_ns), &r);
	if (!c->env->metrics.quiet)
		udplife_print_row(&c->out, &r);
	if (c->env->metrics.path && add_to_metrics(c, &r))
		return -ENOMEM;
	return 0;
}

/* Whether kernel function @name exists, in vmlinux or (IPv6 built as a
 * module) in the ipv6 module's BTF. */
static bool have_func(const struct btf *vmlinux, const char *name, int *nargs)
{
	struct btf *mod;
	int n = kernel_btf_func_nargs(vmlinux, name);

	if (n == -ENOENT && strncmp(name, "udpv6", 5) == 0) {
		mod = btf__parse_split("/sys/kernel/btf/ipv6", (struct btf *)vmlinux);
		if (mod) {
			n = kernel_btf_func_nargs(mod, name);
			btf__free(mod);
		}
	}
	if (nargs)
		*nargs = n;
	return n >= 0;
}

struct method_plan {
	bool v6;	  /* udpv6_* functions exist */
	bool init6;	  /* udpv6_init_sock exists (else udp_init_sock serves both) */
	bool noblock4;	  /* udp_recvmsg has the pre-5.19 'noblock' argument */
	bool noblock6;	  /* same for udpv6_recvmsg */
	char cgroup[256]; /* cgroup v2 root path, cgroup method */
	bool prealloc;	  /* before 6.1: hashes preallocated (kernel_btf.h) */
};

static const char needs_net_admin[] = "needs CAP_NET_ADMIN for cgroup socket programs";

/* Can @m work here at all, from BTF and our capabilities? Fills @plan; on
 * no, a reason. */
static const char *method_possible(const struct tracer *t, const struct btf *btf,
				   enum udplife_method m, struct method_plan *plan)
{
	int n4 = 0, n6 = 0;

	memset(plan, 0, sizeof(*plan));
	if (m == UDPLIFE_CGROUP) {
		/* Loading and attaching cgroup socket programs is networking
		 * administration, beyond what tracing needs. */
		if (!tracer_has_cap(CAP_NET_ADMIN) && !tracer_has_cap(CAP_SYS_ADMIN))
			return needs_net_admin;
		/* sock_send_length/sock_recv_length arrived in 6.3. */
		if (kernel_btf_tp_nargs(btf, "sock_send_length") != 3 ||
		    kernel_btf_tp_nargs(btf, "sock_recv_length") != 3)
			return "no sock:sock_send_length/sock_recv_length tracepoints (before 6.3)";
		if (!tracer_native_btf(t))
			return "tp_btf needs the kernel's own BTF (--btf given)";
		return NULL;
	}
	if (!have_func(btf, "udp_init_sock", NULL) || !have_func(btf, "udp_sendmsg", NULL) ||
	    !have_func(btf, "udp_recvmsg", &n4) || !have_func(btf, "udp_destroy_sock", NULL))
		return "udp_init_sock/udp_sendmsg/udp_recvmsg/udp_destroy_sock not in BTF";
	if (m == UDPLIFE_FENTRY && !tracer_native_btf(t))
		return "fentry needs the kernel's own BTF (--btf given)";
	plan->v6 = have_func(btf, "udpv6_sendmsg", NULL) && have_func(btf, "udpv6_recvmsg", &n6) &&
		   have_func(btf, "udpv6_destroy_sock", NULL);
	plan->init6 = plan->v6 && have_func(btf, "udpv6_init_sock", NULL);
	plan->noblock4 = n4 == 6;
	plan->noblock6 = n6 == 6;
	return NULL;
}

static void configure(const struct udplife_env *env, struct udplife_bpf *skel,
		      enum udplife_method m, const struct method_plan *plan)
{
	struct bpf_program *prog;
	bool cg = m == UDPLIFE_CGROUP, fe = m == UDPLIFE_FENTRY, kp = m == UDPLIFE_KPROBE;

	filter_configure(&skel->rodata->filter, &env->filter);
	skel->rodata->targ_family = env->ipv4 ? UDPLIFE_FAM_V4 : env->ipv6 ? UDPLIFE_FAM_V6 : 0;
	skel->rodata->targ_lports_on = env->lports_on;
	skel->rodata->targ_rports_on = env->rports_on;
	memcpy((void *)skel->rodata->targ_lports, env->lports, UDPLIFE_PORT_BITMAP_LEN);
	memcpy((void *)skel->rodata->targ_rports, env->rports, UDPLIFE_PORT_BITMAP_LEN);
	skel->rodata->recvmsg_has_noblock = plan->noblock4;
	stream_size_ring(skel->maps.events, env->common.buffer, &skel->rodata->rb_wakeup_bytes,
			 &skel->rodata->rb_wakeup_step_shift);

	for (prog = bpf_object__next_program(skel->obj, NULL); prog;
	     prog = bpf_object__next_program(skel->obj, prog))
		bpf_program__set_autoload(prog, false);
	if (cg) {
		bpf_program__set_autoload(skel->progs.cg_create, true);
		bpf_program__set_autoload(skel->progs.cg_release, true);
		bpf_program__set_autoload(skel->progs.cg_sendmsg4, true);
		bpf_program__set_autoload(skel->progs.cg_sendmsg6, true);
		bpf_program__set_autoload(skel->progs.cg_recvmsg4, true);
		bpf_program__set_autoload(skel->progs.cg_recvmsg6, true);
		bpf_program__set_autoload(skel->progs.tp_send, true);
		bpf_program__set_autoload(skel->progs.tp_recv, true);
	}
	if (fe) {
		bpf_program__set_autoload(skel->progs.fe_init4, true);
		bpf_program__set_autoload(skel->progs.fe_init6, plan->init6);
		bpf_program__set_autoload(skel->progs.fe_send4, true);
		bpf_program__set_autoload(skel->progs.fe_send6, plan->v6);
		bpf_program__set_autoload(skel->progs.fe_recv4, !plan->noblock4);
		bpf_program__set_autoload(skel->progs.fe_recv4_noblock, plan->noblock4);
		bpf_program__set_autoload(skel->progs.fe_recv6, plan->v6 && !plan->noblock6);
		bpf_program__set_autoload(skel->progs.fe_recv6_noblock, plan->v6 && plan->noblock6);
		bpf_program__set_autoload(skel->progs.fe_destroy4, true);
		bpf_program__set_autoload(skel->progs.fe_destroy6, plan->v6);
	}
	if (kp) {
		bpf_program__set_autoload(skel->progs.kp_init4, true);
		bpf_program__set_autoload(skel->progs.kp_init6, plan->init6);
		bpf_program__set_autoload(skel->progs.kp_send4, true);
		bpf_program__set_autoload(skel->progs.kr_send4, true);
		bpf_program__set_autoload(skel->progs.kp_send6, plan->v6);
		bpf_program__set_autoload(skel->progs.kr_send6, plan->v6);
		bpf_program__set_autoload(skel->progs.kp_recv4, true);
		bpf_program__set_autoload(skel->progs.kr_recv4, true);
		bpf_program__set_autoload(skel->progs.kp_recv6, plan->v6);
		bpf_program__set_autoload(skel->progs.kr_recv6, plan->v6);
		bpf_program__set_autoload(skel->progs.kp_destroy4, true);
		bpf_program__set_autoload(skel->progs.kp_destroy6, plan->v6);
	}
	/* Only the maps the chosen programs use are created. */
	bpf_map__set_autocreate(skel->maps.sk_state, cg);
	bpf_map__set_autocreate(skel->maps.sk_hash, !cg);
	bpf_map__set_autocreate(skel->maps.inflight, kp);
	if (plan->prealloc)
		bpf_map__set_map_flags(skel->maps.sk_hash, 0);
}

/* Attach what udplife_bpf__attach() cannot: the cgroup programs, on the
 * v2 root so that every socket of the host is seen. Creation and release
 * first, tracepoints last: a socket seen by a tracepoint but not created
 * under our eyes is then truly older than us (partial). */
static int attach_cgroup(struct tracer *t, struct udplife_bpf *skel, struct method_plan *plan)
{
	struct {
		struct bpf_program *prog;
		struct bpf_link **link;
	} hooks[] = {
		{ skel->progs.cg_create, &skel->links.cg_create },
		{ skel->progs.cg_release, &skel->links.cg_release },
		{ skel->progs.cg_sendmsg4, &skel->links.cg_sendmsg4 },
		{ skel->progs.cg_sendmsg6, &skel->links.cg_sendmsg6 },
		{ skel->progs.cg_recvmsg4, &skel->links.cg_recvmsg4 },
		{ skel->progs.cg_recvmsg6, &skel->links.cg_recvmsg6 },
	};
	size_t i;
	int fd, err = 0;

	fd = cgroup2_root_open(t, plan->cgroup, sizeof(plan->cgroup));
	if (fd < 0)
		return fd;
	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		*hooks[i].link = bpf_program__attach_cgroup(hooks[i].prog, fd);
		if (!*hooks[i].link) {
			err = -errno;
			tracer_info(t, "cgroup: cannot attach %s to %s: %s",
				    bpf_program__name(hooks[i].prog), plan->cgroup, strerror(-err));
			goto cleanup;
		}
	}
	skel->links.tp_send = bpf_program__attach(skel->progs.tp_send);
	if (!skel->links.tp_send) {
		err = -errno;
		goto cleanup;
	}
	skel->links.tp_recv = bpf_program__attach(skel->progs.tp_recv);
	if (!skel->links.tp_recv)
		err = -errno;
cleanup:
	close(fd);
	return err;
}

/* open -> configure -> load -> attach, with method @m. On failure the
 * skeleton is gone and *@why says which step failed. */
static int try_method(struct tracer *t, const struct udplife_env *env, enum udplife_method m,
		      struct method_plan *plan, struct udplife_bpf **out, const char **why)
{
	struct udplife_bpf *skel;
	int err;

	*out = NULL;
	skel = udplife_bpf__open_opts(tracer_open_opts(t));
	if (!skel) {
		*why = "open";
		return -errno;
	}
	configure(env, skel, m, plan);
	err = filter_prepare(t, skel->obj, &env->filter);
	if (err) {
		*why = "filter";
		goto fail;
	}
	err = udplife_bpf__load(skel);
	if (err) {
		*why = "load";
		goto fail;
	}
	err = filter_install(t, &env->filter, skel->maps.filter_cgroup);
	if (err) {
		*why = "filter";
		goto fail;
	}
	*why = "attach";
	if (m == UDPLIFE_CGROUP)
		err = attach_cgroup(t, skel, plan);
	else
		err = udplife_bpf__attach(skel);
	if (err)
		goto fail;
	*out = skel;
	return 0;
fail:
	udplife_bpf__destroy(skel);
	return err;
}

static void describe(const struct tracer *t, enum udplife_method m, const struct method_plan *p)
{
	tracer_report(t, "method", "%s", method_names[m]);
	switch (m) {
	case UDPLIFE_CGROUP:
		tracer_info(
			t,
			"attached with cgroup: tracepoints sock:sock_send_length/sock_recv_length, "
			"cgroup sock_create/sock_release/sendmsg/recvmsg hooks on %s",
			p->cgroup);
		break;
	case UDPLIFE_FENTRY:
	case UDPLIFE_KPROBE:
		tracer_info(
			t,
			"attached with %s: udp%s_init_sock, udp%s_sendmsg, udp%s_recvmsg%s, udp%s_destroy_sock",
			method_names[m], p->v6 ? "{,v6}" : "", p->v6 ? "{,v6}" : "",
			p->v6 ? "{,v6}" : "", p->noblock4 ? " (with noblock)" : "",
			p->v6 ? "{,v6}" : "");
		if (!p->v6)
			tracer_info(t, "no udpv6_* functions: IPv6 sockets are not traced");
		break;
	}
}

/* The first method that loads and attaches, or the forced one. */
static int attach_best(struct tracer *t, const struct udplife_env *env, struct udplife_bpf **skel,
		       int *chosen)
{
	const char *reasons[UDPLIFE_KPROBE + 1] = {};
	struct method_plan plans[UDPLIFE_KPROBE + 1];
	char failures[512] = "";
	struct btf *btf;
	bool prealloc;
	size_t used = 0;
	int m, err = -ENOENT;

	btf = kernel_btf_load(t);
	if (!btf) {
		err = -errno;
		tracer_error(t, "cannot read kernel BTF: %s", strerror(-err));
		return err;
	}
	prealloc = !kernel_btf_runtime_alloc_ok(btf); /* a scan of every type: once */
	for (m = UDPLIFE_CGROUP; m <= UDPLIFE_KPROBE; m++) {
		reasons[m] = method_possible(t, btf, (enum udplife_method)m, &plans[m]);
		plans[m].prealloc = prealloc;
	}
	/* Freed before any load: libbpf parses the kernel's BTF again while
	 * loading, and two copies at once were 6 MB of peak RSS. */
	btf__free(btf);
	for (m = UDPLIFE_CGROUP; m <= UDPLIFE_KPROBE; m++) {
		const char *why = NULL, *reason = reasons[m];

		if (env->method && m != env->method)
			continue;
		if (reason) {
			err = -ENOENT;
		} else {
			err = try_method(t, env, (enum udplife_method)m, &plans[m], skel, &why);
			if (!err) {
				describe(t, (enum udplife_method)m, &plans[m]);
				*chosen = m;
				break;
			}
			reason = strerror(-err);
		}
		tracer_info(t, "method %s: %s%s%s", method_names[m], why ? why : "",
			    why ? ": " : "", reason);
		used += (size_t)snprintf(failures + used, sizeof(failures) - used, "%s%s: %s%s%s",
					 used ? "; " : "", method_names[m], why ? why : "",
					 why ? " " : "", reason);
		if (used >= sizeof(failures))
			used = sizeof(failures) - 1;
	}
	if (err && reasons[UDPLIFE_CGROUP] == needs_net_admin)
		tracer_error(t,
			     "cannot trace UDP sockets (%s): run as root, or add CAP_NET_ADMIN to "
			     "CAP_BPF and CAP_PERFMON",
			     failures);
	else if (err)
		tracer_error(t,
			     "cannot trace UDP sockets (%s): needs Linux 6.3+ with cgroup v2, "
			     "or fentry or kprobe support; run with -v for details",
			     failures);
	return err;
}

static int run(const struct udplife_env *env)
{
	struct ctx c = { .env = env };
	struct stream st = {};
	struct tracer t;
	int err, method = 0;

	err = tracer_init(&t, "udplife", &env->common);
	if (!err)
		err = filter_check(&t, &env->filter);
	if (!err && env->metrics.path)
		err = om_check(&t, &env->metrics);
	if (err)
		return err;
	c.t = &t;
	c.metrics = (struct om_source){
		.args = &env->metrics,
		.t = &t,
		.tool = "udplife",
		.table = { .keys = { "comm" }, .max = env->metrics.max_series },
		.hist_name = "coretrace_udplife_lifetime_seconds",
		.hist_help = "Lifetime of UDP sockets, creation to close (partial ones from first sight).",
		.unit_seconds = 1e-6,
		.counters = {
			[M_SOCKETS] = "coretrace_udplife_sockets_total",
			[M_TX_BYTES] = "coretrace_udplife_tx_bytes_total",
			[M_RX_BYTES] = "coretrace_udplife_rx_bytes_total",
		},
		.helps = {
			[M_SOCKETS] = "UDP sockets closed, by the command that created them.",
			[M_TX_BYTES] = "UDP payload bytes sent by sockets now closed.",
			[M_RX_BYTES] = "UDP payload bytes received by sockets now closed.",
		},
	};
	err = attach_best(&t, env, &c.skel, &method);
	if (err)
		goto cleanup;
	tracer_watch(&t, c.skel->obj);
	c.metrics.method = method_names[method];
	c.metrics.lost = &c.skel->bss->lost_events;
	err = stream_open(&st, &t, c.skel->maps.events, sizeof(struct udplife_event), handle_event,
			  &c);
	if (err)
		goto cleanup;
	udplife_out_init(&c.out, stdout, env->common.json, env->timestamp, env->wide || env->ipv6);
	if (!env->metrics.quiet)
		udplife_print_header(&c.out);
	err = tracer_flush(&t, stdout);
	if (err)
		goto cleanup;
	tracer_ready(&t, "UDP sockets");
	/* One poll until the end, so its final drain sees every socket closed
	 * before the stop. */
	err = stream_run(&st, stdout, &c.skel->bss->lost_events, 0,
			 env->metrics.path ? env->metrics.period : 0, om_source_write, &c.metrics);
cleanup:
	om_source_end(&c.metrics);
	stream_close(&st);
	udplife_bpf__destroy(c.skel);
	return err;
}

int udplife_main(int argc, char **argv)
{
	static struct udplife_env env; /* the port bitmaps make it 16 KiB */

	udplife_parse_args(argc, argv, &env);
	return tracer_exit_status(run(&env));
}
