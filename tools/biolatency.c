// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* biolatency: summarize block device I/O latency as a histogram. */
#include <argp.h>
#include <stddef.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "biolatency.h"

#include "bpf_probe.h"
#include "disks.h"
#include "hist.h"
#include "interval.h"
#include "kernel_btf.h"
#include "openmetrics.h"
#include "tracer.h"

#include "biolatency.skel.h"

static const char doc[] =
	"Summarize block device I/O latency as a histogram.\v"
	"Examples:\n"
	"  biolatency              # summarize until Ctrl-C\n"
	"  biolatency 1 10         # print every second, 10 times\n"
	"  biolatency -mT 1        # 1s summaries, milliseconds, with timestamps\n"
	"  biolatency -Q           # include time queued in the OS\n"
	"  biolatency -D           # one histogram per disk\n"
	"  biolatency -F           # one histogram per I/O flag set\n"
	"  biolatency -d vda       # only disk vda\n"
	"  biolatency -c /sys/fs/cgroup/app   # only I/O started in that cgroup";

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "What to measure:", ARGS_GROUP_TOOL },
	{ "queued", 'Q', NULL, 0, "Include time queued in the OS (insert to complete)", 0 },
	{ "disk", 'D', NULL, 0, "One histogram per disk", 0 },
	{ "flag", 'F', NULL, 0, "One histogram per I/O flag set", 0 },
	{ "disk-name", 'd', "DISK", 0, "Trace only DISK (e.g. vda, nvme0n1)", 0 },
	{ NULL, 0, NULL, 0, "Output:", ARGS_GROUP_OUTPUT },
	{ "milliseconds", 'm', NULL, 0, "Show milliseconds (still recorded in microseconds)", 0 },
	{ "timestamp", 'T', NULL, 0, "Print a timestamp line with each interval", 0 },
	{}
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct biolatency_env *env = state->input;

	switch (key) {
	case 'T': env->timestamp = true; break;
	case 'm': env->ms = true; break;
	case 'Q': env->queued = true; break;
	case 'D': env->per_disk = true; break;
	case 'F': env->per_flag = true; break;
	case 'd':
		if (!*arg)
			args_usage_error(state, "-d needs a disk name");
		env->disk = arg;
		break;
	case ARGP_KEY_ARG: args_interval_count(state, arg, &env->interval, &env->count); break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct filter_options filters = {
	.which = FILTER_CGROUP,
	.cgroup_doc = "Trace only I/O started in this cgroup v2 path",
};

static const struct args_spec spec = {
	.options = options,
	.parser = parse_opt,
	.args_doc = "[interval [count]]",
	.doc = doc,
	.common_offset = offsetof(struct biolatency_env, common),
	.groups = {
		{ filter_argp, &filters, offsetof(struct biolatency_env, filter) },
		{ om_argp, NULL, offsetof(struct biolatency_env, metrics) },
	},
};

ARGS_PARSER(biolatency, spec)

/* Op names for the REQ_OP values every supported kernel agrees on. */
static const char *op_name(unsigned int op)
{
	switch (op) {
	case 0: return "Read";
	case 1: return "Write";
	case 2: return "Flush";
	case 3: return "Discard";
	case 5: return "SecureErase";
	case 9: return "WriteZeroes";
	case 10: return "ZoneOpen";
	case 11: return "ZoneClose";
	case 12: return "ZoneFinish";
	case 34: return "DrvIn";
	case 35: return "DrvOut";
	default: return NULL;
	}
}

void biolatency_flags_name(__u32 flags, char *buf, size_t len)
{
	static const struct {
		__u32 bit;
		const char *name;
	} names[] = {
		{ BIO_F_NOWAIT, "NoWait" },    { BIO_F_BACKGROUND, "Background" },
		{ BIO_F_RAHEAD, "ReadAhead" }, { BIO_F_PREFLUSH, "PreFlush" },
		{ BIO_F_FUA, "FUA" },	       { BIO_F_INTEGRITY, "Integrity" },
		{ BIO_F_IDLE, "Idle" },	       { BIO_F_NOMERGE, "NoMerge" },
		{ BIO_F_PRIO, "Priority" },    { BIO_F_META, "Metadata" },
		{ BIO_F_SYNC, "Sync" },
	};
	const char *op = op_name(flags & BIO_OP_MASK);
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && used < len; i++)
		if (flags & names[i].bit)
			used += (size_t)snprintf(buf + used, len - used, "%s-", names[i].name);
	if (used >= len)
		return;
	if (op)
		snprintf(buf + used, len - used, "%s", op);
	else
		snprintf(buf + used, len - used, "Op%u", flags & BIO_OP_MASK);
}

