// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "openmetrics.h"

#include "args.h"
#include "escape.h"
#include "tracer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
	OPT_PROMETHEUS = 0x1100,
	OPT_OPENMETRICS,
	OPT_LABEL,
	OPT_MAX_SERIES,
	OPT_METRICS_INTERVAL,
};

static const struct argp_option om_options[] = {
	{ NULL, 0, NULL, 0, "Metrics:", ARGS_GROUP_METRICS },
	{ "prometheus", OPT_PROMETHEUS, "FILE", 0,
	  "Write metrics in the Prometheus text format to FILE (atomically) every interval", 0 },
	{ "openmetrics", OPT_OPENMETRICS, "FILE", OPTION_HIDDEN, "The same as --prometheus", 0 },
	{ "label", OPT_LABEL, "KEY=VALUE", 0, "Add this label to every series (repeatable)", 0 },
	{ "max-series", OPT_MAX_SERIES, "N", 0,
	  "At most N label sets per metric, the rest summed as \"other\" (default 100)", 0 },
	{ "metrics-interval", OPT_METRICS_INTERVAL, "SECS", 0,
	  "Rewrite the file every SECS seconds (default 10, or the tool's interval)", 0 },
	{ "quiet", 'q', NULL, 0, "With --prometheus: write the file only, no events", 0 },
	{},
};

/* Label names the files use themselves: a constant may not repeat one. */
static const char *const reserved[] = {
	"le",	"source", "tool", "method", "version", "arch",
	"comm", "result", "disk", "flags",  "syscall",
};

static bool label_name_ok(const char *k, size_t n)
{
	size_t i;

	if (!n || (k[0] >= '0' && k[0] <= '9') || (n >= 2 && k[0] == '_' && k[1] == '_'))
		return false;
	for (i = 0; i < n; i++)
		if (!(k[i] == '_' || (k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' && k[i] <= 'Z') ||
		      (k[i] >= '0' && k[i] <= '9')))
			return false;
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strlen(reserved[i]) == n && strncmp(reserved[i], k, n) == 0)
			return false;
	return true;
}

static void add_label(const struct argp_state *state, struct om_args *a, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : 0;

	if (!eq || n >= sizeof(a->keys[0]) || !label_name_ok(arg, n))
		args_usage_error(state,
				 "invalid label: '%s' (KEY=VALUE, with KEY a Prometheus label "
				 "name the tool does not use itself)",
				 arg);
	if (a->nlabels == OM_MAX_CONST_LABELS)
		args_usage_error(state, "at most %d --label options", OM_MAX_CONST_LABELS);
	memcpy(a->keys[a->nlabels], arg, n);
	a->keys[a->nlabels][n] = '\0';
	a->labels[a->nlabels] = (struct hist_label){ a->keys[a->nlabels], eq + 1 };
	a->nlabels++;
}

static error_t om_parse(int key, char *arg, struct argp_state *state)
{
	struct om_args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		a->max_series = OM_MAX_SERIES_DEFAULT;
		a->period = OM_PERIOD_DEFAULT;
		return 0;
	case OPT_PROMETHEUS:
	case OPT_OPENMETRICS:
		if (!*arg)
			args_usage_error(state, "--prometheus needs a file name");
		a->path = arg;
		return 0;
	case OPT_LABEL: add_label(state, a, arg); return 0;
	case OPT_MAX_SERIES:
		a->max_series = (unsigned int)args_number(state, arg, "max-series", 1, 100000);
		return 0;
	case OPT_METRICS_INTERVAL:
		a->period = (unsigned int)args_number(state, arg, "metrics-interval", 1, 86400);
		return 0;
	case 'q': a->quiet = true; return 0;
	case ARGP_KEY_END:
		if ((a->quiet || a->nlabels) && !a->path)
			args_usage_error(state, "-q and --label go with --prometheus FILE");
		return 0;
	default: return ARGP_ERR_UNKNOWN;
	}
}

const struct argp *om_argp(const void *opts)
{
	static const struct argp argp = { .options = om_options, .parser = om_parse };

	return &argp;
}

/* "biolatency" for .../biolatency.prom: what tells two files apart. */
static void source_of(const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".prom") == 0)
		n -= 5;
	snprintf(buf, len, "%.*s", (int)n, base);
}

int om_begin(struct om_writer *w, const struct om_args *a)
{
	int fd;

	memset(w, 0, sizeof(*w));
	w->args = a;
	source_of(a->path, w->source, sizeof(w->source));
	/* Same directory as the target, so rename() is atomic. */
	if (snprintf(w->tmp, sizeof(w->tmp), "%s.XXXXXX", a->path) >= (int)sizeof(w->tmp))
		return -ENAMETOOLONG;
	fd = mkstemp(w->tmp);
	if (fd < 0)
		return -errno;
	/* node_exporter may run as another user: world-readable, like
	 * the files it usually collects. */
	fchmod(fd, 0644);
	w->f = fdopen(fd, "w");
	if (!w->f) {
		int err = -errno;

		close(fd);
		unlink(w->tmp);
		return err;
	}
	return 0;
}

