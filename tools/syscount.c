// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * syscount: count syscalls, per syscall or per process, optionally with
 * their total latency.
 */
#include <argp.h>
#include <stddef.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "syscount.h"

#include "emit.h"
#include "interval.h"
#include "json.h"
#include "names.h"
#include "openmetrics.h"
#include "tracer.h"

#include "syscount.skel.h"

static const char doc[] = "Summarize syscall counts and latencies.\v"
			  "Examples:\n"
			  "  syscount                 # top 10 syscalls by count, at Ctrl-C\n"
			  "  syscount -p 123          # only process 123\n"
			  "  syscount -i 1 -d 10      # print every second, for 10 seconds\n"
			  "  syscount -x              # only failed syscalls\n"
			  "  syscount -e ENOENT       # only syscalls that failed with ENOENT\n"
			  "  syscount -L              # with total latency, sorted by it\n"
			  "  syscount -P              # count per process\n"
			  "  syscount -l              # list the syscall names this build knows";

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "What to count:", ARGS_GROUP_TOOL },
	{ "failures", 'x', NULL, 0, "Count only failed syscalls", 0 },
	{ "errno", 'e', "ERRNO", 0,
	  "Count only syscalls failing with ERRNO (name in any case, alias, or number)", 0 },
	{ "latency", 'L', NULL, 0, "Collect total syscall latency and sort by it", 0 },
	{ "process", 'P', NULL, 0,
	  "Count by process (named by the program it runs), not by syscall", 0 },
	{ NULL, 0, NULL, 0, "Output:", ARGS_GROUP_OUTPUT },
	{ "interval", 'i', "SECS", 0, "Print summary every SECS seconds", 0 },
	{ "top", 'T', "TOP", 0, "Print only the top TOP rows (default 10)", 0 },
	{ "milliseconds", 'm', NULL, 0, "Latency in milliseconds (default microseconds)", 0 },
	{ "list", 'l', NULL, 0, "List the known syscall names and exit", 0 },
	{}
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct syscount_env *env = state->input;

	switch (key) {
	case ARGP_KEY_INIT: env->top = 10; break;
	case 'i':
		env->interval = (unsigned int)args_number(state, arg, "interval", 1, 86400);
		break;
	case 'T': env->top = (unsigned int)args_number(state, arg, "top", 1, 100000); break;
	case 'x': env->failures = true; break;
	case 'e':
		env->errno_filter = errno_value(arg);
		if (env->errno_filter <= 0)
			args_usage_error(state,
					 "invalid errno: '%s' (a name like ENOENT, or a number)",
					 arg);
		break;
	case 'L': env->latency = true; break;
	case 'm': env->milliseconds = true; break;
	case 'P': env->per_process = true; break;
	case 'l': env->list = true; break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct filter_options filters = {
	.which = FILTER_PID | FILTER_TID | FILTER_CGROUP,
};

static const struct args_spec spec = {
	.options = options,
	.parser = parse_opt,
	.doc = doc,
	.common_offset = offsetof(struct syscount_env, common),
	.common_opts = ARGS_DURATION,
	.groups = {
		{ filter_argp, &filters, offsetof(struct syscount_env, filter) },
		{ om_argp, NULL, offsetof(struct syscount_env, metrics) },
	},
};

ARGS_PARSER(syscount, spec)

/* @dst += @src, field by field. */
static void stat_add(struct syscall_stat *dst, const struct syscall_stat *src)
{
	dst->count += src->count;
	dst->errors += src->errors;
	dst->total_ns += src->total_ns;
}

/* The growth from @prev to @now into @out; @prev becomes @now. Counters in
 * the kernel are never cleared, so no increment is lost to a race between
 * reading and zeroing. */
static void stat_growth(struct syscall_stat *out, struct syscall_stat *prev,
			const struct syscall_stat *now)
{
	out->count = now->count - prev->count;
	out->errors = now->errors - prev->errors;
	out->total_ns = now->total_ns - prev->total_ns;
	*prev = *now;
}

static int compare_rows(const void *a, const void *b, void *by_latency)
{
	const struct syscount_row *x = a, *y = b;
	__u64 kx = by_latency ? x->stat.total_ns : x->stat.count;
	__u64 ky = by_latency ? y->stat.total_ns : y->stat.count;

	if (kx != ky)
		return kx > ky ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

void syscount_sort_rows(struct syscount_row *rows, size_t n, bool by_latency)
{
	if (n > 1) /* rows may be NULL for none */
		qsort_r(rows, n, sizeof(*rows), compare_rows, by_latency ? rows : NULL);
}

/* "read", or "[470]" for a number this build has no name for ("[-1]": a
 * call a tracer skipped). */
static const char *row_syscall(const struct syscount_row *r, char *buf, size_t len)
{
	const char *name = syscall_name(r->key);

	if (r->other)
		return OM_OTHER;
	if (name)
		return name;
	snprintf(buf, len, "[%d]", (int)r->key);
	return buf;
}

static void print_json(FILE *f, const struct syscount_env *env, const struct syscount_row *rows,
		       size_t n, double ts)
{
	char buf[32];
	size_t i;

	fputs("{\"type\":\"syscalls\",\"ts\":", f);
	json_write_ts(f, ts);
	fputs(",\"rows\":[", f);
	for (i = 0; i < n; i++) {
		const struct syscount_row *r = &rows[i];

		fputs(i ? ",{" : "{", f);
		if (env->per_process) {
			fprintf(f, "\"pid\":%u,\"comm\":", r->key);
			json_write_string(f, r->comm, strnlen(r->comm, sizeof(r->comm)));
		} else {
			fputs("\"syscall\":", f);
			json_write_string(f, row_syscall(r, buf, sizeof(buf)), (size_t)-1);
		}
		fprintf(f, ",\"count\":%llu,\"errors\":%llu", (unsigned long long)r->stat.count,
			(unsigned long long)r->stat.errors);
		if (env->latency)
			fprintf(f, ",\"total_ns\":%llu", (unsigned long long)r->stat.total_ns);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

void syscount_print_rows(FILE *f, const struct syscount_env *env, const struct syscount_row *rows,
			 size_t n, double ts)
{
	const char *unit = env->milliseconds ? "TIME (ms)" : "TIME (us)";
	double div = env->milliseconds ? 1e6 : 1e3;
	char buf[32];
	size_t i;

	if (n > env->top)
		n = env->top;
	if (env->common.json) {
		print_json(f, env, rows, n, ts);
		return;
	}
	if (env->per_process)
		fprintf(f, "%-7s %-16s %10s", "PID", "COMM", "COUNT");
	else
		fprintf(f, "%-22s %10s", "SYSCALL", "COUNT");
	if (env->latency)
		fprintf(f, " %16s", unit);
	fputc('\n', f);
	for (i = 0; i < n; i++) {
		const struct syscount_row *r = &rows[i];

		if (env->per_process) {
			fprintf(f, "%-7u ", r->key);
			emit_text(f, r->comm, sizeof(r->comm), -16);
			fprintf(f, " %10llu", (unsigned long long)r->stat.count);
		} else
			fprintf(f, "%-22s %10llu", row_syscall(r, buf, sizeof(buf)),
				(unsigned long long)r->stat.count);
		if (env->latency)
			fprintf(f, " %16.3f", (double)r->stat.total_ns / div);
		fputc('\n', f);
	}
}

struct reader {
	int ncpus;
	void *percpu;	    /* one process's per-CPU values */
	void *all_syscalls; /* the whole per-CPU syscall array */
	__u32 *keys;
	struct syscall_stat *prev; /* per-syscall totals already printed */
	/* The same for numbers outside the array (odd_syscalls). */
	struct odd_total {
		__u32 nr;
		struct syscall_stat prev;
	} odd[SYSCOUNT_ODD_NRS];
	size_t nodd;
	struct syscount_row *rows; /* this read's rows */
	size_t cap;
	/* -P: totals since start, sorted by pid (kernel entries are deleted
	 * on every read so the map never fills with the dead). */
	struct syscount_row *proc_total;
	size_t nproc_total, proc_total_cap;
	struct syscount_row *scratch; /* cumulative rows for printing */
	size_t scratch_cap;
	struct proc_slot *slots;	/* -P: the per-CPU slot array */
	struct syscall_stat *slot_prev; /* what each (slot, CPU) had last read */
};

/* Sum a process's per-CPU copies; the comm is in the copy of the CPU that
 * first saw the process, the others are zero-filled. */
static void sum_proc(const struct reader *rd, struct syscount_row *r)
{
	const struct proc_stat *p = rd->percpu;
	int cpu;

	for (cpu = 0; cpu < rd->ncpus; cpu++) {
		stat_add(&r->stat, &p[cpu].stat);
		if (!r->comm[0] && p[cpu].comm[0])
			memcpy(r->comm, p[cpu].comm, sizeof(r->comm));
	}
}

/* Sum of every CPU's copy of syscall @nr in the batch buffer. */
static void sum_syscall(const struct reader *rd, __u32 nr, struct syscall_stat *out)
{
	const struct syscall_stat *s = rd->all_syscalls;
	int cpu;

	memset(out, 0, sizeof(*out));
	for (cpu = 0; cpu < rd->ncpus; cpu++)
		stat_add(out, &s[(size_t)nr * rd->ncpus + cpu]);
}

/* The whole array in one bpf() call, so reading barely shows up in the
 * counts; one lookup per syscall where batch lookup is missing. */
static int read_all_syscalls(struct reader *rd, int fd)
{
	size_t one = (size_t)rd->ncpus * sizeof(struct syscall_stat);
	__u32 count = SYSCOUNT_MAX_NR, out_batch, nr;
	int err;

	err = bpf_map_lookup_batch(fd, NULL, &out_batch, rd->keys, rd->all_syscalls, &count, NULL);
	if (!err || (errno == ENOENT && count == SYSCOUNT_MAX_NR))
		return 0;
	for (nr = 0; nr < SYSCOUNT_MAX_NR; nr++)
		if (bpf_map_lookup_elem(fd, &nr, (char *)rd->all_syscalls + nr * one))
			return -errno;
	return 0;
}

/* The odd_total of @nr, a new one if it has none (NULL when full: the
 * kernel holds no more numbers than rd->odd either). */
static struct odd_total *odd_total(struct reader *rd, __u32 nr)
{
	size_t i;

	for (i = 0; i < rd->nodd; i++)
		if (rd->odd[i].nr == nr)
			return &rd->odd[i];
	if (rd->nodd == SYSCOUNT_ODD_NRS)
		return NULL;
	memset(&rd->odd[rd->nodd], 0, sizeof(rd->odd[0]));
	rd->odd[rd->nodd].nr = nr;
	return &rd->odd[rd->nodd++];
}

/* Rows for the numbers outside the array, appended at rd->rows + *n. */
static int read_odd_syscalls(struct reader *rd, int fd, size_t *n)
{
	const struct syscall_stat *percpu = rd->percpu;
	__u32 key, next, *prev = NULL;
	int cpu;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		struct syscall_stat now = {};
		struct odd_total *o;
		struct syscount_row *r;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, rd->percpu))
			return -errno;
		for (cpu = 0; cpu < rd->ncpus; cpu++)
			stat_add(&now, &percpu[cpu]);
		o = odd_total(rd, key);
		if (!o || now.count == o->prev.count)
			continue;
		r = &rd->rows[(*n)++];
		memset(r, 0, sizeof(*r));
		r->key = key;
		stat_growth(&r->stat, &o->prev, &now);
	}
	return 0;
}

/* Each print shows the growth since the last one (stat_growth). */
static int read_syscalls(struct reader *rd, int fd, int odd_fd, size_t *n)
{
	int err = read_all_syscalls(rd, fd);
	__u32 nr;

	*n = 0;
	if (err)
		return err;
	for (nr = 0; nr < SYSCOUNT_MAX_NR; nr++) {
		struct syscall_stat now, *prev = &rd->prev[nr];
		struct syscount_row *r;

		sum_syscall(rd, nr, &now);
		if (now.count == prev->count)
			continue;
		r = &rd->rows[(*n)++];
		memset(r, 0, sizeof(*r));
		r->key = nr;
		stat_growth(&r->stat, prev, &now);
	}
	return read_odd_syscalls(rd, odd_fd, n);
}

static int ensure_cap(struct syscount_row **rows, size_t *cap, size_t need);
static int compare_pids(const void *a, const void *b);

/* -P slots: like per-syscall counters never cleared, so each read appends
 * the growth since the last one (one row per slot and CPU; merged later). */
static int read_proc_slots(struct reader *rd, int fd, size_t *n)
{
	size_t one = (size_t)rd->ncpus * sizeof(struct proc_slot);
	__u32 key;
	int cpu;

	__u32 count = SYSCOUNT_PROC_SLOTS, out_batch;

	/* One bpf() call where batch lookup exists (5.6+). */
	if (bpf_map_lookup_batch(fd, NULL, &out_batch, rd->keys, rd->slots, &count, NULL) &&
	    !(errno == ENOENT && count == SYSCOUNT_PROC_SLOTS)) {
		for (key = 0; key < SYSCOUNT_PROC_SLOTS; key++)
			if (bpf_map_lookup_elem(fd, &key, (char *)rd->slots + key * one))
				return -errno;
	}
	for (key = 0; key < SYSCOUNT_PROC_SLOTS; key++) {
		for (cpu = 0; cpu < rd->ncpus; cpu++) {
			size_t i = (size_t)key * rd->ncpus + cpu;
			const struct proc_slot *v = &rd->slots[i];
			struct syscall_stat *prev = &rd->slot_prev[i];
			struct syscount_row *r;

			/* Unused, unchanged, or published but not yet visible. */
			if (!v->used || v->p.stat.count == prev->count || !v->tgid || !v->p.comm[0])
				continue;
			if (*n == rd->cap && ensure_cap(&rd->rows, &rd->cap, rd->cap * 2))
				return -ENOMEM;
			r = &rd->rows[(*n)++];
			memset(r, 0, sizeof(*r));
			r->key = v->tgid;
			memcpy(r->comm, v->p.comm, sizeof(r->comm));
			stat_growth(&r->stat, prev, &v->p.stat);
		}
	}
	return 0;
}

/* One row per pid: sort, then sum the rows of the same pid. */
static size_t merge_same_pids(struct syscount_row *rows, size_t n)
{
	size_t i, k = 0;

	qsort(rows, n, sizeof(*rows), compare_pids);
	for (i = 0; i < n; i++) {
		if (k && rows[k - 1].key == rows[i].key) {
			stat_add(&rows[k - 1].stat, &rows[i].stat);
			if (!rows[k - 1].comm[0])
				memcpy(rows[k - 1].comm, rows[i].comm, sizeof(rows[i].comm));
			continue;
		}
		rows[k++] = rows[i];
	}
	return k;
}

/* Per-process entries are read and deleted: pids come and go, and the map
 * must not fill up with the dead. */
static int read_procs(struct reader *rd, int fd, size_t *n)
{
	__u32 key, next, *prev = NULL;
	int err = 0;

	*n = 0;
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		struct syscount_row *r;

		if (*n == rd->cap) {
			size_t cap = rd->cap * 2;
			struct syscount_row *grown = realloc(rd->rows, cap * sizeof(*grown));

			if (!grown)
				return -ENOMEM;
			rd->rows = grown;
			rd->cap = cap;
		}
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, rd->percpu))
			continue; /* deleted under us */
		r = &rd->rows[(*n)++];
		memset(r, 0, sizeof(*r));
		r->key = key;
		sum_proc(rd, r);
	}
	for (size_t i = 0; i < *n; i++)
		bpf_map_delete_elem(fd, &rd->rows[i].key);
	return err;
}

