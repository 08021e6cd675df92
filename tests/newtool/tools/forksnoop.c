// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* forksnoop: one line per new process or thread (README, "Adding a tool"). */
#include <argp.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "forksnoop.h"

#include "stream.h"
#include "tracer.h"

#include "forksnoop.skel.h"

static const char doc[] = "Trace new processes and threads.\v"
			  "Examples:\n"
			  "  forksnoop            # every fork and clone\n"
			  "  forksnoop -p 181     # only those of process 181";

static const struct filter_options filters = {
	.which = FILTER_PID | FILTER_UID | FILTER_CGROUP,
	.pid_doc = "Only tasks created by this process",
};

static const struct args_spec spec = {
	.doc = doc,
	.common_offset = offsetof(struct forksnoop_env, common),
	.common_opts = ARGS_DURATION | ARGS_BUFFER,
	.groups = { { filter_argp, &filters, offsetof(struct forksnoop_env, filter) } },
};

ARGS_PARSER(forksnoop, spec)

enum {
	COL_TIME,
	COL_PPID,
	COL_PID,
	COL_TID,
	COL_COMM
};

static const struct emit_col columns[] = {
	[COL_TIME] = { "TIME", NULL, EMIT_CLOCK, -8, 0 },
	[COL_PPID] = { "PPID", NULL, EMIT_UINT, 7, 0 },
	[COL_PID] = { "PID", NULL, EMIT_UINT, 7, 0 },
	[COL_TID] = { "TID", NULL, EMIT_UINT, 7, 0 },
	[COL_COMM] = { "COMM", NULL, EMIT_STR, 0, 0 },
};

void forksnoop_init_emitter(struct emitter *e, FILE *out, bool json)
{
	emit_init(e, out, json, columns, ARRAY_SIZE(columns), EMIT_ALL);
}

void forksnoop_print_event(const struct emitter *e, const struct forksnoop_event *ev, double ts)
{
	char comm[FORKSNOOP_COMM_LEN + 1];
	union emit_val v[ARRAY_SIZE(columns)] = {};

	memcpy(comm, ev->comm, FORKSNOOP_COMM_LEN);
	comm[FORKSNOOP_COMM_LEN] = '\0';
	v[COL_PPID].u = ev->ppid;
	v[COL_PID].u = ev->pid;
	v[COL_TID].u = ev->tid;
	v[COL_COMM].s = comm;
	emit_row(e, ts, v);
}

struct output {
	struct tracer *t;
	struct emitter e;
};

static int handle_event(void *ctx, const void *data, size_t size)
{
	struct output *o = ctx;
	struct forksnoop_event ev;

	memcpy(&ev, data, sizeof(ev));
	forksnoop_print_event(&o->e, &ev, tracer_ktime_to_unix(o->t, ev.ts_ns));
	return 0;
}

static int run(const struct forksnoop_env *env)
{
	struct forksnoop_bpf *skel = NULL;
	struct stream st = {};
	struct output o = {};
	struct tracer t;
	int err;

	err = tracer_init(&t, "forksnoop", &env->common);
	if (err)
		return err;
	skel = forksnoop_bpf__open_opts(tracer_open_opts(&t));
	if (!skel) {
		err = tracer_load_error(&t, "open BPF object", -errno);
		goto cleanup;
	}
	filter_configure(&skel->rodata->filter, &env->filter);
	stream_size_ring(skel->maps.events, env->common.buffer, &skel->rodata->rb_wakeup_bytes,
			 &skel->rodata->rb_wakeup_step_shift);
	err = filter_load(&t, skel->skeleton, &env->filter, skel->maps.filter_cgroup);
	if (err)
		goto cleanup;
	o.t = &t;
	forksnoop_init_emitter(&o.e, stdout, env->common.json);
	err = stream_open(&st, &t, skel->maps.events, sizeof(struct forksnoop_event), handle_event,
			  &o);
	if (!err)
		err = tracer_attach(&t, skel->skeleton, "sched:sched_process_fork");
	if (err)
		goto cleanup;
	tracer_report(&t, "method", "tp_btf on sched_process_fork");
	tracer_ready(&t, "new tasks");
	emit_header(&o.e);
	err = stream_run(&st, stdout, &skel->bss->lost_events, env->common.duration, 0, NULL, NULL);
cleanup:
	stream_close(&st);
	forksnoop_bpf__destroy(skel);
	return err;
}

int forksnoop_main(int argc, char **argv)
{
	struct forksnoop_env env;

	forksnoop_parse_args(argc, argv, &env);
	return tracer_exit_status(run(&env));
}