struct hist_entry {
	struct bio_hist_key key;
	struct hist hist;
};

/* Histograms by key, sorted by disk then flags for stable output. */
struct hist_set {
	struct hist_entry *entries;
	size_t n, cap;
};

static int compare_keys(const void *a, const void *b)
{
	const struct bio_hist_key *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->flags < y->flags ? -1 : x->flags > y->flags;
}

/* The entry of @key, NULL if none; entries are kept sorted by key. */
static struct hist_entry *hist_set_find(const struct hist_set *set, const struct bio_hist_key *key)
{
	/* bsearch() must not be given NULL, even for no entries. */
	return set->n ? bsearch(key, set->entries, set->n, sizeof(*set->entries), compare_keys)
		      : NULL;
}

/* Add @h under @key: merged into an existing entry or a new one. */
static int hist_set_add(struct hist_set *set, const struct bio_hist_key *key, const struct hist *h)
{
	struct hist_entry *e = hist_set_find(set, key);

	if (e) {
		hist_merge(&e->hist, h);
		return 0;
	}
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		struct hist_entry *grown = realloc(set->entries, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		set->entries = grown;
		set->cap = cap;
	}
	e = &set->entries[set->n++];
	e->key = *key;
	e->hist = *h;
	qsort(set->entries, set->n, sizeof(*e), compare_keys);
	return 0;
}

static void hist_set_clear(struct hist_set *set)
{
	set->n = 0;
}

static void hist_set_free(struct hist_set *set)
{
	free(set->entries);
	memset(set, 0, sizeof(*set));
}

/* What @now, the kernel's histogram of @key (never cleared), gained since
 * @seen's entry of it, into @out. */
static int add_growth(const struct bio_hist_key *key, const struct hist *now,
		      const struct hist_set *seen, struct hist_set *out)
{
	static const struct hist none;
	const struct hist_entry *was = hist_set_find(seen, key);
	struct hist delta;

	hist_growth(&delta, now, was ? &was->hist : &none);
	return delta.count ? hist_set_add(out, key, &delta) : 0;
}

/* Sum a map value's per-CPU copies. */
static void sum_cpus(struct hist *sum, const struct hist *percpu, int ncpus)
{
	memset(sum, 0, sizeof(*sum));
	for (int cpu = 0; cpu < ncpus; cpu++)
		hist_merge(sum, &percpu[cpu]);
}

/*
 * This interval's histograms into @out: what each kernel histogram gained
 * since @seen, the run's totals at the last read. The kernel's histograms
 * are never cleared, the keyed ones (-D, -F) included: a delete after the
 * read would drop the completions that fell between the two.
 */
static int collect(const struct biolatency_env *env, struct biolatency_bpf *skel,
		   const struct hist_set *seen, struct hist_set *out)
{
	int ncpus = libbpf_num_possible_cpus(), fd, err = 0;
	struct bio_hist_key key = {}, next, *prev = NULL;
	struct hist *percpu, now;
	__u32 zero = 0;

	if (ncpus < 0)
		return ncpus;
	percpu = calloc((size_t)ncpus, sizeof(*percpu));
	if (!percpu)
		return -ENOMEM;
	if (!env->per_disk && !env->per_flag) {
		fd = bpf_map__fd(skel->maps.hist_total);
		if (bpf_map_lookup_elem(fd, &zero, percpu))
			err = -errno;
		sum_cpus(&now, percpu, ncpus);
		if (!err)
			err = add_growth(&key, &now, seen, out);
		free(percpu);
		return err;
	}
	fd = bpf_map__fd(skel->maps.hists);
	while (!err && bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, percpu))
			continue;
		sum_cpus(&now, percpu, ncpus);
		err = add_growth(&key, &now, seen, out);
	}
	free(percpu);
	return err;
}