static int compare_pids(const void *a, const void *b)
{
	const struct syscount_row *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static int ensure_cap(struct syscount_row **rows, size_t *cap, size_t need)
{
	struct syscount_row *grown;

	if (need <= *cap)
		return 0;
	grown = realloc(*rows, need * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	*rows = grown;
	*cap = need;
	return 0;
}

/* Merge this read's per-process rows (sorted by pid here) into the totals,
 * both sorted by pid: one linear pass. */
static int add_proc_totals(struct reader *rd, struct syscount_row *delta, size_t n)
{
	size_t i = 0, j = 0, k = 0, m = rd->nproc_total;
	struct syscount_row *merged;
	int err;

	qsort(delta, n, sizeof(*delta), compare_pids);
	err = ensure_cap(&rd->scratch, &rd->scratch_cap, m + n);
	if (err)
		return err;
	merged = rd->scratch;
	while (i < m || j < n) {
		if (j == n || (i < m && rd->proc_total[i].key < delta[j].key)) {
			merged[k++] = rd->proc_total[i++];
		} else if (i == m || delta[j].key < rd->proc_total[i].key) {
			merged[k++] = delta[j++];
		} else {
			merged[k] = rd->proc_total[i++];
			stat_add(&merged[k++].stat, &delta[j++].stat);
		}
	}
	err = ensure_cap(&rd->proc_total, &rd->proc_total_cap, k);
	if (err)
		return err;
	memcpy(rd->proc_total, merged, k * sizeof(*merged));
	rd->nproc_total = k;
	return 0;
}

/* Everything counted since start, into rd->scratch. */
static size_t cumulative_rows(const struct syscount_env *env, struct reader *rd)
{
	size_t n = 0;
	__u32 nr;

	if (env->per_process) {
		/* Nothing counted yet: both may still be NULL. */
		if (!rd->nproc_total || ensure_cap(&rd->scratch, &rd->scratch_cap, rd->nproc_total))
			return 0;
		memcpy(rd->scratch, rd->proc_total, rd->nproc_total * sizeof(*rd->scratch));
		return rd->nproc_total;
	}
	if (ensure_cap(&rd->scratch, &rd->scratch_cap, SYSCOUNT_MAX_NR + SYSCOUNT_ODD_NRS))
		return 0;
	for (nr = 0; nr < SYSCOUNT_MAX_NR; nr++) {
		if (!rd->prev[nr].count)
			continue;
		memset(&rd->scratch[n], 0, sizeof(rd->scratch[n]));
		rd->scratch[n].key = nr;
		rd->scratch[n].stat = rd->prev[nr];
		n++;
	}
	for (size_t i = 0; i < rd->nodd; i++) {
		if (!rd->odd[i].prev.count)
			continue;
		memset(&rd->scratch[n], 0, sizeof(rd->scratch[n]));
		rd->scratch[n].key = rd->odd[i].nr;
		rd->scratch[n].stat = rd->odd[i].prev;
		n++;
	}
	return n;
}

/* The run's total of @pid, NULL if it has none (bsearch() must not be
 * given NULL, even for no rows). */
static struct syscount_row *proc_total_of(const struct reader *rd, __u32 pid)
{
	const struct syscount_row key = { .key = pid };

	if (!rd->nproc_total)
		return NULL;
	return bsearch(&key, rd->proc_total, rd->nproc_total, sizeof(*rd->proc_total),
		       compare_pids);
}

/* -P: rename the totals of processes that exec'd (from exec_comms), then
 * give this read's rows (sorted by pid) the names of their totals. A name
 * whose process has no total yet (its exec's own syscall not read yet)
 * stays in the map for the next read. */
static void name_by_exec(struct reader *rd, int fd, size_t n)
{
	__u32 key, next, done, *prev = NULL;
	struct syscount_row *total;
	char comm[SYSCOUNT_COMM_LEN];
	bool delete = false;
	size_t i;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		/* A key is deleted once the walk has left it: deleting the
		 * current one would restart the walk at the first key. */
		if (delete)
			bpf_map_delete_elem(fd, &done);
		delete = false;
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, comm))
			continue;
		total = proc_total_of(rd, key);
		if (!total)
			continue;
		memcpy(total->comm, comm, sizeof(comm));
		done = key;
		delete = true;
	}
	if (delete)
		bpf_map_delete_elem(fd, &done);
	for (i = 0; i < n; i++) {
		total = proc_total_of(rd, rd->rows[i].key);
		if (total)
			memcpy(rd->rows[i].comm, total->comm, sizeof(total->comm));
	}
}

