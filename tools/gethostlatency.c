// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * gethostlatency: show name lookups (getaddrinfo, gethostbyname...) with
 * their latency and result, from uprobes in whichever library or binary
 * has them.
 */
#include <argp.h>
#include <stddef.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gethostlatency.h"

#include "cgroup_names.h"
#include "elfsym.h"
#include "libfind.h"
#include "names.h"
#include "openmetrics.h"
#include "stream.h"
#include "tracer.h"
#include "uprobes.h"

#include "gethostlatency.skel.h"

#if defined(__x86_64__)
#define MUSL_LIBC "libc.musl-x86_64.so.1"
#elif defined(__aarch64__)
#define MUSL_LIBC "libc.musl-aarch64.so.1"
#else
#define MUSL_LIBC "libc.musl.so.1"
#endif

static const char doc[] =
	"Show latency and result of name lookups (getaddrinfo, gethostbyname...).\n"
	"\n"
	"Without -p, probes the system's libc; with -p, every library and the\n"
	"program that process has mapped (its container's own libc included).\v"
	"Examples:\n"
	"  gethostlatency                    # every process using the system libc\n"
	"  gethostlatency -p 1234            # only process 1234, whatever libc it uses\n"
	"  gethostlatency -l /lib/ld-musl-x86_64.so.1   # also musl programs\n"
	"  gethostlatency -l ./static-prog   # a statically linked program\n"
	"  gethostlatency -v                 # say what was probed and attached";

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "What to probe:", ARGS_GROUP_TOOL },
	{ "lib", 'l', "LIB", 0, "Also probe this library or binary (path or name, repeatable)", 0 },
	{}
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct gethostlatency_env *env = state->input;

	switch (key) {
	case 'l':
		if (!*arg)
			args_usage_error(state, "-l needs a library name or path");
		if (env->nlibs == GETHOSTLATENCY_MAX_LIBS)
			args_usage_error(state, "at most %d -l options", GETHOSTLATENCY_MAX_LIBS);
		env->libs[env->nlibs++] = arg;
		break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct filter_options filters = {
	.which = FILTER_PID,
	.pid_doc = "Trace only this process (and probe what it has mapped)",
	.containers = true,
};

static const struct args_spec spec = {
	.options = options,
	.parser = parse_opt,
	.doc = doc,
	.common_offset = offsetof(struct gethostlatency_env, common),
	.common_opts = ARGS_BUFFER,
	.groups = {
		{ filter_argp, &filters, offsetof(struct gethostlatency_env, filter) },
		{ om_argp, NULL, offsetof(struct gethostlatency_env, metrics) },
	},
};

ARGS_PARSER(gethostlatency, spec)

static const char *const func_names[GHL_NR_FUNCS] = {
	[GHL_GETADDRINFO] = "getaddrinfo",	     [GHL_GETHOSTBYNAME] = "gethostbyname",
	[GHL_GETHOSTBYNAME2] = "gethostbyname2",     [GHL_GETHOSTBYNAME_R] = "gethostbyname_r",
	[GHL_GETHOSTBYNAME2_R] = "gethostbyname2_r",
};

/* getaddrinfo's codes are the same in glibc and musl. */
static const char *eai_name(int code)
{
	static const char *const names[] = {
		[1] = "EAI_BADFLAGS", [2] = "EAI_NONAME",  [3] = "EAI_AGAIN",
		[4] = "EAI_FAIL",     [5] = "EAI_NODATA",  [6] = "EAI_FAMILY",
		[7] = "EAI_SOCKTYPE", [8] = "EAI_SERVICE", [9] = "EAI_ADDRFAMILY",
		[10] = "EAI_MEMORY",  [11] = "EAI_SYSTEM", [12] = "EAI_OVERFLOW",
	};

	if (code < 0 && -code < (int)ARRAY_SIZE(names))
		return names[-code];
	return NULL;
}

static const char *herrno_name(int code)
{
	static const char *const names[] = {
		[1] = "HOST_NOT_FOUND",
		[2] = "TRY_AGAIN",
		[3] = "NO_RECOVERY",
		[4] = "NO_DATA",
	};

	if (code > 0 && code < (int)ARRAY_SIZE(names))
		return names[code];
	return NULL;
}

const char *gethostlatency_result(const struct ghl_event *e, char *buf, size_t len)
{
	const char *name = NULL;

	switch (e->status) {
	case GHL_OK: return "ok";
	case GHL_EAI:
		name = eai_name(e->code);
		if (!name)
			snprintf(buf, len, "EAI_%d", e->code);
		break;
	case GHL_HERRNO:
		name = herrno_name(e->code);
		if (!name)
			snprintf(buf, len, "h_errno=%d", e->code);
		break;
	case GHL_ERRNO:
		name = errno_name(e->code);
		if (!name)
			snprintf(buf, len, "errno=%d", e->code);
		break;
	default: return "failed";
	}
	return name ? name : buf;
}

enum {
	COL_TIME,
	COL_PID,
	COL_COMM,
	COL_CONTAINER,
	COL_LAT,
	COL_RESULT,
	COL_HOST,
	COL_FUNC,
	COL_ADDRS,
	COL_ADDRS_MORE,
	COL_TID,
	COL_CGROUP
};

static const struct emit_col cols[] = {
	[COL_TIME] = { "TIME", NULL, EMIT_CLOCK, -8, 0 },
	[COL_PID] = { "PID", NULL, EMIT_UINT, -7, 0 },
	[COL_COMM] = { "COMM", NULL, EMIT_STR, -16, 0 },
	[COL_CONTAINER] = { "CONTAINER", NULL, EMIT_STR, -20, 0 },
	[COL_LAT] = { "LATms", "lat_ms", EMIT_FLOAT, 10, 3 },
	[COL_RESULT] = { "RESULT", NULL, EMIT_STR, -14, 0 },
	[COL_HOST] = { "HOST", NULL, EMIT_STR, 0, 0 },
	[COL_FUNC] = { "FUNC", NULL, EMIT_STR, 0, 0 },
	[COL_ADDRS] = { "ADDRS", NULL, EMIT_UINT, 0, 0 },
	[COL_ADDRS_MORE] = { "ADDRS_TRUNCATED", "addrs_truncated", EMIT_BOOL, 0, 0 },
	[COL_TID] = { "TID", NULL, EMIT_UINT, 0, 0 },
	[COL_CGROUP] = { "CGROUP", NULL, EMIT_STR, 0, 0 },
};

#define TEXT_COLS      ((1u << COL_FUNC) - 1)
#define JSON_COLS      EMIT_ALL
#define CONTAINER_COLS ((1u << COL_CONTAINER) | (1u << COL_CGROUP))

void gethostlatency_init_emitter(struct emitter *em, FILE *out, bool json, bool containers)
{
	uint64_t shown = (json ? JSON_COLS : TEXT_COLS) & ~(uint64_t)CONTAINER_COLS;

	shown |= cgroup_names_cols(containers, json, COL_CONTAINER, COL_CGROUP);
	emit_init(em, out, json, cols, ARRAY_SIZE(cols), shown);
}

int gethostlatency_print_event(const struct emitter *em, const void *data, size_t size, double ts)
{
	const struct ghl_event *e = data;
	char host[GHL_HOST_LEN], buf[32], result[48];
	union emit_val v[ARRAY_SIZE(cols)];
	size_t hlen;

	if (size < offsetof(struct ghl_event, host))
		return -EINVAL;
	hlen = e->host_len;
	if (hlen > size - offsetof(struct ghl_event, host))
		hlen = size - offsetof(struct ghl_event, host);
	if (hlen >= sizeof(host))
		hlen = sizeof(host) - 1;
	memcpy(host, e->host, hlen);
	host[hlen] = '\0';

	v[COL_PID].u = e->pid;
	v[COL_TID].u = e->tid;
	v[COL_COMM].s = e->comm;
	v[COL_CONTAINER].s = cgroup_names_name(e->cgroup_id, &v[COL_CGROUP].s);
	v[COL_LAT].d = (double)e->lat_ns / 1e6;
	v[COL_RESULT].s = gethostlatency_result(e, buf, sizeof(buf));
	if (e->status == GHL_OK && !em->json) {
		/* A list longer than the BPF side reads: at least that many. */
		snprintf(result, sizeof(result), "ok(%s%u)", e->naddrs_more ? ">=" : "", e->naddrs);
		v[COL_RESULT].s = result;
	}
	v[COL_HOST].s = host;
	v[COL_FUNC].s = e->func < GHL_NR_FUNCS ? func_names[e->func] : "?";
	v[COL_ADDRS].u = e->naddrs;
	v[COL_ADDRS_MORE].u = e->naddrs_more;
	emit_row(em, ts, v);
	return 0;
}

struct run_ctx {
	const struct gethostlatency_env *env;
	struct tracer *t;
	struct emitter em;
	struct om_source metrics; /* by comm and result, with --prometheus */
};

static int add_to_metrics(struct run_ctx *rc, const struct ghl_event *e)
{
	char comm[GHL_COMM_LEN + 1], buf[32];
	struct om_series *series;

	memcpy(comm, e->comm, GHL_COMM_LEN);
	comm[GHL_COMM_LEN] = '\0';
	series = om_table_get(&rc->metrics.table, comm, gethostlatency_result(e, buf, sizeof(buf)));
	if (!series)
		return -ENOMEM;
	hist_record(&series->hist, e->lat_ns / 1000);
	return 0;
}

static int handle_event(void *ctx, const void *data, size_t size)
{
	struct run_ctx *rc = ctx;
	const struct ghl_event *e = data;

	if (!rc->env->metrics.quiet)
		gethostlatency_print_event(&rc->em, data, size,
					   tracer_ktime_to_unix(rc->t, e->end_ns));
	if (rc->env->metrics.path && add_to_metrics(rc, e))
		return -ENOMEM;
	return 0;
}

/* Each function's entry program, where there are no sessions. */
static void entry_programs(struct gethostlatency_bpf *skel,
			   struct bpf_program *entries[GHL_NR_FUNCS])
{
	entries[GHL_GETADDRINFO] = skel->progs.getaddrinfo_enter;
	entries[GHL_GETHOSTBYNAME] = skel->progs.gethostbyname_enter;
	entries[GHL_GETHOSTBYNAME2] = skel->progs.gethostbyname2_enter;
	entries[GHL_GETHOSTBYNAME_R] = skel->progs.gethostbyname_r_enter;
	entries[GHL_GETHOSTBYNAME2_R] = skel->progs.gethostbyname2_r_enter;
}

/* Before load: the entry programs and the shared return program, or with
 * @sessions only the session program. */
static void choose_programs(struct gethostlatency_bpf *skel, bool sessions)
{
	struct bpf_program *entries[GHL_NR_FUNCS];
	int f;

	entry_programs(skel, entries);
	for (f = 0; f < GHL_NR_FUNCS; f++)
		bpf_program__set_autoload(entries[f], !sessions);
	bpf_program__set_autoload(skel->progs.lookup_return, !sessions);
	bpf_program__set_autoload(skel->progs.lookup_session, sessions);
	skel->rodata->uprobe_sessions = sessions;
}

/* What to attach to each function: as choose_programs chose, the session
 * program told which function by its cookie. */
static void probe_table(struct gethostlatency_bpf *skel, bool sessions,
			struct uprobe_func funcs[GHL_NR_FUNCS])
{
	struct bpf_program *entries[GHL_NR_FUNCS];
	int f;

	entry_programs(skel, entries);
	for (f = 0; f < GHL_NR_FUNCS; f++)
		funcs[f] = (struct uprobe_func){
			.name = func_names[f],
			.entry = sessions ? skel->progs.lookup_session : entries[f],
			.ret = sessions ? NULL : skel->progs.lookup_return,
			.cookie = (unsigned long long)f,
		};
}

/* Probe the system's libc (or, with -p, everything the process maps) and
 * each -l library. An -l that can't be read or has none of the functions
 * is an error: the user asked for it by name. */
static int attach_all(const struct gethostlatency_env *env, struct tracer *t,
		      struct gethostlatency_bpf *skel, struct uprobe_set *set)
{
	struct uprobe_func funcs[GHL_NR_FUNCS];
	struct libfind_set objs = {}, libs = {};
	size_t i;
	int err, i_lib;

	probe_table(skel, set->kind == UPROBE_SESSION, funcs);

	if (env->filter.pid) {
		err = libfind_process(env->filter.pid, &objs);
	} else {
		/* glibc's libc.so.6, or musl's libc where the system is musl. */
		err = libfind_library("libc", 0, &objs);
		if (err == 0)
			err = libfind_library(MUSL_LIBC, 0, &objs);
	}
	if (err < 0) {
		tracer_error(t, "cannot list the libraries of %s: %s",
			     env->filter.pid ? "the process" : "the system", strerror(-err));
		goto cleanup;
	}
	for (i = 0; i < objs.n; i++) {
		err = uprobe_attach_file(set, &objs.v[i], funcs, GHL_NR_FUNCS, NULL);
		if (err == -ENOMEM)
			goto cleanup;
		if (err < 0)
			tracer_info(t, "skipping %s: %s", objs.v[i].path, strerror(-err));
	}
	for (i_lib = 0; i_lib < env->nlibs; i_lib++) {
		const char *lib = env->libs[i_lib];

		/* A path is a host path (as for sslsnoop --binary); a name is
		 * looked up in what the process uses. */
		libfind_free(&libs);
		err = libfind_library(lib, strchr(lib, '/') ? 0 : env->filter.pid, &libs);
		if (err < 0 || libs.n == 0) {
			tracer_error(t, "cannot find library %s%s%s", lib, err < 0 ? ": " : "",
				     err < 0 ? elf_strerror(err) : "");
			err = err < 0 ? err : -ENOENT;
			goto cleanup;
		}
		for (i = 0; i < libs.n; i++) {
			err = libfind_add_file(&objs, &libs.v[i]);
			if (err == 0)
				continue; /* probed already */
			if (err > 0)
				err = uprobe_attach_file(set, &libs.v[i], funcs, GHL_NR_FUNCS,
							 NULL);
			if (err < 0) {
				tracer_error(t, "cannot read %s: %s", libs.v[i].path,
					     elf_strerror(err));
				goto cleanup;
			}
			if (err == 0) {
				tracer_error(t, "%s has none of getaddrinfo, gethostbyname*",
					     libs.v[i].path);
				err = -ENOENT;
				goto cleanup;
			}
		}
	}
	err = 0;
	if (!set->attached) {
		tracer_error(t,
			     "attached to nothing: no getaddrinfo or gethostbyname found in %s "
			     "(name a library or static binary with -l)",
			     env->filter.pid ? "the process" : "the system libc");
		err = -ENOENT;
	}
cleanup:
	libfind_free(&objs);
	libfind_free(&libs);
	return err;
}

static int run(const struct gethostlatency_env *env)
{
	struct gethostlatency_bpf *skel = NULL;
	struct stream st = {};
	struct uprobe_set set;
	struct run_ctx rc;
	struct tracer t;
	int err;

	err = tracer_init(&t, "gethostlatency", &env->common);
	if (!err && env->metrics.path)
		err = om_check(&t, &env->metrics);
	if (err)
		return err;
	uprobe_set_init(&set, &t, env->filter.pid);
	memset(&rc, 0, sizeof(rc));
	rc.env = env;
	rc.metrics = (struct om_source){
		.args = &env->metrics,
		.t = &t,
		.tool = "gethostlatency",
		.table = { .keys = { "comm", "result" }, .max = env->metrics.max_series },
		.hist_name = "coretrace_gethostlatency_seconds",
		.hist_help =
			"Name lookup latency (getaddrinfo, gethostbyname*), by command and result.",
		.unit_seconds = 1e-6,
	};
	rc.t = &t;
	gethostlatency_init_emitter(&rc.em, stdout, env->common.json, env->filter.containers);

	skel = gethostlatency_bpf__open_opts(tracer_open_opts(&t));
	if (!skel) {
		err = tracer_load_error(&t, "open BPF object", -errno);
		goto cleanup;
	}
	filter_configure(&skel->rodata->filter, &env->filter);
	stream_size_ring(skel->maps.events, env->common.buffer, &skel->rodata->rb_wakeup_bytes,
			 &skel->rodata->rb_wakeup_step_shift);
	choose_programs(skel, uprobe_set_prepare(&set, skel->obj, true) == UPROBE_SESSION);
	rc.metrics.method = uprobe_kind_name(set.kind);
	err = filter_load(&t, skel->skeleton, &env->filter, skel->maps.filter_cgroup);
	if (err)
		goto cleanup;

	skel->links.thread_exit = bpf_program__attach(skel->progs.thread_exit);
	if (!skel->links.thread_exit) {
		err = tracer_load_error(&t, "attach to sched:sched_process_exit", -errno);
		goto cleanup;
	}
	err = attach_all(env, &t, skel, &set);
	if (!err)
		err = stream_open(&st, &t, skel->maps.events, offsetof(struct ghl_event, host),
				  handle_event, &rc);
	if (err)
		goto cleanup;
	if (!env->metrics.quiet)
		emit_header(&rc.em);
	tracer_ready(&t, "name lookups");
	rc.metrics.lost = &skel->bss->lost_events;
	err = stream_run(&st, stdout, &skel->bss->lost_events, 0,
			 env->metrics.path ? env->metrics.period : 0, om_source_write, &rc.metrics);
cleanup:
	om_source_end(&rc.metrics);
	stream_close(&st);
	uprobe_set_destroy(&set);
	gethostlatency_bpf__destroy(skel);
	return err;
}

int gethostlatency_main(int argc, char **argv)
{
	struct gethostlatency_env env;

	gethostlatency_parse_args(argc, argv, &env);
	return tracer_exit_status(run(&env));
}
