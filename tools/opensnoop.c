// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * opensnoop: trace opens of files by name (open, openat, openat2, creat),
 * one line per open.
 */
#include <argp.h>
#include <fcntl.h>
#include <stddef.h>
#include <bpf/libbpf.h>
#include <string.h>

#include "opensnoop.h"

#include "cgroup_names.h"
#include "names.h"
#include "openmetrics.h"
#include "stream.h"
#include "tracer.h"

#include "opensnoop.skel.h"

static const char doc[] = "Trace opens of files by name: open, openat, openat2 and creat.\v"
			  "Examples:\n"
			  "  opensnoop                # trace every open\n"
			  "  opensnoop -T -U          # with time and uid columns\n"
			  "  opensnoop -x             # only failed opens\n"
			  "  opensnoop -p 181         # only process 181\n"
			  "  opensnoop -u 1000        # only opens by uid 1000\n"
			  "  opensnoop -n nginx       # only commands whose name contains 'nginx'\n"
			  "  opensnoop -e             # with flags (octal) and mode\n"
			  "  opensnoop -F             # relative paths printed absolute\n"
			  "  opensnoop -d 10 -j       # JSON lines for 10 seconds";

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "What to show:", ARGS_GROUP_TOOL },
	{ "failed", 'x', NULL, 0, "Only failed opens", 0 },
	{ "name", 'n', "NAME", 0, "Only commands whose name contains NAME", 0 },
	{ "full-path", 'F', NULL, 0, "Print relative paths as absolute paths", 0 },
	{ NULL, 0, NULL, 0, "Columns:", ARGS_GROUP_OUTPUT },
	{ "timestamp", 'T', NULL, 0, "Print a TIME column", 0 },
	{ "print-uid", 'U', NULL, 0, "Print a UID column", 0 },
	{ "extended-fields", 'e', NULL, 0, "Print FLAGS (octal) and MODE columns", 0 },
	{}
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct opensnoop_env *env = state->input;

	switch (key) {
	case 'T': env->timestamp = true; break;
	case 'U': env->print_uid = true; break;
	case 'x': env->failed = true; break;
	case 'n':
		/* A command name is at most 15 bytes: a longer NAME never matches. */
		if (!*arg || strlen(arg) >= OPENSNOOP_COMM_LEN)
			args_usage_error(state, "invalid name: '%s' (1 to %d characters)", arg,
					 OPENSNOOP_COMM_LEN - 1);
		env->name = arg;
		break;
	case 'e': env->extended = true; break;
	case 'F': env->full_path = true; break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct filter_options filters = {
	.which = FILTER_PID | FILTER_TID | FILTER_UID | FILTER_CGROUP,
	.containers = true,
};

static const struct args_spec spec = {
	.options = options,
	.parser = parse_opt,
	.doc = doc,
	.common_offset = offsetof(struct opensnoop_env, common),
	.common_opts = ARGS_DURATION | ARGS_BUFFER,
	.groups = {
		{ filter_argp, &filters, offsetof(struct opensnoop_env, filter) },
		{ om_argp, NULL, offsetof(struct opensnoop_env, metrics) },
	},
};

ARGS_PARSER(opensnoop, spec)

enum {
	COL_TIME,
	COL_UID,
	COL_PID,
	COL_COMM,
	COL_FD,
	COL_ERR,
	COL_FLAGS,
	COL_MODE,
	COL_CONTAINER,
	COL_CGROUP,
	COL_PATH,
	COL_PATH_CUT
};

static const struct emit_col columns[] = {
	[COL_TIME] = { "TIME", NULL, EMIT_CLOCK, -8, 0 },
	[COL_UID] = { "UID", NULL, EMIT_UINT, 6, 0 },
	[COL_PID] = { "PID", NULL, EMIT_INT, 7, 0 },
	[COL_COMM] = { "COMM", NULL, EMIT_STR, -16, 0 },
	[COL_FD] = { "FD", NULL, EMIT_INT, 3, 0 },
	[COL_ERR] = { "ERR", NULL, EMIT_INT, 3, 0 },
	[COL_FLAGS] = { "FLAGS", NULL, EMIT_OCT, 8, 0 },
	[COL_MODE] = { "MODE", NULL, EMIT_OCT, 5, 0 },
	[COL_CONTAINER] = { "CONTAINER", NULL, EMIT_STR, -20, 0 },
	[COL_CGROUP] = { "CGROUP", NULL, EMIT_STR, 0, 0 },
	[COL_PATH] = { "PATH", NULL, EMIT_STR, 0, 0 },
	[COL_PATH_CUT] = { "PATH_TRUNCATED", "path_truncated", EMIT_BOOL, 0, 0 },
};

#define BIT(c) ((uint64_t)1 << (c))

void opensnoop_init_emitter(struct emitter *e, FILE *out, bool json, bool timestamp, bool uid,
			    bool extended, bool containers)
{
	uint64_t shown = BIT(COL_PID) | BIT(COL_COMM) | BIT(COL_FD) | BIT(COL_ERR) | BIT(COL_PATH);

	shown |= cgroup_names_cols(containers, json, COL_CONTAINER, COL_CGROUP);
	if (timestamp)
		shown |= BIT(COL_TIME);
	if (uid || json)
		shown |= BIT(COL_UID);
	if (extended || json)
		shown |= BIT(COL_FLAGS) | BIT(COL_MODE);
	/* Text marks a cut path in PATH itself. */
	if (json)
		shown |= BIT(COL_PATH_CUT);
	emit_init(e, out, json, columns, ARRAY_SIZE(columns), shown);
}

void opensnoop_print_event(const struct emitter *e, const struct opensnoop_event *ev,
			   const char *path, double ts)
{
	union emit_val v[ARRAY_SIZE(columns)] = {};
	bool dir_cut = ev->flags_out & OPENSNOOP_F_DIR_CUT,
	     cut = ev->flags_out & OPENSNOOP_F_PATH_CUT;
	char marked[OPENSNOOP_DIR_MAX + OPENSNOOP_PATH_MAX + 16];

	v[COL_UID].u = ev->uid;
	v[COL_PID].i = ev->pid;
	v[COL_COMM].s = ev->comm;
	v[COL_FD].i = ev->ret >= 0 ? ev->ret : -1;
	v[COL_ERR].i = ev->ret >= 0 ? 0 : -ev->ret;
	v[COL_FLAGS].u = ev->flags;
	/* The kernel reads the mode argument only for O_CREAT and O_TMPFILE;
	 * otherwise it is whatever was in the register. */
	v[COL_MODE].u = ev->flags & (O_CREAT | (O_TMPFILE & ~O_DIRECTORY)) ? ev->mode : 0;
	v[COL_CONTAINER].s = cgroup_names_name(ev->cgroup_id, &v[COL_CGROUP].s);
	v[COL_PATH].s = path;
	/* -F left a path relative (directory too deep to walk), or the path
	 * was cut: text shows "[...]" where the missing part is. */
	if (!e->json && (dir_cut || cut)) {
		snprintf(marked, sizeof(marked), "%s%s%s", dir_cut ? "[...]/" : "", path,
			 cut ? "[...]" : "");
		v[COL_PATH].s = marked;
	}
	v[COL_PATH_CUT].u = dir_cut || cut;
	emit_row(e, ts, v);
}

struct output {
	struct tracer *t;
	struct emitter e;
	bool quiet;
	struct om_source metrics; /* by comm and result, with --prometheus */
};

/* "ok", or the errno's name: a bounded label, unlike the path. */
static const char *open_result(int ret, char *buf, size_t len)
{
	const char *name = ret < 0 ? errno_name(-ret) : "ok";

	if (name)
		return name;
	snprintf(buf, len, "E%d", -ret);
	return buf;
}

static int handle_event(void *ctx, const void *data, size_t size)
{
	struct output *o = ctx;
	struct opensnoop_event ev;
	const char *path = (const char *)data + sizeof(ev);

	memcpy(&ev, data, sizeof(ev));
	if (ev.path_len == 0 || ev.path_len > size - sizeof(ev) || path[ev.path_len - 1] != '\0')
		return STREAM_MALFORMED;
	ev.comm[OPENSNOOP_COMM_LEN - 1] = '\0'; /* trust no producer */
	if (!o->quiet)
		opensnoop_print_event(&o->e, &ev, path, tracer_ktime_to_unix(o->t, ev.ts_ns));
	if (o->metrics.args->path) {
		char buf[16];
		struct om_series *s = om_table_get(&o->metrics.table, ev.comm,
						   open_result(ev.ret, buf, sizeof(buf)));

		if (!s)
			return -ENOMEM;
		s->counters[0]++;
	}
	return 0;
}

static void configure(const struct opensnoop_env *env, struct tracer *t, struct opensnoop_bpf *skel)
{
	bool btf = tracer_native_btf(t), task_storage = tracer_task_storage(t);
	struct opensnoop_bpf__rodata *ro = skel->rodata;
	bool full = env->full_path;

	filter_configure(&ro->filter, &env->filter);
	/* From this build's syscall table: -1 where the architecture has no
	 * such syscall. A kernel older than the syscall never sees its number
	 * called except by programs probing for it, which get ENOSYS and are
	 * shown so. */
	ro->nr_open = syscall_nr("open");
	ro->nr_openat = syscall_nr("openat");
	ro->nr_openat2 = syscall_nr("openat2");
	ro->nr_creat = syscall_nr("creat");
	ro->targ_failed = env->failed;
	if (env->name) {
		memcpy((char *)ro->targ_comm, env->name, strlen(env->name));
		ro->targ_comm_len = (__u32)strlen(env->name);
	}

	/* Exit programs in pairs: the _full ones walk directories for -F. */
	bpf_program__set_autoload(skel->progs.sys_enter_task, task_storage);
	bpf_program__set_autoload(skel->progs.sys_exit_task, task_storage && !full);
	bpf_program__set_autoload(skel->progs.sys_exit_task_full, task_storage && full);
	bpf_program__set_autoload(skel->progs.sys_enter_tid, btf && !task_storage);
	bpf_program__set_autoload(skel->progs.sys_exit_tid, btf && !task_storage && !full);
	bpf_program__set_autoload(skel->progs.sys_exit_tid_full, btf && !task_storage && full);
	/* raw_tp only when the kernel's BTF is not the one in use (--btf). */
	bpf_program__set_autoload(skel->progs.raw_sys_enter_tid, !btf);
	bpf_program__set_autoload(skel->progs.raw_sys_exit_tid, !btf && !full);
	bpf_program__set_autoload(skel->progs.raw_sys_exit_tid_full, !btf && full);
	bpf_map__set_autocreate(skel->maps.open_state_task, task_storage);
	if (task_storage)
		bpf_map__set_max_entries(skel->maps.open_state_tid, 1);
	stream_size_ring(skel->maps.events, env->common.buffer, &ro->rb_wakeup_bytes,
			 &ro->rb_wakeup_step_shift);
	tracer_report(t, "method", "%s on sys_enter and sys_exit; entry state in %s",
		      btf ? "tp_btf" : "raw_tp", task_storage ? "task storage" : "a tid hash");
}

static int run(const struct opensnoop_env *env)
{
	struct opensnoop_bpf *skel = NULL;
	struct stream st = {};
	struct tracer t;
	struct output o = {
		.t = &t,
		.quiet = env->metrics.quiet,
		.metrics = {
			.args = &env->metrics,
			.t = &t,
			.tool = "opensnoop",
			.table = { .keys = { "comm", "result" }, .max = env->metrics.max_series },
			.counters = { "coretrace_opensnoop_opens_total" },
			.helps = { "Opens of files by name, by command and result (ok or the errno)." },
		},
	};
	int err;

	err = tracer_init(&t, "opensnoop", &env->common);
	if (!err && env->metrics.path)
		err = om_check(&t, &env->metrics);
	if (err)
		return err;

	skel = opensnoop_bpf__open_opts(tracer_open_opts(&t));
	if (!skel) {
		err = tracer_load_error(&t, "open BPF object", -errno);
		goto cleanup;
	}
	configure(env, &t, skel);
	err = filter_load(&t, skel->skeleton, &env->filter, skel->maps.filter_cgroup);
	if (err)
		goto cleanup;
	o.metrics.method = tracer_native_btf(&t) ? "tp_btf" : "raw_tp";
	o.metrics.lost = &skel->bss->lost_events;
	opensnoop_init_emitter(&o.e, stdout, env->common.json, env->timestamp, env->print_uid,
			       env->extended, env->filter.containers);
	err = stream_open(&st, &t, skel->maps.events, sizeof(struct opensnoop_event), handle_event,
			  &o);
	if (err)
		goto cleanup;
	err = tracer_attach(&t, skel->skeleton, "syscall tracepoints");
	if (err)
		goto cleanup;
	tracer_ready(&t, "file opens");
	if (!o.quiet)
		emit_header(&o.e);
	err = stream_run(&st, stdout, &skel->bss->lost_events, env->common.duration,
			 env->metrics.path ? env->metrics.period : 0, om_source_write, &o.metrics);
cleanup:
	om_source_end(&o.metrics);
	stream_close(&st);
	opensnoop_bpf__destroy(skel);
	return err;
}

int opensnoop_main(int argc, char **argv)
{
	struct opensnoop_env env;

	opensnoop_parse_args(argc, argv, &env);
	return tracer_exit_status(run(&env));
}
