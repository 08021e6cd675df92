// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sigsnoop: trace signals: who sent which signal to whom, and what became
 * of it.
 */
#include <argp.h>
#include <stddef.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sigsnoop.h"

#include "cgroup_names.h"
#include "names.h"
#include "openmetrics.h"
#include "stream.h"
#include "tracer.h"

#include "sigsnoop.skel.h"

/* glibc keeps kernel signals 32 and 33 for itself: the SIGRTMIN users
 * write in programs and type on command lines is 34. */
#define USER_SIGRTMIN	34
#define KERNEL_SIGRTMAX 64

static const char doc[] =
	"Trace signals: sender, signal, target, and what became of it.\v"
	"Examples:\n"
	"  sigsnoop                   # every signal the kernel generates\n"
	"  sigsnoop -k                # the kill(2) family of syscalls instead\n"
	"  sigsnoop -x                # only signals not delivered (-k: failed calls)\n"
	"  sigsnoop -n                # signal names instead of numbers\n"
	"  sigsnoop -p 181            # only signals sent by process 181\n"
	"  sigsnoop --target 181      # only signals sent to process 181\n"
	"  sigsnoop -s TERM,KILL,SIGRTMIN+3   # only these signals";

enum {
	OPT_TARGET = 0x100,
};

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "What to show:", ARGS_GROUP_TOOL },
	{ "kill", 'k', NULL, 0, "Trace the syscalls that send signals (kill, tgkill, ...)", 0 },
	{ "failed", 'x', NULL, 0, "Only signals not delivered (-k: failed calls)", 0 },
	{ "target", OPT_TARGET, "PID", 0, "Only signals sent to this process", 0 },
	{ "signal", 's', "SIGNALS", 0, "Only these signals: names or numbers, comma separated", 0 },
	{ "name", 'n', NULL, 0, "Print signal names instead of numbers", 0 },
	{}
};

static const struct filter_options filters = {
	.which = FILTER_PID | FILTER_CGROUP,
	.pid_doc = "Only signals sent by this process",
	.cgroup_doc = "Only senders in this cgroup v2 path",
	.containers = true,
};

int sigsnoop_parse_signal(const char *arg)
{
	char up[32], *name = up, *end;
	unsigned long long n = 0;
	int base, sign;
	size_t i;

	if (!*arg || strlen(arg) >= sizeof(up))
		return -1;
	for (i = 0; arg[i]; i++)
		up[i] = (char)toupper((unsigned char)arg[i]);
	up[i] = '\0';
	if (args_parse_ull(up, 0, KERNEL_SIGRTMAX, &n) == 0)
		return (int)n;
	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	if (strncmp(name, "RTMIN", 5) == 0) {
		base = USER_SIGRTMIN;
		sign = 1;
	} else if (strncmp(name, "RTMAX", 5) == 0) {
		base = KERNEL_SIGRTMAX;
		sign = -1;
	} else {
		return signal_value(name);
	}
	end = name + 5;
	if (*end) {
		if (*end != (sign > 0 ? '+' : '-') ||
		    args_parse_ull(end + 1, 0, KERNEL_SIGRTMAX - USER_SIGRTMIN, &n))
			return -1;
	}
	return base + sign * (int)n;
}

int sigsnoop_parse_list(const char *list, __u8 set[SIGSNOOP_NSIG], char *bad, size_t bad_len)
{
	char *copy = strdup(list), *rest = copy, *item;
	int sig, err = 0;

	if (!copy)
		return -ENOMEM;
	/* strsep, not strtok: "TERM,,KILL" and "TERM," are typos to report,
	 * as udplife's port lists do. */
	while ((item = strsep(&rest, ","))) {
		sig = *item ? sigsnoop_parse_signal(item) : -1;
		if (sig < 0 || sig >= SIGSNOOP_NSIG) {
			snprintf(bad, bad_len, "%s", item);
			err = -EINVAL;
			break;
		}
		set[sig] = 1;
	}
	free(copy);
	return err;
}