struct entry_labels {
	struct hist_label labels[2];
	int n;
	char disk[64], flags[128];
};

static void entry_labels(const struct biolatency_env *env, const struct hist_entry *e,
			 struct entry_labels *l)
{
	l->n = 0;
	if (env->per_disk) {
		disk_name(BIO_DEV_MAJOR(e->key.dev), BIO_DEV_MINOR(e->key.dev), l->disk,
			  sizeof(l->disk));
		l->labels[l->n++] = (struct hist_label){ "disk", l->disk };
	}
	if (env->per_flag) {
		biolatency_flags_name(e->key.flags, l->flags, sizeof(l->flags));
		l->labels[l->n++] = (struct hist_label){ "flags", l->flags };
	}
}

static void print_set(FILE *out, const struct biolatency_env *env, const struct hist_set *set)
{
	/* Recorded in microseconds; -m shows them as milliseconds. */
	const struct hist_unit text_unit = { env->ms ? "msecs" : "usecs", env->ms ? 1000 : 1 };
	const struct hist_unit json_unit = { env->ms ? "ms" : "us", text_unit.per_unit };
	double ts = tracer_now_unix();
	struct entry_labels l;
	size_t i;

	if (!env->common.json) {
		fputc('\n', out);
		if (env->timestamp) {
			char now[16];

			tracer_strftime_now(now, sizeof(now));
			fprintf(out, "%-8s\n", now);
		}
	}
	for (i = 0; i < set->n; i++) {
		const struct hist_entry *e = &set->entries[i];

		entry_labels(env, e, &l);
		if (env->common.json) {
			hist_print_json(out, &e->hist, json_unit, l.labels, l.n, ts);
			continue;
		}
		for (int j = 0; j < l.n; j++)
			fprintf(out, "\n%s = %s\n", l.labels[j].key, l.labels[j].value);
		hist_print_text(out, &e->hist, text_unit);
	}
}

/* What the interval loop works on. */
struct run_ctx {
	const struct biolatency_env *env;
	struct tracer *t;
	struct biolatency_bpf *skel;
	struct hist_set delta; /* since the last collect */
	struct hist_set total; /* since the start */
};

static int by_count_desc(const void *a, const void *b)
{
	const struct hist_entry *x = a, *y = b;

	return x->hist.count > y->hist.count ? -1 : x->hist.count < y->hist.count;
}

static void fill_metrics(struct om_writer *w, void *data)
{
	const struct run_ctx *rc = data;
	const struct biolatency_env *env = rc->env;
	const char *name = env->queued ? "coretrace_biolatency_queued_seconds"
				       : "coretrace_biolatency_seconds";
	const struct hist_label others[] = { { "disk", OM_OTHER }, { "flags", OM_OTHER } };
	size_t i, n = rc->total.n, keep = env->metrics.max_series;
	double unit = 1e-6; /* recorded in microseconds, -m or not */
	struct hist_entry *v = malloc(n * sizeof(*v) + 1);
	struct hist other = {};
	struct entry_labels l;

	if (!v)
		return;
	om_family(w, name, "histogram",
		  env->queued ? "Block I/O latency from insertion in the OS queue to completion."
			      : "Block I/O latency from issue to the device to completion.");
	memcpy(v, rc->total.entries, n * sizeof(*v));
	/* Past --max-series disks and flag sets, the least busy share one. */
	if (n > keep) {
		qsort(v, n, sizeof(*v), by_count_desc);
		keep--;
	}
	for (i = 0; i < n; i++) {
		if (i >= keep) {
			hist_merge(&other, &v[i].hist);
			continue;
		}
		entry_labels(env, &v[i], &l);
		om_histogram(w, name, l.labels, l.n, &v[i].hist, unit);
	}
	if (n > keep)
		om_histogram(w, name, env->per_disk ? others : others + 1,
			     (int)env->per_disk + (int)env->per_flag, &other, unit);
	free(v);
}

