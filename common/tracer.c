// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "tracer.h"

#include "filter.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define KERNEL_BTF	"/sys/kernel/btf/vmlinux"
#define TRACEFS		"/sys/kernel/tracing"
#define DEBUGFS_TRACING "/sys/kernel/debug/tracing"

/* Capability numbers newer than some libc headers. */
#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static volatile sig_atomic_t stop_requested;
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
}

static void vreport(const struct tracer *t, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", t->name);
	vfprintf(stderr, fmt, ap);
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

static int check_privilege(const struct tracer *t)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = {};

	if (syscall(SYS_capget, &hdr, data) < 0) {
		tracer_error(t, "cannot read capabilities: %s", strerror(errno));
		return -errno;
	}
	/* CAP_SYS_ADMIN covers kernels older than 5.8, which lack CAP_BPF. */
	if (has_cap(data, CAP_SYS_ADMIN) || (has_cap(data, CAP_BPF) && has_cap(data, CAP_PERFMON)))
		return 0;
	tracer_error(t, "need root, or CAP_BPF and CAP_PERFMON (CAP_SYS_ADMIN before 5.8): "
			"run with sudo");
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

/* glibc buffers a pipe or a file by its st_blksize, 4 KiB for a pipe: a
 * write(2) every ~30 JSON events. A sigsnoop -j flood piped to cat lost a
 * median of ~44k of 200k events that way, ~25k with 64 KiB (fewer in each
 * of 8 interleaved pairs).
 * Nothing waits in the buffer: every ring-buffer read ends with a flush.
 * The buffer is ours: given NULL, glibc ignores the size. */
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
	signal(SIGINT, on_stop_signal);
	signal(SIGTERM, on_stop_signal);
	/* A closed pipe shows up as EPIPE on write, handled as a clean stop. */
	signal(SIGPIPE, SIG_IGN);
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

int tracer_ensure_tracefs(struct tracer *t)
{
	struct stat st;

	if (stat(TRACEFS "/events", &st) == 0 || stat(DEBUGFS_TRACING "/events", &st) == 0)
		return 0;
	if (mount("nodev", TRACEFS, "tracefs", 0, NULL) == 0) {
		tracer_info(t, "mounted tracefs at " TRACEFS);
		return 0;
	}
	tracer_error(t,
		     "tracefs is not mounted and mounting it failed (%s): "
		     "run 'mount -t tracefs nodev " TRACEFS "'",
		     strerror(errno));
	return -ENOENT;
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

void tracer_ready(const struct tracer *t, const char *what)
{
	fflush(stdout);
	fprintf(stderr, "Tracing %s... Hit Ctrl-C to end.\n", what);
	fflush(stderr);
}

bool tracer_stopping(void)
{
	return stop_requested;
}

void tracer_stop(void)
{
	stop_requested = 1;
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool tracer_sleep(double seconds)
{
	double deadline = mono_now() + seconds;

	while (!stop_requested) {
		double left = deadline - mono_now();
		struct timespec ts;

		if (left <= 0)
			return false;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL); /* EINTR: the loop re-checks the flag */
	}
	return true;
}

/* How long one read of the ring buffer may go on while records keep
 * arriving: a flood must not keep the tool from a tick or a stop. */
#define READ_BUDGET_S 0.1
/* At a stop, what was recorded before it is shown for at most this long,
 * then counted as lost (not shown) for at most as long again. */
#define STOP_DRAIN_S 0.5

static double read_deadline;	  /* of the current read */
static bool final_read;		  /* the read after a stop */
static enum read_verdict verdict; /* cached for up to VERDICT_RECORDS */
static unsigned int verdict_left;
static __u64 unshown; /* records counted, not shown, at the end */
#define VERDICT_RECORDS 16

static void start_read(double budget)
{
	read_deadline = mono_now() + budget;
	verdict = READ_SHOW;
	verdict_left = VERDICT_RECORDS;
}

enum read_verdict tracer_read_verdict(void)
{
	double now;

	/* The clock every few records: cheap next to showing them. */
	if (verdict == READ_SHOW && --verdict_left > 0)
		return READ_SHOW;
	verdict_left = VERDICT_RECORDS;
	now = mono_now();
	if (now < read_deadline)
		verdict = READ_SHOW;
	else if (final_read && now < read_deadline + STOP_DRAIN_S)
		verdict = READ_COUNT;
	else
		verdict = READ_LATER;
	return verdict;
}

void tracer_count_unshown(void)
{
	unshown++;
}

int tracer_consume(struct ring_buffer *rb)
{
	int err = ring_buffer__consume(rb);

	/* -ECANCELED: the read budget ran out (stream.c); the rest waits. */
	if (err == -ECANCELED || err == -EINTR)
		return 0;
	return err < 0 ? err : 0;
}

int tracer_poll(struct tracer *t, struct ring_buffer *rb, double duration, double tick,
		int (*on_tick)(void *ctx), void *ctx)
{
	double start = mono_now(), next_tick = start + tick;
	int epfd = ring_buffer__epoll_fd(rb);
	int err = 0;

	while (!stop_requested) {
		struct epoll_event ev;
		double now;

		/* 100 ms bounds how late a stop or a tick is noticed; the read
		 * budget bounds the reading after it. Records committed
		 * without a wakeup (bpf/lib/ringbuf.bpf.h) are read too. */
		if (epoll_wait(epfd, &ev, 1, 100) < 0 && errno != EINTR) {
			err = -errno;
			tracer_error(t, "polling ring buffer: %s", strerror(-err));
			return err;
		}
		start_read(READ_BUDGET_S);
		err = tracer_consume(rb);
		if (err < 0) {
			/* -EPIPE: a callback's output pipe closed (| head), a quiet stop. */
			if (err != -EPIPE)
				tracer_error(t, "reading ring buffer: %s", strerror(-err));
			return err;
		}
		now = mono_now();
		if (tick > 0 && on_tick && now >= next_tick) {
			err = on_tick(ctx);
			if (err)
				return err;
			next_tick += tick;
		}
		if (duration > 0 && now - start >= duration)
			break;
	}
	/* Drain what arrived before the stop, within a bound: a flood that
	 * goes on must not keep the tool from stopping. */
	final_read = true;
	start_read(STOP_DRAIN_S);
	return tracer_consume(rb);
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

void tracer_report_lost(struct tracer *t, FILE *out, __u64 total)
{
	__u64 delta;

	if (t->watched)
		total += recursion_misses(t->watched);
	total += unshown;
	if (total <= t->lost_reported)
		return;
	delta = total - t->lost_reported;
	t->lost_reported = total;
	fflush(out);
	fprintf(stderr, "%s: lost %llu events (%s)\n", t->name, (unsigned long long)delta,
		final_read && unshown ? "still arriving at the stop, or buffers full"
				      : "ring buffer or map full");
	if (t->args->json) {
		fprintf(out, "{\"type\":\"lost\",\"ts\":%.6f,\"count\":%llu}\n", tracer_now_unix(),
			(unsigned long long)delta);
		tracer_flush(out);
	}
}

int tracer_flush(FILE *out)
{
	if (fflush(out) == 0 && !ferror(out))
		return 0;
	if (errno == EPIPE) {
		stop_requested = 1;
		return -EPIPE;
	}
	return -EIO;
}

int tracer_exit_status(int err)
{
	/* Usage errors never get here: option parsing exits with 2 itself. */
	if (err == 0 || err == -EPIPE)
		return 0;
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

int tracer_load(struct tracer *t, struct bpf_object_skeleton *s, const char *cgroup,
		struct bpf_map *cgroup_map)
{
	int err = bpf_object__load_skeleton(s);

	if (err)
		return tracer_load_error(t, "load BPF programs", err);
	tracer_watch(t, *s->obj);
	return cgroup ? filter_set_cgroup(t, cgroup_map, cgroup) : 0;
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
