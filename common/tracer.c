// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "tracer.h"

#include "command.h"
#include "escape.h"
#include "filter.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio_ext.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define KERNEL_BTF "/sys/kernel/btf/vmlinux"

/* Capability numbers newer than some libc headers. */
#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t output_stalled; /* a stop waited STOP_GRACE_S on a write */
static bool output_dropped;		     /* ... and what was left was dropped */

/* After a stop is requested, how long a blocked write may wait for its
 * reader (| less, a stalled pipe) before the rest of the output goes. */
#define STOP_GRACE_S 2
static int log_verbosity;

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf's warnings about programs we chose not to load, or fallbacks
	 * we take on purpose, would alarm users: show them only with -v. */
	if (log_verbosity == 0 || (level == LIBBPF_DEBUG && log_verbosity < 2))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void on_stop_signal(int sig)
{
	stop_requested = 1;
	/* A second Ctrl-C ends the tool at once. */
	signal(sig, SIG_DFL);
	/* A write blocked on a stalled reader restarts after this handler:
	 * interrupting it would lose what glibc had buffered. The alarm
	 * interrupts it if the reader is still away then. */
	alarm(STOP_GRACE_S);
}

static void on_grace_over(int sig)
{
	output_stalled = 1;
	alarm(1); /* and any write that blocks after this one */
}

static void install_signals(void)
{
	struct sigaction stop = { .sa_handler = on_stop_signal, .sa_flags = SA_RESTART };
	struct sigaction grace = { .sa_handler = on_grace_over }; /* no SA_RESTART */

	sigemptyset(&stop.sa_mask);
	sigemptyset(&grace.sa_mask);
	sigaction(SIGINT, &stop, NULL);
	sigaction(SIGTERM, &stop, NULL);
	/* A closed terminal or ssh session: end as cleanly as on Ctrl-C, with
	 * the final summary and the last metrics. */
	sigaction(SIGHUP, &stop, NULL);
	sigaction(SIGALRM, &grace, NULL);
	/* A closed pipe shows up as EPIPE on write, handled as a clean stop. */
	signal(SIGPIPE, SIG_IGN);
}

/* One line on stderr, whatever the arguments hold: a path or name from the
 * traced system is escaped like any output (escape.h). */
static void vreport(const struct tracer *t, const char *fmt, va_list ap)
{
	char line[1024];
	int n = vsnprintf(line, sizeof(line), fmt, ap);

	if (n < 0)
		n = 0;
	fflush(stdout);
	fprintf(stderr, "%s: ", t->name);
	escape_write(stderr, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1,
		     ESCAPE_TEXT);
	fputc('\n', stderr);
}

void tracer_error(const struct tracer *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(t, fmt, ap);
	va_end(ap);
}

void tracer_info(const struct tracer *t, const char *fmt, ...)
{
	va_list ap;

	if (!t->args->verbose)
		return;
	va_start(ap, fmt);
	vreport(t, fmt, ap);
	va_end(ap);
}

static bool has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1U << (cap % 32));
}

static int read_caps(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };

	memset(data, 0, 2 * sizeof(*data));
	return syscall(SYS_capget, &hdr, data) < 0 ? -errno : 0;
}

bool tracer_has_cap(int cap)
{
	struct __user_cap_data_struct data[2];

	return read_caps(data) == 0 && has_cap(data, cap);
}

static int check_privilege(const struct tracer *t)
{
	struct __user_cap_data_struct data[2];
	bool bpf, perfmon;
	int err = read_caps(data);

	if (err) {
		tracer_error(t, "cannot read capabilities: %s", strerror(-err));
		return err;
	}
	/* CAP_SYS_ADMIN covers kernels older than 5.8, which lack CAP_BPF. */
	bpf = has_cap(data, CAP_BPF);
	perfmon = has_cap(data, CAP_PERFMON);
	if (has_cap(data, CAP_SYS_ADMIN) || (bpf && perfmon))
		return 0;
	tracer_error(t,
		     "missing %s%s%s: tracing needs CAP_BPF and CAP_PERFMON (CAP_SYS_ADMIN "
		     "before 5.8): run with sudo",
		     bpf ? "" : "CAP_BPF", !bpf && !perfmon ? " and " : "",
		     perfmon ? "" : "CAP_PERFMON");
	return -EPERM;
}

/* A user's --btf file is parsed whole, to reject garbage with a clear
 * message; the kernel's own is only checked for presence and magic, since
 * libbpf parses it at load time anyway and start-up time matters. */
