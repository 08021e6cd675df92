// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sigsnoop: trace signals: who sent which signal to whom, and what became
 * of it.
 *
 * USAGE: sigsnoop [-x] [-k] [-n] [-p PID] [--target PID] [-s SIGNALS]
 *                 [-c CGROUP] [-d SECS] [-b SIZE] [-j]
 */
#include <argp.h>
#include <stddef.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "emit.h"
#include "filter.h"
#include "lib/filter.h"
#include "names.h"
#include "sigsnoop.h"
#include "stream.h"
#include "tracer.h"

#include "sigsnoop.skel.h"

/* glibc keeps kernel signals 32 and 33 for itself: the SIGRTMIN users
 * write in programs and type on command lines is 34. */
#define USER_SIGRTMIN	34
#define KERNEL_SIGRTMAX 64

struct sigsnoop_env {
	struct common_args common;
	bool failed;   /* -x */
	bool syscalls; /* -k */
	bool names;    /* -n */
	int pid;       /* -p: sender */
	int target;    /* --target: receiver */
	bool sig_filter;
	__u8 sigs[SIGSNOOP_NSIG]; /* -s */
	const char *cgroup;
	unsigned int duration;
	unsigned long long buffer; /* -b: ring buffer bytes, 0: default */
};

static const char doc[] =
	"Trace signals: sender, signal, target, and what became of it.\n"
	"\n"
	"USAGE: sigsnoop [-x] [-k] [-n] [-p PID] [--target PID] [-s SIGNALS]\n"
	"                [-c CGROUP] [-d SECS] [-b SIZE] [-j]\n"
	"\n"
	"EXAMPLES:\n"
	"    sigsnoop                   # every signal the kernel generates\n"
	"    sigsnoop -k                # the kill(2) family of syscalls instead\n"
	"    sigsnoop -x                # only signals not delivered (-k: failed calls)\n"
	"    sigsnoop -n                # signal names instead of numbers\n"
	"    sigsnoop -p 181            # only signals sent by process 181\n"
	"    sigsnoop --target 181      # only signals sent to process 181\n"
	"    sigsnoop -s TERM,KILL,SIGRTMIN+3   # only these signals";

enum {
	OPT_TARGET = 0x100,
};

static const struct argp_option options[] = {
	{ "failed", 'x', NULL, 0, "Only signals not delivered (with -k: failed calls)", 0 },
	{ "kill", 'k', NULL, 0, "Trace the syscalls that send signals (kill, tgkill, ...)", 0 },
	{ "name", 'n', NULL, 0, "Print signal names instead of numbers", 0 },
	{ "pid", 'p', "PID", 0, "Only signals sent by this process", 0 },
	{ "target", OPT_TARGET, "PID", 0, "Only signals sent to this process", 0 },
	{ "signal", 's', "SIGNALS", 0, "Only these signals: names or numbers, comma separated", 0 },
	{ "cgroup", 'c', "CGROUP", 0, "Only senders in this cgroup v2 path", 0 },
	{ "duration", 'd', "SECS", 0, "Stop after SECS seconds", 0 },
	{ "buffer", 'b', "SIZE", 0, "Ring buffer size in bytes (K/M suffixes; default 256K)", 0 },
	{}
};

/* Kernel signal number for "SIGTERM", "term", "15", "RTMIN+3" or
 * "SIGRTMAX-1" (real-time names as glibc counts them); -1 if unknown. */
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

/* Fill @set from "TERM,KILL,SIGRTMIN+3". 0 on success; -EINVAL with the
 * offending item copied to @bad otherwise. */
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

/* "SIGTERM", "SIGRTMIN+3", "SIG32" for the two glibc keeps, "0" for the
 * existence check. */
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

/* RESULT: what signal_generate said, or with -k the call's return. */
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
	case 'p': env->pid = args_pid(state, arg, "pid"); break;
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
	case 'c':
		if (!*arg)
			args_usage_error(state, "-c needs a cgroup path");
		env->cgroup = arg;
		break;
	case 'd':
		env->duration = (unsigned int)args_number(state, arg, "duration", 1, 86400 * 365);
		break;
	case 'b': env->buffer = stream_buffer_arg(state, arg); break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

int sigsnoop_parse_args(int argc, char **argv, struct sigsnoop_env *env)
{
	static const struct args_spec spec = {
		.options = options,
		.parser = parse_opt,
		.doc = doc,
		.common_offset = offsetof(struct sigsnoop_env, common),
	};

	return args_parse(&spec, argc, argv, env, sizeof(*env));
}

enum {
	COL_TIME,
	COL_PID,
	COL_COMM,
	COL_SIG,
	COL_SIGNAME,
	COL_TPID,
	COL_TCOMM,
	COL_RESULT
};