static void write_label(FILE *f, bool *first, const char *key, const char *value)
{
	fprintf(f, "%s%s=\"", *first ? "{" : ",", key);
	escape_write(f, value, strlen(value), ESCAPE_LABEL);
	fputc('"', f);
	*first = false;
}

/* {source="...",CONSTANTS,LABELS,le="..."} */
static void write_labels(const struct om_writer *w, const struct hist_label *labels, int nlabels,
			 const char *le)
{
	bool first = true;
	int i;

	write_label(w->f, &first, "source", w->source);
	for (i = 0; i < w->args->nlabels; i++)
		write_label(w->f, &first, w->args->labels[i].key, w->args->labels[i].value);
	for (i = 0; i < nlabels; i++)
		write_label(w->f, &first, labels[i].key, labels[i].value);
	if (le)
		write_label(w->f, &first, "le", le);
	fputc('}', w->f);
}

void om_family(struct om_writer *w, const char *name, const char *type, const char *help)
{
	fprintf(w->f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void om_sample(struct om_writer *w, const char *name, const struct hist_label *labels, int nlabels,
	       double value)
{
	fputs(name, w->f);
	write_labels(w, labels, nlabels, NULL);
	fprintf(w->f, " %.15g\n", value);
}

/* Fixed bucket bounds (the log2 buckets up to 2^26 units, 67 s in
 * microseconds), so every scrape has the same series. */
#define OM_BUCKETS 27

void om_histogram(struct om_writer *w, const char *name, const struct hist_label *labels,
		  int nlabels, const struct hist *h, double unit_seconds)
{
	__u64 buckets[HIST_LOG2_BUCKETS], cumulative = 0;
	char series[256], le[64];
	int i;

	hist_fold_log2(h, buckets);
	snprintf(series, sizeof(series), "%s_bucket", name);
	for (i = 0; i < OM_BUCKETS; i++) {
		cumulative += buckets[i];
		/* Bucket i holds what was below 2^(i+1) units: its edge. */
		snprintf(le, sizeof(le), "%.15g", (double)(1ULL << (i + 1)) * unit_seconds);
		fputs(series, w->f);
		write_labels(w, labels, nlabels, le);
		fprintf(w->f, " %llu\n", (unsigned long long)cumulative);
	}
	fputs(series, w->f);
	write_labels(w, labels, nlabels, "+Inf");
	fprintf(w->f, " %llu\n", (unsigned long long)h->count);
	fprintf(w->f, "%s_sum", name);
	write_labels(w, labels, nlabels, NULL);
	fprintf(w->f, " %.15g\n", (double)h->sum * unit_seconds);
	fprintf(w->f, "%s_count", name);
	write_labels(w, labels, nlabels, NULL);
	fprintf(w->f, " %llu\n", (unsigned long long)h->count);
}

int om_commit(struct om_writer *w)
{
	int err = 0;

	if (fflush(w->f) || fsync(fileno(w->f)) || ferror(w->f))
		err = -errno;
	if (fclose(w->f) && !err)
		err = -errno;
	w->f = NULL;
	if (!err && rename(w->tmp, w->args->path))
		err = -errno;
	if (err)
		unlink(w->tmp);
	return err;
}

static struct om_series *table_find(const struct om_table *t, const char *const want[OM_LABELS])
{
	size_t i;
	int k;

	for (i = 0; i < t->n; i++) {
		for (k = 0; k < OM_LABELS; k++)
			if (strncmp(t->v[i].values[k], want[k], OM_LABEL_LEN - 1) != 0)
				break;
		if (k == OM_LABELS)
			return &t->v[i];
	}
	return NULL;
}

struct om_series *om_table_get(struct om_table *t, const char *v0, const char *v1)
{
	const char *want[OM_LABELS] = { v0 ? v0 : "", v1 ? v1 : "" };
	unsigned int max = t->max ? t->max : OM_MAX_SERIES_DEFAULT;
	struct om_series *s = table_find(t, want);
	int k;

	if (s)
		return s;
	/* Full: sum into "other" (one per second label value, which the tool
	 * bounds itself: results, not names). */
	if (t->n >= max) {
		want[0] = OM_OTHER;
		s = table_find(t, want);
		if (s)
			return s;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct om_series *grown = realloc(t->v, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		t->v = grown;
		t->cap = cap;
	}
	s = &t->v[t->n++];
	memset(s, 0, sizeof(*s));
	for (k = 0; k < OM_LABELS; k++)
		snprintf(s->values[k], OM_LABEL_LEN, "%s", want[k]);
	return s;
}

void om_table_free(struct om_table *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

int om_series_labels(const struct om_table *t, const struct om_series *s,
		     struct hist_label labels[OM_LABELS])
{
	int k, n = 0;

	for (k = 0; k < OM_LABELS; k++)
		if (t->keys[k])
			labels[n++] = (struct hist_label){ t->keys[k], s->values[k] };
	return n;
}

void om_table_write(struct om_writer *w, const struct om_table *t, const char *hist_name,
		    const char *hist_help, double unit_seconds,
		    const char *const counters[OM_COUNTERS], const char *const helps[OM_COUNTERS])
{
	struct hist_label labels[OM_LABELS];
	size_t i;
	int c, n;

	if (hist_name)
		om_family(w, hist_name, "histogram", hist_help);
	for (i = 0; hist_name && i < t->n; i++) {
		n = om_series_labels(t, &t->v[i], labels);
		om_histogram(w, hist_name, labels, n, &t->v[i].hist, unit_seconds);
	}
	for (c = 0; c < OM_COUNTERS; c++) {
		if (!counters[c])
			continue;
		om_family(w, counters[c], "counter", helps[c]);
		for (i = 0; i < t->n; i++) {
			n = om_series_labels(t, &t->v[i], labels);
			om_sample(w, counters[c], labels, n, t->v[i].counters[c]);
		}
	}
}

#if defined(__x86_64__)
#define BUILD_ARCH "x86_64"
#elif defined(__aarch64__)
#define BUILD_ARCH "aarch64"
#else
#define BUILD_ARCH "unknown"
#endif

/* What every file says about the tool itself. */
static void write_self(struct om_writer *w, const struct om_file_info *info)
{
	const struct hist_label tool = { "tool", info->tool };
	const struct hist_label build[] = { { "version", CORETRACE_VERSION },
					    { "arch", BUILD_ARCH } };
	const struct hist_label attach[] = { tool, { "method", info->method } };

	om_family(w, "coretrace_lost_events_total", "counter",
		  "Events the tool could not record or show (full map or ring buffer, "
		  "skipped runs, malformed or unread records).");
	om_sample(w, "coretrace_lost_events_total", &tool, 1, (double)info->lost);
	om_family(w, "coretrace_build_info", "gauge", "The coretrace build writing this file.");
	om_sample(w, "coretrace_build_info", build, 2, 1);
	om_family(w, "coretrace_attach_info", "gauge",
		  "How the tool attached on this kernel: the method it chose.");
	om_sample(w, "coretrace_attach_info", attach, 2, 1);
}

int om_write_file(const struct tracer *t, const struct om_args *a, const struct om_file_info *info,
		  void (*fill)(struct om_writer *w, void *ctx), void *ctx)
{
	struct om_writer w;
	int err;

	err = om_begin(&w, a);
	if (err) {
		tracer_error(t, "cannot write %s: %s (trying again later)", a->path,
			     strerror(-err));
		return err;
	}
	fill(&w, ctx);
	write_self(&w, info);
	err = om_commit(&w);
	if (err)
		tracer_error(t, "cannot write %s: %s (the old file stays; trying again later)",
			     a->path, strerror(-err));
	return err;
}

void om_remove(const struct om_args *a)
{
	if (a->path)
		unlink(a->path);
}

int om_check(const struct tracer *t, const struct om_args *a)
{
	struct om_writer w;
	struct stat st;
	int err;

	if (stat(a->path, &st) == 0 && S_ISDIR(st.st_mode)) {
		tracer_error(t, "cannot write %s: it is a directory", a->path);
		return -EISDIR;
	}
	err = om_begin(&w, a);
	if (err) {
		tracer_error(t, "cannot write %s: %s", a->path, strerror(-err));
		return err;
	}
	fclose(w.f);
	unlink(w.tmp);
	return 0;
}

static void fill_source(struct om_writer *w, void *ctx)
{
	const struct om_source *src = ctx;

	om_table_write(w, &src->table, src->hist_name, src->hist_help, src->unit_seconds,
		       src->counters, src->helps);
}

int om_source_write(void *ctx)
{
	const struct om_source *src = ctx;
	const struct om_file_info info = {
		.tool = src->tool,
		.method = src->method,
		.lost = tracer_lost_total(src->t, *src->lost),
	};

	return om_write_file(src->t, src->args, &info, fill_source, ctx);
}

void om_source_end(struct om_source *src)
{
	om_remove(src->args);
	om_table_free(&src->table);
}