static int write_metrics(void *ctx)
{
	struct run_ctx *rc = ctx;
	const struct om_file_info info = {
		.tool = "biolatency",
		.method = "raw_tp",
		.lost = tracer_lost_total(rc->t, rc->skel->bss->lost_events),
	};

	return om_write_file(rc->t, &rc->env->metrics, &info, fill_metrics, rc);
}

static int collect_interval(void *ctx)
{
	struct run_ctx *rc = ctx;
	int err;

	hist_set_clear(&rc->delta);
	err = collect(rc->env, rc->skel, &rc->total, &rc->delta);
	for (size_t i = 0; !err && i < rc->delta.n; i++)
		err = hist_set_add(&rc->total, &rc->delta.entries[i].key,
				   &rc->delta.entries[i].hist);
	if (err)
		tracer_error(rc->t, "reading histograms: %s", strerror(-err));
	return err;
}

static void print_interval(void *ctx, FILE *out, bool whole_run)
{
	struct run_ctx *rc = ctx;

	print_set(out, rc->env, whole_run ? &rc->total : &rc->delta);
}

/* Number of start-time slots: BIO_START_SLOTS, or BIOLATENCY_START_SLOTS
 * (a power of two; 0 keeps every start time in the hash). -1 if invalid. */
static long start_slots_wanted(void)
{
	const char *v = getenv("BIOLATENCY_START_SLOTS");
	char *end;
	long n;

	if (!v || !*v)
		return BIO_START_SLOTS;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < 0 || n > (long)BIO_START_SLOTS_MAX || (n & (n - 1)))
		return -1;
	return n;
}

/* Keyed histograms to preallocate where the kernel needs it (before 6.1):
 * BIO_MAX_HISTS per-CPU 4 KiB histograms would be 4 MiB a CPU, so the
 * count is cut to keep the map near 16 MiB; keys past it count as lost. */
static __u32 prealloc_hists(void)
{
	long ncpus = libbpf_num_possible_cpus();
	size_t n = ncpus > 0 ? (16u << 20) / ((size_t)ncpus * sizeof(struct hist)) : 16;

	if (n < 16)
		n = 16;
	return n > BIO_MAX_HISTS ? BIO_MAX_HISTS : (__u32)n;
}

/* Tell the BPF side the argument layout and options, and pick where start
 * times are kept: array slots where BPF has atomics, else the hash. */
static int configure(const struct biolatency_env *env, struct tracer *t,
		     struct biolatency_bpf *skel)
{
	long slots = start_slots_wanted();
	int issue_args, insert_args, err = 0;
	unsigned int major, minor;
	struct btf *btf;
	bool use_slots, runtime_alloc;

	if (slots < 0) {
		tracer_error(t, "BIOLATENCY_START_SLOTS must be 0 or a power of two up to %u",
			     BIO_START_SLOTS_MAX);
		return -EINVAL;
	}
	btf = kernel_btf_load(t);
	if (!btf) {
		err = -errno;
		tracer_error(t, "cannot load kernel BTF: %s", strerror(errno));
		return err;
	}
	issue_args = kernel_btf_tp_nargs(btf, "block_rq_issue");
	insert_args = kernel_btf_tp_nargs(btf, "block_rq_insert");
	runtime_alloc = kernel_btf_runtime_alloc_ok(btf);
	btf__free(btf);
	if (issue_args < 0) {
		tracer_error(t, "this kernel has no block_rq_issue tracepoint (CONFIG_BLOCK off?)");
		return -ENOENT;
	}
	skel->rodata->issue_has_queue = issue_args == 2;
	skel->rodata->insert_has_queue = insert_args == 2;

	use_slots = slots > 0 && bpf_probe_atomics();
	if (use_slots) {
		skel->rodata->slot_mask = (__u32)slots - 1;
		err = bpf_map__set_max_entries(skel->maps.start_slots, (__u32)slots);
	} else {
		err = bpf_map__set_max_entries(skel->maps.start_slots, 1);
	}
	if (err)
		return err;
	tracer_report(t, "method", "raw_tp; block_rq_issue takes %s; start times in %s",
		      issue_args == 2 ? "(q, rq), the pre-5.11 layout" : "(rq)",
		      use_slots ? "slots"
		      : slots	? "a hash (no BPF atomics before 5.12)"
				: "a hash");