static int check_btf(const struct tracer *t)
{
	const char *path = t->args->btf_path;
	struct btf *btf;
	__u16 magic = 0;
	int err = 0;
	FILE *f;

	if (!path) {
		f = fopen(KERNEL_BTF, "re");
		if (!f || fread(&magic, sizeof(magic), 1, f) != 1 || magic != 0xeB9F) {
			err = f ? -EINVAL : -errno;
			tracer_error(t,
				     "kernel BTF not found at " KERNEL_BTF
				     " (%s): this kernel needs "
				     "CONFIG_DEBUG_INFO_BTF=y, or pass --btf FILE",
				     strerror(-err));
		}
		if (f)
			fclose(f);
		return err;
	}
	btf = btf__parse(path, NULL);
	if (!btf) {
		char msg[128];

		err = errno ? -errno : -EINVAL;
		/* libbpf's own codes (4000+) say "format" where users want words. */
		libbpf_strerror(err, msg, sizeof(msg));
		tracer_error(t,
			     "cannot use BTF from %s: %s (a BTF or ELF file with .BTF is needed)",
			     path, msg);
		return err;
	}
	btf__free(btf);
	return 0;
}

/* glibc buffers a pipe by its st_blksize, 4 KiB: a write(2) every ~30
 * JSON events, too slow for a reader under a flood (bench/RESULTS.md).
 * Nothing waits in the buffer: every ring-buffer read ends with a flush.
 * The buffer is ours because glibc ignores the size when given NULL. */
static char stdout_buffer[64 * 1024];

static void buffer_stdout(void)
{
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, stdout_buffer, _IOFBF, sizeof(stdout_buffer));
}

int tracer_init(struct tracer *t, const char *name, const struct common_args *args)
{
	struct timespec mono, real;
	int err;

	memset(t, 0, sizeof(*t));
	t->name = name;
	t->args = args;
	t->open_opts.sz = sizeof(t->open_opts);
	t->open_opts.btf_custom_path = args->btf_path;

	log_verbosity = args->verbose;
	libbpf_set_print(libbpf_log);

	err = check_privilege(t);
	if (err)
		return err;
	err = check_btf(t);
	if (err)
		return err;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	t->mono_offset =
		(double)(real.tv_sec - mono.tv_sec) + (double)(real.tv_nsec - mono.tv_nsec) / 1e9;

	buffer_stdout(); /* before anything is written to it */
	install_signals();
	return 0;
}

const struct bpf_object_open_opts *tracer_open_opts(struct tracer *t)
{
	return &t->open_opts;
}

bool tracer_native_btf(const struct tracer *t)
{
	return t->args->btf_path == NULL;
}

bool tracer_task_storage(const struct tracer *t)
{
	return tracer_native_btf(t) &&
	       libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL) > 0;
}

int tracer_load_error(const struct tracer *t, const char *what, int err)
{
	if (err == -EPERM || err == -EACCES)
		tracer_error(t,
			     "cannot %s: %s (locked down kernel or missing capability? "
			     "run with -v for libbpf's log)",
			     what, strerror(-err));
	else
		tracer_error(t, "cannot %s: %s (run with -v for libbpf's log)", what,
			     strerror(-err));
	return err;
}

void tracer_report(const struct tracer *t, const char *key, const char *fmt, ...)
{
	char value[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	/* One line a fact, for coretrace check to read: KEY TAB VALUE. */
	if (t->args->preflight) {
		printf("%s\t", key);
		escape_write(stdout, value, strlen(value), ESCAPE_TEXT);
		putchar('\n');
		return;
	}
	tracer_info(t, "%s: %s", key, value);
}

void tracer_ready(const struct tracer *t, const char *what)
{
	if (t->args->preflight) {
		/* Attached: the kernel detaches everything as the process ends. */
		printf("ready\t%s\n", what);
		fflush(stdout);
		exit(0);
	}
	fflush(stdout);
	fprintf(stderr, "Tracing %s... Hit Ctrl-C to end.\n", what);
	fflush(stderr);
	command_release(t);
}

bool tracer_stopping(void)
{
	return stop_requested;
}

void tracer_request_stop(void)
{
	stop_requested = 1;
}

double tracer_mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool tracer_sleep(double seconds)
{
	double deadline = tracer_mono_now() + seconds;

	while (!stop_requested) {
		double left = deadline - tracer_mono_now();
		struct timespec ts;

		if (left <= 0)
			return false;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL); /* EINTR: the loop re-checks the flag */
	}
	return true;
}

