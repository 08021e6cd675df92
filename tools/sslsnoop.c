// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sslsnoop: show the plaintext of TLS reads and writes (OpenSSL 1.1 and 3,
 * GnuTLS, NSS/NSPR, and programs that link TLS statically), and say which
 * libraries and binaries it found and probed.
 *
 * This shows secrets (passwords, tokens, cookies) in clear text: it runs
 * only with root or CAP_BPF+CAP_PERFMON, and a file it writes is 0600.
 */
#include <argp.h>
#include <stddef.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sslsnoop.h"

#include "cgroup_names.h"
#include "elfsym.h"
#include "emit.h"
#include "escape.h"
#include "json.h"
#include "libfind.h"
#include "openmetrics.h"
#include "outfile.h"
#include "stream.h"
#include "tracer.h"
#include "uprobes.h"

#include "sslsnoop.skel.h"

enum {
	OPT_HANDSHAKE = 0x100,
	OPT_HEXDUMP,
	OPT_MAX_BYTES,
	OPT_NO_DATA,
	OPT_BINARY,
	OPT_CHECK,
};

static const char doc[] =
	"Show the plaintext of TLS reads and writes (OpenSSL, GnuTLS, NSS).\n"
	"\n"
	"This prints secrets in clear text. It needs root or CAP_BPF+CAP_PERFMON.\v"
	"Examples:\n"
	"  sslsnoop --check          # which TLS libraries would be seen, then exit\n"
	"  sslsnoop -p 1234          # only process 1234, whatever TLS it uses\n"
	"  sslsnoop -c curl -l       # only commands named curl, with latency\n"
	"  sslsnoop --binary /usr/bin/node   # a program with its own OpenSSL\n"
	"  sslsnoop --no-data --handshake    # latencies only, no plaintext";

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "What to probe:", ARGS_GROUP_TOOL },
	{ "comm", 'c', "COMM", 0, "Trace only commands of this name", 0 },
	{ "handshake", OPT_HANDSHAKE, NULL, 0, "Also show handshakes and their latency", 0 },
	{ "binary", OPT_BINARY, "PATH", 0, "Also probe this program or library (repeatable)", 0 },
	{ "check", OPT_CHECK, NULL, 0, "List what would be probed and exit", 0 },
	{ NULL, 0, NULL, 0, "Output:", ARGS_GROUP_OUTPUT },
	{ "latency", 'l', NULL, 0, "Show the latency of each call", 0 },
	{ "hexdump", OPT_HEXDUMP, NULL, 0, "Show data as a hex dump", 0 },
	{ "max-bytes", OPT_MAX_BYTES, "N", 0, "Show at most N bytes per call (default 8192)", 0 },
	{ "no-data", OPT_NO_DATA, NULL, 0, "Show calls and latencies, no data", 0 },
	{ "output", 'o', "FILE", 0, "Write to a new FILE (mode 0600) instead of stdout", 0 },
	{}
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct sslsnoop_env *env = state->input;

	switch (key) {
	case ARGP_KEY_INIT: env->max_bytes = 8192; break;
	case 'c':
		if (!*arg || strlen(arg) >= SSLSNOOP_COMM_LEN)
			args_usage_error(state, "invalid comm: '%s' (1 to %d characters)", arg,
					 SSLSNOOP_COMM_LEN - 1);
		env->comm = arg;
		break;
	case 'l': env->latency = true; break;
	case OPT_HANDSHAKE: env->handshake = true; break;
	case OPT_HEXDUMP: env->hexdump = true; break;
	case OPT_MAX_BYTES:
		env->max_bytes =
			(unsigned int)args_number(state, arg, "max-bytes", 1, SSLSNOOP_MAX_DATA);
		break;
	case OPT_NO_DATA: env->no_data = true; break;
	case OPT_BINARY:
		if (!*arg)
			args_usage_error(state, "--binary needs a path");
		if (env->nbinaries == SSLSNOOP_MAX_BINARIES)
			args_usage_error(state, "at most %d --binary options",
					 SSLSNOOP_MAX_BINARIES);
		env->binaries[env->nbinaries++] = arg;
		break;
	case OPT_CHECK: env->check = true; break;
	case 'o':
		if (!*arg)
			args_usage_error(state, "-o needs a file name");
		env->output = arg;
		break;
	case ARGP_KEY_END:
		/* A service's file must never be where plaintext goes. */
		if (env->metrics.path && !env->no_data)
			args_usage_error(state, "--prometheus needs --no-data: metrics never "
						"carry plaintext, so none is captured for them");
		break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct filter_options filters = {
	.which = FILTER_PID | FILTER_UID,
	.pid_doc = "Trace only this process (and use its own libraries)",
	.containers = true,
};

static const struct args_spec spec = {
	.options = options,
	.parser = parse_opt,
	.doc = doc,
	.common_offset = offsetof(struct sslsnoop_env, common),
	.common_opts = ARGS_BUFFER,
	.buffer_default = "4M",
	.groups = {
		{ filter_argp, &filters, offsetof(struct sslsnoop_env, filter) },
		{ om_argp, NULL, offsetof(struct sslsnoop_env, metrics) },
	},
};

ARGS_PARSER(sslsnoop, spec)

static const char *const func_names[SSLF_NR] = {
	[SSLF_SSL_READ] = "SSL_read",
	[SSLF_SSL_WRITE] = "SSL_write",
	[SSLF_SSL_READ_EX] = "SSL_read_ex",
	[SSLF_SSL_WRITE_EX] = "SSL_write_ex",
	[SSLF_GNUTLS_RECV] = "gnutls_record_recv",
	[SSLF_GNUTLS_SEND] = "gnutls_record_send",
	[SSLF_GNUTLS_RECV_SEQ] = "gnutls_record_recv_seq",
	[SSLF_GNUTLS_SEND2] = "gnutls_record_send2",
	[SSLF_PR_READ] = "PR_Read",
	[SSLF_PR_WRITE] = "PR_Write",
	[SSLF_PR_RECV] = "PR_Recv",
	[SSLF_PR_SEND] = "PR_Send",
	[SSLF_SSL_DO_HANDSHAKE] = "SSL_do_handshake",
	[SSLF_SSL_CONNECT] = "SSL_connect",
	[SSLF_SSL_ACCEPT] = "SSL_accept",
	[SSLF_GNUTLS_HANDSHAKE] = "gnutls_handshake",
};

const char *sslsnoop_func_name(unsigned int func)
{
	return func < SSLF_NR ? func_names[func] : "?";
}

/* --- printing ------------------------------------------------------------ */

void sslsnoop_print_header(const struct sslsnoop_printer *p)
{
	if (p->json)
		return;
	fprintf(p->out, "%-18s %-14s %-16s ", "FUNC", "TIME(s)", "COMM");
	if (p->containers)
		fprintf(p->out, "%-20s ", "CONTAINER");
	fprintf(p->out, "%-7s %-7s", "PID", "LEN");
	if (p->latency)
		fprintf(p->out, " %s", "LAT(ms)");
	fputc('\n', p->out);
}

void sslsnoop_print_text(FILE *f, const unsigned char *data, size_t n)
{
	escape_write(f, (const char *)data, n, ESCAPE_TEXT_LINES);
	if (n && data[n - 1] != '\n')
		fputc('\n', f);
}

void sslsnoop_print_hexdump(FILE *f, const unsigned char *data, size_t n)
{
	size_t off, i;

	for (off = 0; off < n; off += 16) {
		fprintf(f, "%04zx ", off);
		for (i = 0; i < 16; i++) {
			if (i == 8)
				fputc(' ', f);
			if (off + i < n)
				fprintf(f, " %02x", data[off + i]);
			else
				fputs("   ", f);
		}
		fputs("  |", f);
		for (i = 0; i < 16 && off + i < n; i++)
			fputc(isprint(data[off + i]) ? data[off + i] : '.', f);
		fputs("|\n", f);
	}
}

static void print_json(const struct sslsnoop_printer *p, const struct sslsnoop_event *e,
		       size_t captured, double ts)
{
	FILE *f = p->out;

	fputs("{\"type\":\"event\",\"ts\":", f);
	json_write_ts(f, ts);
	fprintf(f, ",\"func\":\"%s\",\"kind\":\"%s\",\"comm\":", sslsnoop_func_name(e->func),
		e->kind == SSLK_HANDSHAKE ? "handshake" : "data");
	json_write_string(f, e->comm, strnlen(e->comm, sizeof(e->comm)));
	fprintf(f, ",\"pid\":%u,\"tid\":%u,\"uid\":%u", e->pid, e->tid, e->uid);
	if (p->containers) {
		const char *cgroup, *name = cgroup_names_name(e->cgroup_id, &cgroup);

		fputs(",\"container\":", f);
		json_write_string(f, name, (size_t)-1);
		fputs(",\"cgroup\":", f);
		json_write_string(f, cgroup, (size_t)-1);
	}
	if (e->kind == SSLK_HANDSHAKE)
		fprintf(f, ",\"ret\":%d", e->ret);
	else
		fprintf(f, ",\"len\":%llu", (unsigned long long)e->len);
	fprintf(f, ",\"lat_ms\":%.3f", (double)e->lat_ns / 1e6);
	if (e->kind == SSLK_DATA && !p->no_data) {
		fputs(",\"data\":", f);
		json_write_string(f, e->data, captured);
		fprintf(f, ",\"truncated\":%llu,\"unreadable\":%s",
			(unsigned long long)(e->len - captured), e->read_failed ? "true" : "false");
	}
	fputs("}\n", f);
}

int sslsnoop_print_event(const struct sslsnoop_printer *p, const void *data, size_t size, double ts)
{
	const size_t hdr = offsetof(struct sslsnoop_event, data);
	const struct sslsnoop_event *e = data;
	size_t captured;
	FILE *f = p->out;

	if (size < hdr)
		return -EINVAL;
	captured = e->captured;
	if (captured > size - hdr)
		captured = size - hdr;
	if (captured > e->len)
		captured = (size_t)e->len;
	if (p->json) {
		print_json(p, e, captured, ts);
		return 0;
	}
	/* A call that ended while the probes were attaching: at 0, never at
	 * 2^64 ns. */
	fprintf(f, "%-18s %-14.6f ", sslsnoop_func_name(e->func),
		e->end_ns > p->start_ns ? (double)(e->end_ns - p->start_ns) / 1e9 : 0.0);
	emit_text(f, e->comm, sizeof(e->comm), -16);
	if (p->containers) {
		const char *cgroup, *name = cgroup_names_name(e->cgroup_id, &cgroup);

		fputc(' ', f);
		emit_text(f, name, (size_t)-1, -20);
	}
	fprintf(f, " %-7u %-7lld", e->pid,
		e->kind == SSLK_HANDSHAKE ? (long long)e->ret : (long long)e->len);
	if (p->latency)
		fprintf(f, " %.3f", (double)e->lat_ns / 1e6);
	fputc('\n', f);
	if (e->kind != SSLK_DATA || p->no_data)
		return 0;
	if (e->read_failed) {
		fputs("----- DATA UNREADABLE -----\n", f);
		return 0;
	}
	fputs("----- DATA -----\n", f);
	if (p->hexdump)
		sslsnoop_print_hexdump(f, (const unsigned char *)e->data, captured);
	else
		sslsnoop_print_text(f, (const unsigned char *)e->data, captured);
	if (e->len > captured)
		fprintf(f, "----- END DATA (%llu bytes cut) -----\n",
			(unsigned long long)(e->len - captured));
	else
		fputs("----- END DATA -----\n", f);
	return 0;
}

/* --- finding and attaching ------------------------------------------------ */

enum tls_family {
	TLS_NONE,
	TLS_OPENSSL,
	TLS_GNUTLS,
	TLS_NSPR
};

static enum tls_family family_of(const bool *attached)
{
	int i;

	for (i = 0; i < SSLF_NR; i++) {
		if (!attached[i])
			continue;
		if (i <= SSLF_SSL_WRITE_EX || (i >= SSLF_SSL_DO_HANDSHAKE && i <= SSLF_SSL_ACCEPT))
			return TLS_OPENSSL;
		if (i <= SSLF_GNUTLS_SEND2 || i == SSLF_GNUTLS_HANDSHAKE)
			return TLS_GNUTLS;
		return TLS_NSPR;
	}
	return TLS_NONE;
}

/* OpenSSL keeps its version text in libcrypto: look next to libssl. */
static bool sibling_libcrypto_version(const struct libfind_file *lib, char *buf, size_t len)
{
	char name[NAME_MAX + 1];
	const char *base = strrchr(lib->in_root, '/');
	struct elf_file *ef = NULL;
	bool found = false;
	int fd;

	base = base ? base + 1 : lib->in_root;
	if (strncmp(base, "libssl", 6) != 0 ||
	    snprintf(name, sizeof(name), "libcrypto%s", base + 6) >= (int)sizeof(name))
		return false;
	fd = libfind_open_beside(lib, name);
	if (fd < 0)
		return false;
	if (elf_file_open_fd(fd, &ef) == 0)
		found = elf_file_find_text(ef, "OpenSSL ", buf, len);
	elf_file_close(ef);
	close(fd);
	return found;
}

/* "OpenSSL 3.0.19 27 Jan 2026", "GnuTLS 3.7.9 (libgnutls.so.30)"... */
static void describe(struct elf_file *ef, const struct libfind_file *lib, enum tls_family fam,
		     char *buf, size_t len)
{
	static const char *const names[] = { "no TLS functions", "OpenSSL", "GnuTLS", "NSS/NSPR" };
	const char *soname = elf_file_soname(ef), *ver = elf_file_last_verdef(ef);
	char text[96];

	if (fam == TLS_OPENSSL && (elf_file_find_text(ef, "OpenSSL ", text, sizeof(text)) ||
				   sibling_libcrypto_version(lib, text, sizeof(text)))) {
		snprintf(buf, len, "%s", text);
		return;
	}
	if (fam == TLS_OPENSSL && !soname && !ver) {
		/* Linked in statically, without the version text: tell the
		 * major version by what only it has. */
		size_t off;

		if (elf_file_func_offset(ef, "ossl_lib_ctx_get_data", &off) == 0)
			snprintf(buf, len, "OpenSSL 3.x (static)");
		else if (elf_file_func_offset(ef, "SSL_read_ex", &off) == 0)
			snprintf(buf, len, "OpenSSL 1.1.1 (static)");
		else
			snprintf(buf, len, "OpenSSL (static, 1.1.0 or older)");
		return;
	}
	/* gnutls_global_init()'s debug line, "Enabled GnuTLS 3.7.9 logging...",
	 * has the version; the symbol version (GNUTLS_FIPS140_3_4) does not. */
	if (fam == TLS_GNUTLS && elf_file_find_text(ef, "Enabled GnuTLS ", text, sizeof(text))) {
		const char *v = text + strlen("Enabled GnuTLS ");

		snprintf(buf, len, "GnuTLS %.*s (%s)", (int)strspn(v, "0123456789."), v,
			 soname ? soname : "static");
		return;
	}
	if (fam == TLS_NONE && !elf_file_has_symtab(ef)) {
		snprintf(buf, len,
			 "no TLS functions exported; stripped (no .symtab), so TLS code "
			 "linked into it cannot be found");
		return;
	}
	if (fam == TLS_NONE || (!soname && !ver)) {
		snprintf(buf, len, "%s", names[fam]);
		return;
	}
	snprintf(buf, len, "%s (%s%s%s)", names[fam], soname ? soname : "",
		 soname && ver ? ", " : "", ver ? ver : "");
}

struct attach_ctx {
	const struct sslsnoop_env *env;
	struct tracer *t;
	struct uprobe_set set;
	struct uprobe_func funcs[SSLF_NR];
	size_t nfuncs;
	size_t files; /* files with at least one probe */
};

/* Probe one file and say what was found: on stdout for --check (every
 * file), else on stderr (files that have TLS functions). */
static int attach_file(struct attach_ctx *a, const struct libfind_file *lib, bool explicit)
{
	const char *path = lib->path;
	bool attached[SSLF_NR] = {};
	struct elf_file *ef;
	char what[160];
	FILE *f = a->env->check ? stdout : stderr;
	size_t i;
	int err;

	err = elf_file_open_fd(lib->fd, &ef);
	if (err) {
		if (explicit)
			tracer_error(a->t, "cannot read %s: %s", path, elf_strerror(err));
		else
			tracer_info(a->t, "skipping %s: %s", path, strerror(-err));
		return explicit ? err : 0;
	}
	err = uprobe_attach_elf(&a->set, ef, path, a->funcs, a->nfuncs, attached);
	if (err < 0)
		goto out;
	if (err > 0)
		a->files++;
	describe(ef, lib, family_of(attached), what, sizeof(what));
	if (err > 0 || a->env->check || explicit) {
		fflush(stdout);
		/* The path and the version text come from the traced system. */
		fputs(a->env->check ? "" : "sslsnoop: ", f);
		emit_escaped(f, path, (size_t)-1);
		fputs(": ", f);
		emit_escaped(f, what, sizeof(what));
		fputs(err > 0 ? ":" : "", f);
		for (i = 0; i < a->nfuncs; i++)
			if (attached[i])
				fprintf(f, " %s", a->funcs[i].name);
		fputc('\n', f);
	}
	err = 0;
out:
	elf_file_close(ef);
	return err;
}

static int attach_all(struct attach_ctx *a, struct sslsnoop_bpf *skel)
{
	static const char *const libs[] = { "libssl", "libgnutls", "libnspr4" };
	struct bpf_program *entries[SSLF_NR] = {
		skel->progs.ssl_read_enter,	    skel->progs.ssl_write_enter,
		skel->progs.ssl_read_ex_enter,	    skel->progs.ssl_write_ex_enter,
		skel->progs.gnutls_recv_enter,	    skel->progs.gnutls_send_enter,
		skel->progs.gnutls_recv_seq_enter,  skel->progs.gnutls_send2_enter,
		skel->progs.pr_read_enter,	    skel->progs.pr_write_enter,
		skel->progs.pr_recv_enter,	    skel->progs.pr_send_enter,
		skel->progs.ssl_do_handshake_enter, skel->progs.ssl_connect_enter,
		skel->progs.ssl_accept_enter,	    skel->progs.gnutls_handshake_enter,
	};
	const struct sslsnoop_env *env = a->env;
	struct libfind_set objs = {};
	size_t i, n_found;
	int err = 0;

	a->nfuncs = env->handshake ? SSLF_NR : SSLF_NR_DATA;
	for (i = 0; i < a->nfuncs; i++) {
		a->funcs[i].name = func_names[i];
		a->funcs[i].entry = entries[i];
		a->funcs[i].ret =
			i < SSLF_NR_DATA ? skel->progs.data_return : skel->progs.handshake_return;
	}
	if (env->filter.pid) {
		err = libfind_process(env->filter.pid, &objs);
		if (err < 0)
			tracer_error(a->t, "cannot read the mappings of process %d: %s",
				     env->filter.pid, strerror(-err));
	} else {
		for (i = 0; i < ARRAY_SIZE(libs) && err >= 0; i++)
			err = libfind_library(libs[i], 0, &objs);
	}
	if (err < 0)
		goto cleanup;
	n_found = objs.n;
	for (i = 0; i < (size_t)env->nbinaries; i++) {
		err = libfind_add(&objs, env->binaries[i]);
		if (err < 0) {
			tracer_error(a->t, "cannot use --binary %s: %s", env->binaries[i],
				     elf_strerror(err));
			goto cleanup;
		}
	}
	for (i = 0; i < objs.n; i++) {
		err = attach_file(a, &objs.v[i], i >= n_found);
		if (err < 0)
			goto cleanup;
	}
	if (env->check)
		printf("%zu functions attached in %zu files\n", a->set.attached, a->files);
	if (!a->set.attached) {
		tracer_error(a->t,
			     "attached nothing: no OpenSSL, GnuTLS or NSS functions found in %s "
			     "(a program with its own TLS needs --binary PATH)",
			     env->filter.pid ? "the process" : "the system libraries");
		err = -ENOENT;
	}
cleanup:
	libfind_free(&objs);
	return err;
}

/* --- running ---------------------------------------------------------------- */

struct run_ctx {
	struct tracer *t;
	struct sslsnoop_printer p;
	bool quiet;
	struct om_source metrics; /* by library and function, with --prometheus */
};

enum {
	M_CALLS,
	M_BYTES
};

/* Which library a function is of: the label that tells TLS stacks apart. */
static const char *library_of(unsigned int func)
{
	switch (func) {
	case SSLF_GNUTLS_RECV:
	case SSLF_GNUTLS_SEND:
	case SSLF_GNUTLS_RECV_SEQ:
	case SSLF_GNUTLS_SEND2:
	case SSLF_GNUTLS_HANDSHAKE: return "gnutls";
	case SSLF_PR_READ:
	case SSLF_PR_WRITE:
	case SSLF_PR_RECV:
	case SSLF_PR_SEND: return "nspr";
	default: return "openssl";
	}
}

static int add_to_metrics(struct run_ctx *rc, const struct sslsnoop_event *e)
{
	struct om_series *s =
		om_table_get(&rc->metrics.table, library_of(e->func), sslsnoop_func_name(e->func));

	if (!s)
		return -ENOMEM;
	hist_record(&s->hist, e->lat_ns / 1000);
	s->counters[M_CALLS] += 1;
	if (e->kind == SSLK_DATA)
		s->counters[M_BYTES] += (double)e->len;
	return 0;
}

static int handle_event(void *ctx, const void *data, size_t size)
{
	struct run_ctx *rc = ctx;
	const struct sslsnoop_event *e = data;

	if (!rc->quiet)
		sslsnoop_print_event(&rc->p, data, size, tracer_ktime_to_unix(rc->t, e->end_ns));
	if (rc->metrics.args->path && add_to_metrics(rc, e))
		return -ENOMEM;
	return 0; /* stream_run flushes after every read */
}

static __u64 ktime_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

static void configure(const struct sslsnoop_env *env, struct sslsnoop_bpf *skel)
{
	struct bpf_program *hs[] = {
		skel->progs.ssl_do_handshake_enter, skel->progs.ssl_connect_enter,
		skel->progs.ssl_accept_enter,	    skel->progs.gnutls_handshake_enter,
		skel->progs.handshake_return,
	};
	size_t i;

	filter_configure(&skel->rodata->filter, &env->filter);
	skel->rodata->targ_max_bytes = env->no_data ? 0 : env->max_bytes;
	if (env->comm) {
		skel->rodata->targ_comm_on = true;
		strncpy((char *)skel->rodata->targ_comm, env->comm, SSLSNOOP_COMM_LEN - 1);
	}
	for (i = 0; i < ARRAY_SIZE(hs); i++)
		bpf_program__set_autoload(hs[i], env->handshake);
	if (!env->handshake)
		bpf_map__set_max_entries(skel->maps.hs_calls, 1);
	stream_size_ring(skel->maps.events, env->common.buffer, &skel->rodata->rb_wakeup_bytes,
			 &skel->rodata->rb_wakeup_step_shift);
}

static int run(const struct sslsnoop_env *env)
{
	struct sslsnoop_bpf *skel = NULL;
	struct attach_ctx a = { .env = env };
	struct stream st = {};
	struct run_ctx rc = {};
	struct tracer t;
	FILE *out = stdout;
	__u64 start_ns;
	int err, err2;

	err = tracer_init(&t, "sslsnoop", &env->common);
	if (!err)
		err = filter_check(&t, &env->filter);
	if (!err && env->metrics.path && !env->check)
		err = om_check(&t, &env->metrics);
	if (err)
		return err;
	/* Plaintext holds secrets: a file of ours, 0600, opened before any
	 * BPF so a refusal costs nothing. */
	if (env->output && !env->check && !(out = outfile_open(&t, env->output, 0600)))
		return -errno;
	a.t = &t;
	uprobe_set_init(&a.set, &t, env->filter.pid);

	skel = sslsnoop_bpf__open_opts(tracer_open_opts(&t));
	if (!skel) {
		err = tracer_load_error(&t, "open BPF object", -errno);
		goto cleanup;
	}
	configure(env, skel);
	uprobe_set_prepare(&a.set, skel->obj, false);
	err = filter_load(&t, skel->skeleton, &env->filter, skel->maps.filter_cgroup);
	if (err)
		goto cleanup;
	/* Before the first probe: every call shown ends after it. */
	start_ns = ktime_now();

	skel->links.thread_exit = bpf_program__attach(skel->progs.thread_exit);
	if (!skel->links.thread_exit) {
		err = tracer_load_error(&t, "attach to sched:sched_process_exit", -errno);
		goto cleanup;
	}
	err = attach_all(&a, skel);
	if (err || env->check)
		goto cleanup;
	rc.t = &t;
	rc.quiet = env->metrics.quiet;
	rc.metrics = (struct om_source){
		.args = &env->metrics,
		.t = &t,
		.lost = &skel->bss->lost_events,
		.tool = "sslsnoop",
		.method = uprobe_kind_name(a.set.kind),
		.table = { .keys = { "library", "func" }, .max = env->metrics.max_series },
		.hist_name = "coretrace_sslsnoop_seconds",
		.hist_help = "TLS read, write and handshake latency, by library and function.",
		.unit_seconds = 1e-6,
		.counters = { [M_CALLS] = "coretrace_sslsnoop_calls_total",
			      [M_BYTES] = "coretrace_sslsnoop_bytes_total" },
		.helps = { [M_CALLS] = "TLS calls returned, by library and function.",
			   [M_BYTES] = "Plaintext bytes the reads and writes moved." },
	};
	rc.p = (struct sslsnoop_printer){
		.out = out,
		.json = env->common.json,
		.latency = env->latency || env->handshake,
		.hexdump = env->hexdump,
		.no_data = env->no_data,
		.containers = env->filter.containers,
	};
	err = stream_open(&st, &t, skel->maps.events, offsetof(struct sslsnoop_event, data),
			  handle_event, &rc);
	if (err)
		goto cleanup;
	if (!rc.quiet)
		sslsnoop_print_header(&rc.p);
	rc.p.start_ns = start_ns;
	tracer_ready(&t, "TLS reads and writes");
	err = stream_run(&st, out, &skel->bss->lost_events, 0,
			 env->metrics.path ? env->metrics.period : 0, om_source_write, &rc.metrics);
cleanup:
	if (rc.metrics.args)
		om_source_end(&rc.metrics);
	stream_close(&st);
	uprobe_set_destroy(&a.set);
	sslsnoop_bpf__destroy(skel);
	err2 = outfile_close(out);
	if (err2 && !err) {
		tracer_error(&t, "cannot write %s: %s", env->output, strerror(-err2));
		err = err2;
	}
	return err;
}

int sslsnoop_main(int argc, char **argv)
{
	struct sslsnoop_env env;

	sslsnoop_parse_args(argc, argv, &env);
	return tracer_exit_status(run(&env));
}