	if (!env->per_disk && !env->per_flag) {
		/* Unused, but the programs name it: before 6.1 the verifier
		 * WARNs (a kernel splat) on any tracing program whose map may
		 * allocate, used or not. One preallocated entry costs 4 KiB a
		 * CPU. */
		err = bpf_map__set_max_entries(skel->maps.hists, 1);
		if (!err && !runtime_alloc)
			err = bpf_map__set_map_flags(skel->maps.hists, 0);
	} else if (!runtime_alloc) {
		/* Before 6.1 the keyed histograms must be preallocated. */
		__u32 n = prealloc_hists();

		err = bpf_map__set_map_flags(skel->maps.hists, 0)
			      ?: bpf_map__set_max_entries(skel->maps.hists, n);
		tracer_info(t, "%u keyed histograms preallocated (kernel before 6.1)", n);
	}
	if (err)
		return err;

	skel->rodata->targ_queued = env->queued;
	skel->rodata->targ_per_disk = env->per_disk;
	skel->rodata->targ_per_flag = env->per_flag;
	if (env->disk) {
		if (disk_lookup(env->disk, &major, &minor)) {
			tracer_error(t, "no disk named '%s' (see /sys/class/block)", env->disk);
			return -ENOENT;
		}
		skel->rodata->targ_dev = BIO_DEV(major, minor);
	}
	filter_configure(&skel->rodata->filter, &env->filter);

	bpf_program__set_autoload(skel->progs.hash_insert, !use_slots && env->queued);
	bpf_program__set_autoload(skel->progs.hash_issue, !use_slots);
	bpf_program__set_autoload(skel->progs.hash_complete, !use_slots);
	bpf_program__set_autoload(skel->progs.slots_insert, use_slots && env->queued);
	bpf_program__set_autoload(skel->progs.slots_issue, use_slots);
	bpf_program__set_autoload(skel->progs.slots_complete, use_slots);
	return 0;
}

static int run(const struct biolatency_env *env)
{
	struct run_ctx rc = { .env = env };
	struct interval_loop loop = {
		.interval = env->interval,
		.count = env->count,
		.metrics = env->metrics.path != NULL,
		.metrics_period = env->metrics.period,
		.collect = collect_interval,
		.print = env->metrics.quiet ? NULL : print_interval,
		.write_metrics = write_metrics,
		.ctx = &rc,
	};
	struct biolatency_bpf *skel = NULL;
	struct tracer t;
	int err;

	err = tracer_init(&t, "biolatency", &env->common);
	if (!err && env->metrics.path)
		err = om_check(&t, &env->metrics);
	if (err)
		return err;
	rc.t = &t;

	skel = biolatency_bpf__open_opts(tracer_open_opts(&t));
	if (!skel) {
		err = tracer_load_error(&t, "open BPF object", -errno);
		goto cleanup;
	}
	err = configure(env, &t, skel);
	if (!err)
		err = filter_load(&t, skel->skeleton, &env->filter, skel->maps.filter_cgroup);
	if (!err)
		err = tracer_attach(&t, skel->skeleton, "block tracepoints");
	if (err)
		goto cleanup;
	tracer_ready(&t, "block device I/O");
	rc.skel = skel;
	loop.lost = &skel->bss->lost_events;
	err = interval_run(&t, &loop, stdout);
	if (skel->bss->overflow_total)
		tracer_info(&t, "%llu requests found their start slot taken",
			    (unsigned long long)skel->bss->overflow_total);
cleanup:
	om_remove(&env->metrics);
	biolatency_bpf__destroy(skel);
	hist_set_free(&rc.delta);
	hist_set_free(&rc.total);
	return err;
}

int biolatency_main(int argc, char **argv)
{
	struct biolatency_env env;

	biolatency_parse_args(argc, argv, &env);
	return tracer_exit_status(run(&env));
}