/* Read what the kernel counted since the last read into rd->rows. */
static int read_counts(const struct syscount_env *env, struct syscount_bpf *skel, struct tracer *t,
		       struct reader *rd, size_t *n)
{
	int err;

	if (env->per_process) {
		err = read_procs(rd, bpf_map__fd(skel->maps.procs), n);
		if (!err)
			err = read_proc_slots(rd, bpf_map__fd(skel->maps.proc_slots), n);
		if (!err) {
			*n = merge_same_pids(rd->rows, *n);
			err = add_proc_totals(rd, rd->rows, *n);
		}
		if (!err)
			name_by_exec(rd, bpf_map__fd(skel->maps.exec_comms), *n);
	} else {
		err = read_syscalls(rd, bpf_map__fd(skel->maps.syscalls),
				    bpf_map__fd(skel->maps.odd_syscalls), n);
	}
	if (err)
		tracer_error(t, "reading counts: %s", strerror(-err));
	return err;
}

static void print_summary(FILE *out, const struct syscount_env *env, struct syscount_row *rows,
			  size_t n)
{
	syscount_sort_rows(rows, n, env->latency);
	if (!env->common.json) {
		char now[16];

		tracer_strftime_now(now, sizeof(now));
		fprintf(out, "[%s]\n", now);
	}
	syscount_print_rows(out, env, rows, n, tracer_now_unix());
	if (!env->common.json && env->interval)
		fputc('\n', out);
}