void tracer_watch(struct tracer *t, struct bpf_object *obj)
{
	t->watched = obj;
}

static __u64 recursion_misses(struct bpf_object *obj)
{
	struct bpf_program *prog;
	__u64 misses = 0;

	bpf_object__for_each_program(prog, obj)
	{
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(prog);

		if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len) == 0)
			misses += info.recursion_misses;
	}
	return misses;
}

__u64 tracer_lost_total(const struct tracer *t, __u64 kernel)
{
	return kernel + (t->watched ? recursion_misses(t->watched) : 0) + t->unshown + t->malformed;
}

/* Processes the tree filter could not follow: their events are lost too,
 * in a number nobody counted. */
static void report_tree_missed(const struct tracer *t)
{
	static unsigned long long reported;
	unsigned long long missed = filter_tree_missed();

	if (missed <= reported)
		return;
	tracer_error(t, "%llu processes of the traced tree were not traced: more than %d at once",
		     missed - reported, FILTER_TREE_MAX);
	reported = missed;
}

void tracer_report_lost(struct tracer *t, FILE *out, __u64 kernel)
{
	__u64 total = tracer_lost_total(t, kernel), delta;
	char why[96] = "";
	size_t used = 0;

	report_tree_missed(t);
	if (total <= t->lost_reported)
		return;
	delta = total - t->lost_reported;
	t->lost_reported = total;
	/* Name the causes seen so far; the kernel's counter is the usual one. */
	if (total > t->unshown + t->malformed)
		used += (size_t)snprintf(why + used, sizeof(why) - used, "ring buffer or map full");
	if (t->unshown && used < sizeof(why))
		used += (size_t)snprintf(why + used, sizeof(why) - used,
					 "%sstill arriving at the stop", used ? "; " : "");
	if (t->malformed && used < sizeof(why))
		snprintf(why + used, sizeof(why) - used, "%s%llu malformed records",
			 used ? "; " : "", (unsigned long long)t->malformed);
	fflush(out);
	fprintf(stderr, "%s: lost %llu events (%s)\n", t->name, (unsigned long long)delta, why);
	if (t->args->json) {
		fprintf(out, "{\"type\":\"lost\",\"ts\":%.6f,\"count\":%llu}\n", tracer_now_unix(),
			(unsigned long long)delta);
		tracer_flush(t, out);
	}
}

int tracer_flush(const struct tracer *t, FILE *out)
{
	static bool reported;
	int err;

	if (output_dropped) {
		__fpurge(out);
		return -EPIPE;
	}
	if (fflush(out) == 0 && !ferror(out))
		return 0;
	err = errno;
	if (err == EPIPE) {
		stop_requested = 1;
		return -EPIPE;
	}
	if (err == EINTR && output_stalled) {
		/* Stopping, and the reader has not read for STOP_GRACE_S: drop
		 * the rest rather than wait for it forever. */
		__fpurge(out);
		output_dropped = true;
		tracer_error(t, "output not read for %d s after the stop: the rest is dropped",
			     STOP_GRACE_S);
		return -EPIPE;
	}
	if (err == EINTR) {
		clearerr(out);
		return 0;
	}
	if (!reported)
		tracer_error(t, "cannot write the output: %s", strerror(err));
	reported = true;
	return -EIO;
}
int tracer_exit_status(int err)
{
	/* Usage errors never get here: option parsing exits with 2 itself. */
	if (err == 0 || err == -EPIPE)
		return command_exit_status(0);
	return EXIT_TRACE_FAILED;
}

double tracer_ktime_to_unix(const struct tracer *t, __u64 ktime_ns)
{
	return (double)ktime_ns / 1e9 + t->mono_offset;
}

double tracer_now_unix(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void tracer_strftime_now(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
}

int tracer_load(struct tracer *t, struct bpf_object_skeleton *s)
{
	int err = bpf_object__load_skeleton(s);

	if (err)
		return tracer_load_error(t, "load BPF programs", err);
	tracer_watch(t, *s->obj);
	return 0;
}

int tracer_attach(struct tracer *t, struct bpf_object_skeleton *s, const char *what)
{
	char action[128];
	int err = bpf_object__attach_skeleton(s);

	if (!err)
		return 0;
	snprintf(action, sizeof(action), "attach to %s", what);
	return tracer_load_error(t, action, err);
}