static const struct emit_col columns[] = {
	[COL_TIME] = { "TIME", NULL, EMIT_CLOCK, -8, 0 },
	[COL_PID] = { "PID", NULL, EMIT_INT, 7, 0 },
	[COL_COMM] = { "COMM", NULL, EMIT_STR, -16, 0 },
	[COL_SIG] = { "SIG", NULL, EMIT_INT, 4, 0 },
	[COL_SIGNAME] = { "SIG", NULL, EMIT_STR, -11, 0 },
	[COL_TPID] = { "TPID", NULL, EMIT_INT, 7, 0 },
	[COL_TCOMM] = { "TCOMM", NULL, EMIT_STR, -16, 0 },
	[COL_RESULT] = { "RESULT", NULL, EMIT_STR, 0, 0 },
};

#define BIT(c) ((uint64_t)1 << (c))

/* @names (-n): SIG as "SIGTERM", in JSON too, instead of 15. */
void sigsnoop_init_emitter(struct emitter *e, FILE *out, bool json, bool names)
{
	uint64_t shown = EMIT_ALL & ~BIT(names ? COL_SIG : COL_SIGNAME);

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
	__u64 bad;
};

static int handle_event(void *ctx, void *data, size_t size)
{
	struct output *o = ctx;
	struct sigsnoop_event ev;

	if (size < sizeof(ev)) {
		o->bad++;
		return 0;
	}
	memcpy(&ev, data, sizeof(ev));
	sigsnoop_print_event(&o->e, &ev, tracer_ktime_to_unix(o->t, ev.ts_ns));
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
	bool btf = tracer_native_btf(t);
	/* Task storage usable from tracing programs came in 5.11 with the map
	 * type itself; its helpers need the kernel's own BTF. */
	bool task_storage = btf && libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL) > 0;
	bool by_task = env->syscalls && task_storage;
	bool by_tid = env->syscalls && btf && !task_storage, raw_tid = env->syscalls && !btf;
	struct sigsnoop_bpf__rodata *ro = skel->rodata;
	int i;

	ro->filter.tgid = (__u32)env->pid;
	ro->filter.cgroup_on = env->cgroup != NULL;
	ro->targ_failed = env->failed;
	ro->targ_tpid = env->target;
	ro->targ_sig_filter = env->sig_filter;
	stream_size_ring(skel->maps.events, env->buffer, &ro->rb_wakeup_bytes,
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
	tracer_info(t, "attaching to %s with %s",
		    env->syscalls ? "sys_enter, sys_exit and signal_generate" : "signal_generate",
		    btf ? "tp_btf" : "raw_tp");
	if (env->syscalls)
		tracer_info(t, "syscall entry state in %s",
			    task_storage ? "task storage" : "a tid hash");
}

static int run(const struct sigsnoop_env *env)
{
	struct sigsnoop_bpf *skel = NULL;
	struct ring_buffer *rb = NULL;
	struct output o = {};
	struct tracer t;
	int err;

	err = tracer_init(&t, "sigsnoop", &env->common);
	if (err)
		return err;
	if (env->pid && (err = filter_check_pid(&t, env->pid, "pid")))
		return err;

	skel = sigsnoop_bpf__open_opts(tracer_open_opts(&t));
	if (!skel) {
		err = tracer_load_error(&t, "open BPF object", -errno);
		goto cleanup;
	}
	configure(env, &t, skel);
	err = tracer_load(&t, skel->skeleton, env->cgroup, skel->maps.filter_cgroup);
	if (err)
		goto cleanup;
	o.t = &t;
	sigsnoop_init_emitter(&o.e, stdout, env->common.json, env->names);
	rb = stream_ring_buffer(&t, skel->maps.events, handle_event, &o);
	if (!rb) {
		err = -errno;
		goto cleanup;
	}
	err = tracer_attach(&t, skel->skeleton,
			    env->syscalls ? "syscall tracepoints" : "signal:signal_generate");
	if (err)
		goto cleanup;
	tracer_ready(&t, env->syscalls ? "signal syscalls" : "signals");
	emit_header(&o.e);
	err = stream_run(&t, rb, stdout, &skel->bss->lost_events, env->duration);
	if (o.bad)
		tracer_error(&t, "%llu malformed records skipped", (unsigned long long)o.bad);
cleanup:
	ring_buffer__free(rb);
	sigsnoop_bpf__destroy(skel);
	return err;
}

int main(int argc, char **argv)
{
	struct sigsnoop_env env;

	sigsnoop_parse_args(argc, argv, &env);
	return tracer_exit_status(run(&env));
}
