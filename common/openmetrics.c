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
	OPT_OPENMETRICS = 0x1100
};

static const struct argp_option om_options[] = {
	{ NULL, 0, NULL, 0, "Metrics:", ARGS_GROUP_METRICS },
	{ "openmetrics", OPT_OPENMETRICS, "FILE", 0,
	  "Write metrics in Prometheus text format to FILE (atomically) every interval", 0 },
	{},
};

static error_t om_parse(int key, char *arg, struct argp_state *state)
{
	const char **path = state->input;

	if (key != OPT_OPENMETRICS)
		return ARGP_ERR_UNKNOWN;
	if (!*arg)
		args_usage_error(state, "--openmetrics needs a file name");
	*path = arg;
	return 0;
}

const struct argp *om_argp(const void *opts)
{
	static const struct argp argp = { .options = om_options, .parser = om_parse };

	return &argp;
}

int om_begin(struct om_writer *w, const char *path)
{
	int fd;

	memset(w, 0, sizeof(*w));
	w->path = path;
	/* Same directory as the target, so rename() is atomic. */
	if (snprintf(w->tmp, sizeof(w->tmp), "%s.XXXXXX", path) >= (int)sizeof(w->tmp))
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

static void write_labels(FILE *f, const struct hist_label *labels, int nlabels, const char *le)
{
	int i;

	if (!nlabels && !le)
		return;
	fputc('{', f);
	for (i = 0; i < nlabels; i++) {
		fprintf(f, "%s%s=\"", i ? "," : "", labels[i].key);
		escape_write(f, labels[i].value, strlen(labels[i].value), ESCAPE_LABEL);
		fputc('"', f);
	}
	if (le)
		fprintf(f, "%sle=\"%s\"", nlabels ? "," : "", le);
	fputc('}', f);
}

void om_family(struct om_writer *w, const char *name, const char *type, const char *help)
{
	fprintf(w->f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void om_sample(struct om_writer *w, const char *name, const struct hist_label *labels, int nlabels,
	       double value)
{
	fputs(name, w->f);
	write_labels(w->f, labels, nlabels, NULL);
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
		/* Bucket i holds whole units up to 2^(i+1) - 1 inclusive. */
		snprintf(le, sizeof(le), "%.15g", (double)((1ULL << (i + 1)) - 1) * unit_seconds);
		fputs(series, w->f);
		write_labels(w->f, labels, nlabels, le);
		fprintf(w->f, " %llu\n", (unsigned long long)cumulative);
	}
	fputs(series, w->f);
	write_labels(w->f, labels, nlabels, "+Inf");
	fprintf(w->f, " %llu\n", (unsigned long long)h->count);
	fprintf(w->f, "%s_sum", name);
	write_labels(w->f, labels, nlabels, NULL);
	fprintf(w->f, " %.15g\n", (double)h->sum * unit_seconds);
	fprintf(w->f, "%s_count", name);
	write_labels(w->f, labels, nlabels, NULL);
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
	if (!err && rename(w->tmp, w->path))
		err = -errno;
	if (err)
		unlink(w->tmp);
	return err;
}

struct om_series *om_table_get(struct om_table *t, const char *v0, const char *v1)
{
	const char *want[OM_LABELS] = { v0 ? v0 : "", v1 ? v1 : "" };
	struct om_series *s;
	size_t i;
	int k;

	for (i = 0; i < t->n; i++) {
		for (k = 0; k < OM_LABELS; k++)
			if (strncmp(t->v[i].values[k], want[k], OM_LABEL_LEN - 1) != 0)
				break;
		if (k == OM_LABELS)
			return &t->v[i];
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

	om_family(w, hist_name, "histogram", hist_help);
	for (i = 0; i < t->n; i++) {
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

int om_write_file(const struct tracer *t, const char *path, const char *tool, __u64 lost,
		  void (*fill)(struct om_writer *w, void *ctx), void *ctx)
{
	struct hist_label label = { "tool", tool };
	struct om_writer w;
	int err;

	err = om_begin(&w, path);
	if (err) {
		tracer_error(t, "cannot write %s: %s (trying again later)", path, strerror(-err));
		return err;
	}
	fill(&w, ctx);
	om_family(&w, "coretrace_lost_events_total", "counter",
		  "Events the tool could not record (full map or ring buffer).");
	om_sample(&w, "coretrace_lost_events_total", &label, 1, (double)lost);
	err = om_commit(&w);
	if (err)
		tracer_error(t, "cannot write %s: %s (the old file stays; trying again later)",
			     path, strerror(-err));
	return err;
}

int om_check(const struct tracer *t, const char *path)
{
	struct om_writer w;
	struct stat st;
	int err;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		tracer_error(t, "cannot write %s: it is a directory", path);
		return -EISDIR;
	}
	err = om_begin(&w, path);
	if (err) {
		tracer_error(t, "cannot write %s: %s", path, strerror(-err));
		return err;
	}
	fclose(w.f);
	unlink(w.tmp);
	return 0;
}