static int compare_comms(const void *a, const void *b)
{
	return strncmp(((const struct syscount_row *)a)->comm,
		       ((const struct syscount_row *)b)->comm, SYSCOUNT_COMM_LEN);
}

struct metrics_ctx {
	const struct syscount_env *env;
	struct syscount_row *rows;
	size_t n;
};

static void fill_metrics(struct om_writer *w, void *data)
{
	static const struct {
		const char *name, *help;
	} families[] = {
		{ "coretrace_syscalls_total", "Syscalls made." },
		{ "coretrace_syscall_errors_total", "Syscalls that returned an error." },
		{ "coretrace_syscall_seconds_total", "Time spent in syscalls." },
	};
	const struct metrics_ctx *m = data;
	struct hist_label label;
	char buf[32];
	size_t i, f;

	for (f = 0; f < (m->env->latency ? 3U : 2U); f++) {
		om_family(w, families[f].name, "counter", families[f].help);
		for (i = 0; i < m->n; i++) {
			const struct syscall_stat *s = &m->rows[i].stat;
			double v = f == 0   ? (double)s->count
				   : f == 1 ? (double)s->errors
					    : (double)s->total_ns / 1e9;

			if (m->env->per_process)
				label = (struct hist_label){ "comm", m->rows[i].comm };
			else
				label = (struct hist_label){
					"syscall", row_syscall(&m->rows[i], buf, sizeof(buf))
				};
			om_sample(w, families[f].name, &label, 1, v);
		}
	}
}