const char *sigsnoop_signal_name(int sig, char *buf, size_t len)
{
	const char *name = sig < USER_SIGRTMIN - 2 ? signal_name(sig) : NULL;

	if (name)
		return name;
	if (sig == USER_SIGRTMIN)
		snprintf(buf, len, "SIGRTMIN");
	else if (sig == KERNEL_SIGRTMAX)
		snprintf(buf, len, "SIGRTMAX");
	else if (sig > USER_SIGRTMIN && sig < KERNEL_SIGRTMAX)
		snprintf(buf, len, "SIGRTMIN+%d", sig - USER_SIGRTMIN);
	else if (sig > 0)
		snprintf(buf, len, "SIG%d", sig);
	else
		snprintf(buf, len, "%d", sig);
	return buf;
}

const char *sigsnoop_result(const struct sigsnoop_event *e, char *buf, size_t len)
{
	static const char *const results[] = {
		[SIGSNOOP_DELIVERED] = "delivered",	[SIGSNOOP_IGNORED] = "ignored",
		[SIGSNOOP_ALREADY_PENDING] = "pending", [SIGSNOOP_OVERFLOW_FAIL] = "overflow",
		[SIGSNOOP_LOSE_INFO] = "lose_info",
	};
	const char *name;

	if (e->source == SIGSNOOP_GENERATE) {
		if (e->result >= 0 && (size_t)e->result < ARRAY_SIZE(results))
			return results[e->result];
	} else if (e->result == 0) {
		return "0";
	} else if (e->result < 0 && (name = errno_name(-e->result))) {
		return name;
	}
	snprintf(buf, len, "%d", e->result);
	return buf;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct sigsnoop_env *env = state->input;
	char bad[64];

	switch (key) {
	case 'x': env->failed = true; break;
	case 'k': env->syscalls = true; break;
	case 'n': env->names = true; break;
	case OPT_TARGET: env->target = args_pid(state, arg, "target pid"); break;
	case 's':
		bad[0] = '\0';
		if (sigsnoop_parse_list(arg, env->sigs, bad, sizeof(bad)))
			args_usage_error(state,
					 "invalid signal: '%s' (a name like TERM or SIGRTMIN+3, "
					 "or a number 0-64)",
					 bad[0] ? bad : arg);
		env->sig_filter = true;
		break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct args_spec spec = {
	.options = options,
	.parser = parse_opt,
	.doc = doc,
	.common_offset = offsetof(struct sigsnoop_env, common),
	.common_opts = ARGS_DURATION | ARGS_BUFFER,
	.groups = {
		{ filter_argp, &filters, offsetof(struct sigsnoop_env, filter) },
		{ om_argp, NULL, offsetof(struct sigsnoop_env, metrics) },
	},
};

ARGS_PARSER(sigsnoop, spec)

enum {
	COL_TIME,
	COL_PID,
	COL_COMM,
	COL_CONTAINER,
	COL_SIG,
	COL_SIGNAME,
	COL_TPID,
	COL_TCOMM,
	COL_RESULT,
	COL_CGROUP
};

static const struct emit_col columns[] = {
	[COL_TIME] = { "TIME", NULL, EMIT_CLOCK, -8, 0 },
	[COL_PID] = { "PID", NULL, EMIT_INT, 7, 0 },
	[COL_COMM] = { "COMM", NULL, EMIT_STR, -16, 0 },
	[COL_CONTAINER] = { "CONTAINER", NULL, EMIT_STR, -20, 0 },
	[COL_SIG] = { "SIG", NULL, EMIT_INT, 4, 0 },
	[COL_SIGNAME] = { "SIG", "signal", EMIT_STR, -11, 0 },
	[COL_TPID] = { "TPID", NULL, EMIT_INT, 7, 0 },
	[COL_TCOMM] = { "TCOMM", NULL, EMIT_STR, -16, 0 },
	[COL_RESULT] = { "RESULT", NULL, EMIT_STR, 0, 0 },
	[COL_CGROUP] = { "CGROUP", NULL, EMIT_STR, 0, 0 },
};

#define BIT(c) ((uint64_t)1 << (c))

void sigsnoop_init_emitter(struct emitter *e, FILE *out, bool json, bool names, bool containers)
{
	uint64_t shown = json ? EMIT_ALL : EMIT_ALL & ~BIT(names ? COL_SIG : COL_SIGNAME);

	shown &= ~(BIT(COL_CONTAINER) | BIT(COL_CGROUP));
	shown |= cgroup_names_cols(containers, json, COL_CONTAINER, COL_CGROUP);

	emit_init(e, out, json, columns, ARRAY_SIZE(columns), shown);
}

void sigsnoop_print_event(const struct emitter *e, const struct sigsnoop_event *ev, double ts)
{
	union emit_val v[ARRAY_SIZE(columns)] = {};
	char comm[SIGSNOOP_COMM_LEN + 1], tcomm[SIGSNOOP_COMM_LEN + 1];
	char sig[32], result[32];

	memcpy(comm, ev->comm, SIGSNOOP_COMM_LEN);
	comm[SIGSNOOP_COMM_LEN] = '\0';
	memcpy(tcomm, ev->tcomm, SIGSNOOP_COMM_LEN);
	tcomm[SIGSNOOP_COMM_LEN] = '\0';
	v[COL_PID].i = ev->pid;
	v[COL_COMM].s = comm;
	v[COL_CONTAINER].s = cgroup_names_name(ev->cgroup_id, &v[COL_CGROUP].s);
	v[COL_SIG].i = ev->sig;
	v[COL_SIGNAME].s = sigsnoop_signal_name(ev->sig, sig, sizeof(sig));
	v[COL_TPID].i = ev->tpid;
	/* With -k, no target task when the call failed before picking one. */
	v[COL_TCOMM].s = ev->has_tcomm ? tcomm : "?";
	v[COL_RESULT].s = sigsnoop_result(ev, result, sizeof(result));
	emit_row(e, ts, v);
}

struct output {
	struct tracer *t;
	struct emitter e;
	bool quiet;
	struct om_source metrics; /* by signal and result, with --prometheus */
};

static int handle_event(void *ctx, const void *data, size_t size)
{
	struct output *o = ctx;
	struct sigsnoop_event ev;

	memcpy(&ev, data, sizeof(ev));
	if (!o->quiet)
		sigsnoop_print_event(&o->e, &ev, tracer_ktime_to_unix(o->t, ev.ts_ns));
	if (o->metrics.args->path) {
		char sig[32], result[32];
		struct om_series *s = om_table_get(&o->metrics.table,
						   sigsnoop_signal_name(ev.sig, sig, sizeof(sig)),
						   sigsnoop_result(&ev, result, sizeof(result)));

		if (!s)
			return -ENOMEM;
		s->counters[0]++;
	}
	return 0;
}

static const char *const syscall_names_of[SIGSNOOP_NR_SOURCES] = {
	[SIGSNOOP_KILL] = "kill",
	[SIGSNOOP_TKILL] = "tkill",
	[SIGSNOOP_TGKILL] = "tgkill",
	[SIGSNOOP_RT_SIGQUEUEINFO] = "rt_sigqueueinfo",
	[SIGSNOOP_RT_TGSIGQUEUEINFO] = "rt_tgsigqueueinfo",
	[SIGSNOOP_PIDFD_SEND_SIGNAL] = "pidfd_send_signal",
};

static void configure(const struct sigsnoop_env *env, struct tracer *t, struct sigsnoop_bpf *skel)
{
	bool btf = tracer_native_btf(t), task_storage = tracer_task_storage(t);
	bool by_task = env->syscalls && task_storage;
	bool by_tid = env->syscalls && btf && !task_storage, raw_tid = env->syscalls && !btf;
	struct sigsnoop_bpf__rodata *ro = skel->rodata;
	int i;

	filter_configure(&ro->filter, &env->filter);
	ro->targ_failed = env->failed;
	ro->targ_tpid = env->target;
	ro->targ_sig_filter = env->sig_filter;
	stream_size_ring(skel->maps.events, env->common.buffer, &ro->rb_wakeup_bytes,
			 &ro->rb_wakeup_step_shift);
	for (i = 0; i < SIGSNOOP_NSIG; i++)
		if (env->sigs[i])
			ro->targ_sigmask[i / 64] |= 1ULL << (i % 64);
	ro->nr_of[SIGSNOOP_GENERATE] = -1;
	for (i = SIGSNOOP_KILL; i < SIGSNOOP_NR_SOURCES; i++)
		ro->nr_of[i] = syscall_nr(syscall_names_of[i]);

	bpf_program__set_autoload(skel->progs.signal_generate, btf && !env->syscalls);
	bpf_program__set_autoload(skel->progs.sys_enter_task, by_task);
	bpf_program__set_autoload(skel->progs.sys_exit_task, by_task);
	bpf_program__set_autoload(skel->progs.signal_generate_task, by_task);
	bpf_program__set_autoload(skel->progs.sys_enter_tid, by_tid);
	bpf_program__set_autoload(skel->progs.sys_exit_tid, by_tid);
	bpf_program__set_autoload(skel->progs.signal_generate_tid, by_tid);
	/* raw_tp only when the kernel's BTF is not the one in use (--btf). */
	bpf_program__set_autoload(skel->progs.raw_signal_generate, !btf && !env->syscalls);
	bpf_program__set_autoload(skel->progs.raw_sys_enter_tid, raw_tid);
	bpf_program__set_autoload(skel->progs.raw_sys_exit_tid, raw_tid);
	bpf_program__set_autoload(skel->progs.raw_signal_generate_tid, raw_tid);
	bpf_map__set_autocreate(skel->maps.kill_state_task, by_task);
	if (!by_tid && !raw_tid)
		bpf_map__set_max_entries(skel->maps.kill_state_tid, 1);
	tracer_report(t, "method", "%s on %s%s", btf ? "tp_btf" : "raw_tp",
		      env->syscalls ? "sys_enter, sys_exit and signal_generate" : "signal_generate",
		      !env->syscalls ? ""
		      : task_storage ? "; entry state in task storage"
				     : "; entry state in a tid hash");
}

static int run(const struct sigsnoop_env *env)
{
	struct sigsnoop_bpf *skel = NULL;
	struct stream st = {};
	struct tracer t;
	struct output o = {
		.t = &t,
		.quiet = env->metrics.quiet,
		.metrics = {
			.args = &env->metrics,
			.t = &t,
			.tool = "sigsnoop",
			.table = { .keys = { "signal", "result" }, .max = env->metrics.max_series },
			.counters = { "coretrace_sigsnoop_signals_total" },
			.helps = { "Signals generated (with -k: sent by the kill family of syscalls), "
				   "by signal and result." },
		},
	};
	int err;

	err = tracer_init(&t, "sigsnoop", &env->common);
	if (!err && env->metrics.path)
		err = om_check(&t, &env->metrics);
	if (!err && env->target)
		err = filter_check_pid(&t, env->target, "target pid");
	if (err)
		return err;

	skel = sigsnoop_bpf__open_opts(tracer_open_opts(&t));
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
	sigsnoop_init_emitter(&o.e, stdout, env->common.json, env->names, env->filter.containers);
	err = stream_open(&st, &t, skel->maps.events, sizeof(struct sigsnoop_event), handle_event,
			  &o);
	if (err)
		goto cleanup;
	err = tracer_attach(&t, skel->skeleton,
			    env->syscalls ? "syscall tracepoints" : "signal:signal_generate");
	if (err)
		goto cleanup;
	tracer_ready(&t, env->syscalls ? "signal syscalls" : "signals");
	if (!o.quiet)
		emit_header(&o.e);
	err = stream_run(&st, stdout, &skel->bss->lost_events, env->common.duration,
			 env->metrics.path ? env->metrics.period : 0, om_source_write, &o.metrics);
cleanup:
	om_source_end(&o.metrics);
	stream_close(&st);
	sigsnoop_bpf__destroy(skel);
	return err;
}

int sigsnoop_main(int argc, char **argv)
{
	struct sigsnoop_env env;

	sigsnoop_parse_args(argc, argv, &env);
	return tracer_exit_status(run(&env));
}