/* Past --max-series rows, the ones with the fewest calls are summed as
 * "other" into the last row kept. */
static size_t cap_rows(struct syscount_row *rows, size_t n, size_t max)
{
	size_t i;

	if (n <= max)
		return n;
	syscount_sort_rows(rows, n, false);
	for (i = max; i < n; i++)
		stat_add(&rows[max - 1].stat, &rows[i].stat);
	rows[max - 1].other = true;
	snprintf(rows[max - 1].comm, sizeof(rows[max - 1].comm), "%s", OM_OTHER);
	return max;
}

/* Counters since start: per syscall, or per command name with -P (pids
 * would make a new series for every process). */
static int write_metrics(const struct syscount_env *env, struct tracer *t, struct reader *rd,
			 __u64 lost)
{
	const struct om_file_info info = {
		.tool = "syscount",
		.method = tracer_native_btf(t) ? "tp_btf" : "raw_tp",
		.lost = lost,
	};
	struct metrics_ctx m = { env, NULL, 0 };
	size_t i, k = 0;

	/* cumulative_rows() may move rd->scratch: take the pointer after. */
	m.n = cumulative_rows(env, rd);
	m.rows = rd->scratch;

	if (env->per_process) {
		/* Fold processes into their command names. */
		qsort(m.rows, m.n, sizeof(*m.rows), compare_comms);
		for (i = 0; i < m.n; i++) {
			if (k && compare_comms(&m.rows[k - 1], &m.rows[i]) == 0)
				stat_add(&m.rows[k - 1].stat, &m.rows[i].stat);
			else
				m.rows[k++] = m.rows[i];
		}
		m.n = k;
	}
	m.n = cap_rows(m.rows, m.n, env->metrics.max_series);
	return om_write_file(t, &env->metrics, &info, fill_metrics, &m);
}

/* What the interval loop works on. */
struct run_ctx {
	const struct syscount_env *env;
	struct tracer *t;
	struct syscount_bpf *skel;
	struct reader rd;
	size_t n; /* rows in rd.rows: what the last read found */
};

static int collect_interval(void *ctx)
{
	struct run_ctx *rc = ctx;

	return read_counts(rc->env, rc->skel, rc->t, &rc->rd, &rc->n);
}

static void print_interval(void *ctx, FILE *out, bool whole_run)
{
	struct run_ctx *rc = ctx;
	size_t n;

	if (!whole_run) {
		print_summary(out, rc->env, rc->rd.rows, rc->n);
		return;
	}
	/* cumulative_rows() may move rd.scratch: read the pointer after. */
	n = cumulative_rows(rc->env, &rc->rd);
	print_summary(out, rc->env, rc->rd.scratch, n);
}

static int write_interval_metrics(void *ctx)
{
	struct run_ctx *rc = ctx;

	return write_metrics(rc->env, rc->t, &rc->rd,
			     tracer_lost_total(rc->t, rc->skel->bss->lost_events));
}

static int reader_init(struct reader *rd)
{
	rd->ncpus = libbpf_num_possible_cpus();
	if (rd->ncpus < 0)
		return rd->ncpus;
	rd->cap = SYSCOUNT_MAX_NR + SYSCOUNT_ODD_NRS;
	rd->percpu = calloc((size_t)rd->ncpus, sizeof(struct proc_stat));
	rd->prev = calloc(SYSCOUNT_MAX_NR, sizeof(*rd->prev));
	rd->rows = calloc(rd->cap, sizeof(*rd->rows));
	rd->all_syscalls = calloc((size_t)SYSCOUNT_MAX_NR * rd->ncpus, sizeof(struct syscall_stat));
	/* Keys for batch lookups of either array. */
	_Static_assert(SYSCOUNT_PROC_SLOTS <= SYSCOUNT_MAX_NR, "rd->keys too small");
	rd->keys = calloc(SYSCOUNT_MAX_NR, sizeof(*rd->keys));
	rd->slots = calloc((size_t)SYSCOUNT_PROC_SLOTS * rd->ncpus, sizeof(*rd->slots));
	rd->slot_prev = calloc((size_t)SYSCOUNT_PROC_SLOTS * rd->ncpus, sizeof(*rd->slot_prev));
	return rd->percpu && rd->prev && rd->rows && rd->all_syscalls && rd->keys && rd->slots &&
			       rd->slot_prev
		       ? 0
		       : -ENOMEM;
}

static void reader_free(struct reader *rd)
{
	free(rd->percpu);
	free(rd->prev);
	free(rd->rows);
	free(rd->all_syscalls);
	free(rd->keys);
	free(rd->proc_total);
	free(rd->scratch);
	free(rd->slots);
	free(rd->slot_prev);
}

static void configure(const struct syscount_env *env, struct tracer *t, struct syscount_bpf *skel)
{
	bool btf = tracer_native_btf(t), task_storage = tracer_task_storage(t);

	filter_configure(&skel->rodata->filter, &env->filter);
	skel->rodata->targ_failures = env->failures;
	skel->rodata->targ_errno = env->errno_filter;
	skel->rodata->targ_per_process = env->per_process;

	/* Only the counting program runs unless -L asks for latency; raw
	 * tracepoints only when the kernel's BTF is not the one in use. */
	bpf_program__set_autoload(skel->progs.sys_exit_count, btf && !env->latency);
	bpf_program__set_autoload(skel->progs.sys_enter_task, btf && env->latency && task_storage);
	bpf_program__set_autoload(skel->progs.sys_exit_task, btf && env->latency && task_storage);
	bpf_program__set_autoload(skel->progs.park_entry, btf && env->latency && task_storage);
	bpf_program__set_autoload(skel->progs.sys_enter_tid, btf && env->latency && !task_storage);
	bpf_program__set_autoload(skel->progs.sys_exit_tid, btf && env->latency && !task_storage);
	bpf_program__set_autoload(skel->progs.raw_sys_exit_count, !btf && !env->latency);
	bpf_program__set_autoload(skel->progs.raw_sys_enter_tid, !btf && env->latency);
	bpf_program__set_autoload(skel->progs.raw_sys_exit_tid, !btf && env->latency);
	bpf_program__set_autoload(skel->progs.raw_thread_exit_tid, env->latency && !task_storage);
	bpf_map__set_autocreate(skel->maps.start_task, btf && env->latency && task_storage);
	bpf_map__set_autocreate(skel->maps.cpu_entry, btf && env->latency && task_storage);
	if (!env->latency || task_storage)
		bpf_map__set_max_entries(skel->maps.start_tid, 1);
	bpf_program__set_autoload(skel->progs.exec_comm, env->per_process);
	if (!env->per_process) {
		bpf_map__set_max_entries(skel->maps.exec_comms, 1);
		bpf_map__set_max_entries(skel->maps.procs, 1);
		bpf_map__set_max_entries(skel->maps.proc_slots, 1);
	} else {
		bpf_map__set_max_entries(skel->maps.odd_syscalls, 1);
	}
	if (env->per_process && btf) {
		/* Preallocating SYSCOUNT_MAX_PROCS per-CPU entries is most of
		 * the start-up, for a map used only when a slot is taken. tp_btf
		 * programs may allocate on any kernel; raw_tp ones made the
		 * verifier warn before 6.1, so they keep the preallocation. */
		bpf_map__set_map_flags(skel->maps.procs, BPF_F_NO_PREALLOC);
	}
	tracer_report(t, "method", "%s on %s%s", btf ? "tp_btf" : "raw_tp",
		      env->latency ? "sys_enter and sys_exit" : "sys_exit",
		      !env->latency  ? ""
		      : task_storage ? "; entry times in per-CPU slots and task storage"
				     : "; entry times in a tid hash");
}

static int run(const struct syscount_env *env)
{
	struct run_ctx rc = { .env = env };
	struct interval_loop loop = {
		.interval = env->interval,
		.duration = env->common.duration,
		.metrics = env->metrics.path != NULL,
		.metrics_period = env->metrics.period,
		.collect = collect_interval,
		.print = env->metrics.quiet ? NULL : print_interval,
		.write_metrics = write_interval_metrics,
		.ctx = &rc,
	};
	struct syscount_bpf *skel = NULL;
	struct tracer t;
	int err;

	err = tracer_init(&t, "syscount", &env->common);
	if (!err && env->metrics.path)
		err = om_check(&t, &env->metrics);
	if (err)
		return err;
	rc.t = &t;
	err = reader_init(&rc.rd);
	if (err)
		goto cleanup;

	skel = syscount_bpf__open_opts(tracer_open_opts(&t));
	if (!skel) {
		err = tracer_load_error(&t, "open BPF object", -errno);
		goto cleanup;
	}
	configure(env, &t, skel);
	err = filter_load(&t, skel->skeleton, &env->filter, skel->maps.filter_cgroup);
	if (!err)
		err = tracer_attach(&t, skel->skeleton, "syscall tracepoints");
	if (err)
		goto cleanup;
	tracer_ready(&t, "syscalls");
	rc.skel = skel;
	loop.lost = &skel->bss->lost_events;
	err = interval_run(&t, &loop, stdout);
cleanup:
	om_remove(&env->metrics);
	syscount_bpf__destroy(skel);
	reader_free(&rc.rd);
	return err;
}

static void list_syscalls(void)
{
	unsigned int nr;

	for (nr = 0; nr < syscall_table_size(); nr++)
		if (syscall_name(nr))
			printf("%s\n", syscall_name(nr));
}

int syscount_main(int argc, char **argv)
{
	struct syscount_env env;

	syscount_parse_args(argc, argv, &env);
	if (env.list) {
		list_syscalls();
		return 0;
	}
	return tracer_exit_status(run(&env));
}
