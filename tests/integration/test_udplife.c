// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * udplife against UDP clients and servers of the test's own, on loopback:
 * known byte counts each way, known ports, known lifetimes.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "helpers/tool.h"

/* Client to server: three datagrams; server to client: two. */
static const size_t to_server[] = { 100, 200, 300 };
static const size_t to_client[] = { 50, 70 };
#define TX_CLIENT 600
#define TX_SERVER 120
#define HOLD_MS	  300

/* What the workload child tells the test: ports it got, time it held. */
struct shared {
	int family;	   /* AF_INET or AF_INET6: the pair's family */
	int fixed_port;	   /* bind the server here (0: any) */
	int server_port;   /* out */
	int client_port;   /* out */
	int unconnected;   /* out: port of the socket that sendto()s two peers */
	int peer_port[2];  /* out: the two peers */
	int silent_port;   /* out: a bound socket that never sends */
	int mapped_port;   /* out: v6 socket that sent to a v4-mapped peer */
	double held_ms;	   /* out: how long the pair was open, at least */
	int pair_families; /* 0: one pair of @family; 1: a v4 and a v6 pair */
};

static struct shared *shared_new(void)
{
	struct shared *sh =
		mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	cr_assert(sh != MAP_FAILED);
	memset(sh, 0, sizeof(*sh));
	return sh;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x)) {                                                                        \
			fprintf(stderr, "workload: %s failed at line %d\n", #x, __LINE__);         \
			_exit(1);                                                                  \
		}                                                                                  \
	} while (0)

static socklen_t loopback(int family, int port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((unsigned short)port);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*a);
	}
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	a6->sin6_family = AF_INET6;
	a6->sin6_port = htons((unsigned short)port);
	a6->sin6_addr = in6addr_loopback;
	return sizeof(*a6);
}

/* A socket bound to loopback at @port (0: any); its port in *@got.
 * CLOEXEC: a copy in the udplife process would keep it from closing. */
static int bound_socket(int family, int port, int *got)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(family, port, &ss);
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0), one = 1;

	CHECK(fd >= 0);
	CHECK(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
	CHECK(bind(fd, (struct sockaddr *)&ss, len) == 0);
	len = sizeof(ss);
	CHECK(getsockname(fd, (struct sockaddr *)&ss, &len) == 0);
	*got = ntohs(((struct sockaddr_in *)&ss)->sin_port); /* same offset in sin6 */
	return fd;
}

/* A connected client and an unconnected server exchange known byte counts,
 * with a peek the count must not include; both stay open HOLD_MS. */
static void pair(int family, int fixed_port, struct shared *sh)
{
	struct sockaddr_storage ss, from;
	socklen_t len, fromlen;
	char buf[1024] = { 0 };
	int srv, cli;
	double t0;
	size_t i;

	t0 = now_ms();
	srv = bound_socket(family, fixed_port, &sh->server_port);
	cli = socket(family, SOCK_DGRAM, 0);
	CHECK(cli >= 0);
	len = loopback(family, sh->server_port, &ss);
	CHECK(connect(cli, (struct sockaddr *)&ss, len) == 0);
	len = sizeof(ss);
	CHECK(getsockname(cli, (struct sockaddr *)&ss, &len) == 0);
	sh->client_port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	for (i = 0; i < sizeof(to_server) / sizeof(to_server[0]); i++)
		CHECK(send(cli, buf, to_server[i], 0) == (ssize_t)to_server[i]);
	CHECK(recv(srv, buf, sizeof(buf), MSG_PEEK) == (ssize_t)to_server[0]);
	for (i = 0; i < sizeof(to_server) / sizeof(to_server[0]); i++) {
		fromlen = sizeof(from);
		CHECK(recvfrom(srv, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen) ==
		      (ssize_t)to_server[i]);
	}
	for (i = 0; i < sizeof(to_client) / sizeof(to_client[0]); i++)
		CHECK(sendto(srv, buf, to_client[i], 0, (struct sockaddr *)&from, fromlen) ==
		      (ssize_t)to_client[i]);
	for (i = 0; i < sizeof(to_client) / sizeof(to_client[0]); i++)
		CHECK(recv(cli, buf, sizeof(buf), 0) == (ssize_t)to_client[i]);
	/* A failed send counts nothing: too big for a datagram. */
	{
		static char huge[70000];

		CHECK(send(cli, huge, sizeof(huge), 0) < 0);
	}
	usleep(HOLD_MS * 1000);
	close(cli);
	close(srv);
	sh->held_ms = now_ms() - t0;
}

static void pair_workload(void *arg)
{
	struct shared *sh = arg;

	if (sh->pair_families) {
		pair(AF_INET, 0, sh);
		pair(AF_INET6, 0, sh);
	} else {
		pair(sh->family, sh->fixed_port, sh);
	}
}

/* An unconnected socket sendto()s two peers, then a bound socket closes
 * without sending, then an IPv6 socket sends to a v4-mapped peer. */
static void unconnected_workload(void *arg)
{
	struct shared *sh = arg;
	struct sockaddr_storage ss;
	char buf[64] = { 0 };
	int p0, p1, u, silent, v6, v4peer, port;
	socklen_t len;

	p0 = bound_socket(AF_INET, 0, &sh->peer_port[0]);
	p1 = bound_socket(AF_INET, 0, &sh->peer_port[1]);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(u >= 0);
	len = loopback(AF_INET, sh->peer_port[0], &ss);
	CHECK(sendto(u, buf, 11, 0, (struct sockaddr *)&ss, len) == 11);
	len = loopback(AF_INET, sh->peer_port[1], &ss);
	CHECK(sendto(u, buf, 22, 0, (struct sockaddr *)&ss, len) == 22);
	len = sizeof(ss);
	CHECK(getsockname(u, (struct sockaddr *)&ss, &len) == 0);
	sh->unconnected = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	close(u);

	silent = bound_socket(AF_INET, 0, &sh->silent_port);
	close(silent);

	/* ::ffff:127.0.0.1 from an IPv6 socket: udpv6 hands it to udp_sendmsg. */
	v4peer = bound_socket(AF_INET, 0, &port);
	v6 = socket(AF_INET6, SOCK_DGRAM, 0);
	CHECK(v6 >= 0);
	{
		struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons(port) };

		CHECK(inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.sin6_addr) == 1);
		CHECK(sendto(v6, buf, 33, 0, (struct sockaddr *)&a, sizeof(a)) == 33);
	}
	len = sizeof(ss);
	CHECK(getsockname(v6, (struct sockaddr *)&ss, &len) == 0);
	sh->mapped_port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	close(v6);
	close(v4peer);
	close(p0);
	close(p1);
}

/* Run udplife with @extra on @fn, return its stdout (malloc'd). */
static char *trace_workload(void (*fn)(void *), struct shared *sh, const char *const extra[],
			    pid_t *child)
{
	const char *argv[16];
	struct tool_run r;
	struct workload w;
	char *out;
	int n = 0, i;

	workload_start(&w, fn, sh);
	for (i = 0; extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	tool_start(&r, "udplife", argv);
	workload_go(&w);
	cr_assert_eq(workload_wait(&w), 0, "workload failed");
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "stderr: %s", r.err);
	out = strdup(r.out);
	if (child)
		*child = w.pid;
	tool_free(&r);
	return out;
}

/* jq over the record of @pid with local port @lport; NULL if none. jq -e
 * judges by the last line only, so the line is picked here first. */
static char *record(const char *out, pid_t pid, int lport, const char *what)
{
	char pid_key[32], port_key[32], *one, *v;
	const char *line = out;

	snprintf(pid_key, sizeof(pid_key), "\"pid\":%d,", (int)pid);
	snprintf(port_key, sizeof(port_key), "\"lport\":%d,", lport);
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (memmem(line, len, pid_key, strlen(pid_key)) &&
		    memmem(line, len, port_key, strlen(port_key))) {
			one = strndup(line, len);
			v = jq(one, what);
			free(one);
			return v;
		}
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

static void expect_field(const char *out, pid_t pid, int lport, const char *what, const char *want)
{
	char *v = record(out, pid, lport, what);

	cr_expect_not_null(v, "no record for pid %d lport %d in:\n%s", (int)pid, lport, out);
	if (v)
		cr_expect_str_eq(v, want, "pid %d lport %d %s: got %s, want %s\n%s", (int)pid,
				 lport, what, v, want, out);
	free(v);
}

/* Both ends of a pair: exact bytes, ports, pid, and lifetime. */
static void check_pair(const char *out, pid_t pid, const struct shared *sh, const char *loop)
{
	char want[256];
	char *ms;

	snprintf(want, sizeof(want), "[\"%s\",%d,%d,%d,false]", loop, sh->server_port, TX_CLIENT,
		 TX_SERVER);
	expect_field(out, pid, sh->client_port, "[.raddr, .rport, .tx_b, .rx_b, .partial]", want);
	snprintf(want, sizeof(want), "[\"%s\",%d,%d,%d,false]", loop, sh->client_port, TX_SERVER,
		 TX_CLIENT);
	expect_field(out, pid, sh->server_port, "[.raddr, .rport, .tx_b, .rx_b, .partial]", want);
	snprintf(want, sizeof(want), "\"%s\"", loop);
	expect_field(out, pid, sh->server_port, ".laddr", want);
	expect_field(out, pid, sh->client_port, ".comm", "\"integration_tes\"");
	ms = record(out, pid, sh->server_port, ".lifetime_ms");
	cr_assert_not_null(ms, "%s", out);
	cr_expect_geq(strtod(ms, NULL), HOLD_MS, "server lived %s ms", ms);
	cr_expect_lt(strtod(ms, NULL), sh->held_ms + 1000, "server lived %s ms", ms);
	free(ms);
	ms = record(out, pid, sh->client_port, ".lifetime_ms");
	cr_assert_not_null(ms, "%s", out);
	cr_expect_geq(strtod(ms, NULL), HOLD_MS, "client lived %s ms", ms);
	free(ms);
}

/* Event records of @pid in JSON output. */
static int records_of(const char *out, pid_t pid)
{
	char needle[32];

	snprintf(needle, sizeof(needle), "\"pid\":%d,", (int)pid);
	return count_lines(out, needle);
}

/* A port nobody uses right now, for -L/-D (bound, then released). */
static int free_port(void)
{
	int fd, port;

	fd = bound_socket(AF_INET, 0, &port);
	close(fd);
	return port;
}

/* Whether udplife attaches with @method on this kernel. Where it cannot
 * (fentry and kprobes on the development machine), it must refuse with
 * exit status 1 and its one-line reason: that is what the test checks
 * there, and the kernel matrix checks the counts on kernels that load it. */
static bool method_attaches(const char *method)
{
	const char *argv[] = { "--method", method, NULL };
	struct tool_run r;
	bool ready;

	tool_spawn(&r, "udplife", argv);
	ready = tool_wait_output(&r, "PID", 20); /* the header follows the attach */
	tool_finish(&r, SIGINT, 10);
	if (!ready) {
		cr_assert_eq(r.status, 1, "--method %s: exit status %d", method, r.status);
		cr_assert(strstr(r.err, "cannot trace UDP sockets"),
			  "--method %s failed without its one-line reason: %s", method, r.err);
		cr_assert_eq(count_lines(r.err, ""), 1, "not one line: %s", r.err);
		cr_log_info("method %s does not attach here: %s", method, r.err);
	}
	tool_free(&r);
	return ready;
}

TestSuite(udplife, .init = require_bpf, .timeout = 60);

Test(udplife, ipv4_pair_exact_bytes_ports_pid_lifetime)
{
	const char *extra[] = { "-j", NULL };
	struct shared *sh = shared_new();
	pid_t pid;
	char *out;

	sh->family = AF_INET;
	out = trace_workload(pair_workload, sh, extra, &pid);
	check_pair(out, pid, sh, "127.0.0.1");
	free(out);
}

Test(udplife, ipv6_pair_exact_bytes_ports_pid_lifetime)
{
	const char *extra[] = { "-j", NULL };
	struct shared *sh = shared_new();
	pid_t pid;
	char *out;

	sh->family = AF_INET6;
	out = trace_workload(pair_workload, sh, extra, &pid);
	check_pair(out, pid, sh, "::1");
	free(out);
}

/* Each method: exact pairs where it attaches, a clean refusal elsewhere. */
static void pair_with_method(const char *method, int family, const char *loop)
{
	const char *extra[] = { "-j", "--method", method, NULL };
	struct shared *sh = shared_new();
	pid_t pid;
	char *out;

	if (!method_attaches(method))
		return;
	sh->family = family;
	out = trace_workload(pair_workload, sh, extra, &pid);
	check_pair(out, pid, sh, loop);
	free(out);
}

Test(udplife, pairs_with_method_cgroup)
{
	pair_with_method("cgroup", AF_INET, "127.0.0.1");
	pair_with_method("cgroup", AF_INET6, "::1");
}

Test(udplife, method_fentry_exact_pairs_or_clean_refusal)
{
	pair_with_method("fentry", AF_INET, "127.0.0.1");
	pair_with_method("fentry", AF_INET6, "::1");
}

Test(udplife, method_kprobe_exact_pairs_or_clean_refusal)
{
	pair_with_method("kprobe", AF_INET, "127.0.0.1");
	pair_with_method("kprobe", AF_INET6, "::1");
}

Test(udplife, unconnected_reports_last_peer_silent_reports_star)
{
	const char *extra[] = { "-j", NULL };
	struct shared *sh = shared_new();
	char want[128];
	pid_t pid;
	char *out;

	out = trace_workload(unconnected_workload, sh, extra, &pid);
	snprintf(want, sizeof(want), "[\"127.0.0.1\",%d,33,0]", sh->peer_port[1]);
	expect_field(out, pid, sh->unconnected, "[.raddr, .rport, .tx_b, .rx_b]", want);
	expect_field(out, pid, sh->silent_port, "[.laddr, .raddr, .rport, .tx_b, .rx_b]",
		     "[\"127.0.0.1\",\"*\",0,0,0]");
	expect_field(out, pid, sh->mapped_port, "[.laddr, .raddr, .tx_b]",
		     "[\"::\",\"::ffff:127.0.0.1\",33]");
	free(out);
}

/* The text columns: "*" for a missing peer, in RADDR and RPORT. */
Test(udplife, text_output_marks_missing_peer)
{
	const char *extra[] = { "-T", NULL };
	struct shared *sh = shared_new();
	char needle[64], raddr[64], rport[16], ms[32];
	const char *line = NULL, *p;
	unsigned long long tx, rx;
	int lport;
	pid_t pid;
	char *out;

	out = trace_workload(unconnected_workload, sh, extra, &pid);
	cr_assert(find_line(out, "TIME     PID"), "no header in:\n%s", out);
	snprintf(needle, sizeof(needle), " %d ", sh->silent_port);
	for (p = out; (p = strstr(p, needle)); p++) {
		const char *start = p;

		while (start > out && start[-1] != '\n')
			start--;
		line = start;
		break;
	}
	cr_assert_not_null(line, "no line with port %d in:\n%s", sh->silent_port, out);
	cr_assert_eq(sscanf(line, "%*s %*d %*s %*s %d %63s %15s %llu %llu %31s", &lport, raddr,
			    rport, &tx, &rx, ms),
		     6, "%s", line);
	cr_expect_eq(lport, sh->silent_port);
	cr_expect_str_eq(raddr, "*");
	cr_expect_str_eq(rport, "*");
	cr_expect_eq(tx, 0);
	cr_expect_eq(rx, 0);
	cr_expect_neq(ms[strlen(ms) - 1], '*', "not partial: %s", line);
	free(out);
}

/* A socket of this process opened before udplife started is partial. */
Test(udplife, socket_opened_before_start_is_partial)
{
	const char *json[] = { "-j", NULL }, *text[] = { NULL };
	const char *const *modes[] = { json, text };
	size_t m;

	for (m = 0; m < 2; m++) {
		struct sockaddr_storage ss;
		struct tool_run r;
		int old, peer, old_port, peer_port;
		char buf[64] = { 0 }, needle[64], *v;
		socklen_t len;

		old = bound_socket(AF_INET, 0, &old_port);
		tool_start(&r, "udplife", modes[m]);
		peer = bound_socket(AF_INET, 0, &peer_port);
		len = loopback(AF_INET, peer_port, &ss);
		cr_assert_eq(sendto(old, buf, 44, 0, (struct sockaddr *)&ss, len), 44);
		cr_assert_eq(recv(peer, buf, sizeof(buf), 0), 44);
		close(old);
		close(peer);
		cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "stderr: %s", r.err);
		if (modes[m] == json) {
			snprintf(needle, sizeof(needle), "[true,%d,44,0]", peer_port);
			expect_field(r.out, getpid(), old_port, "[.partial, .rport, .tx_b, .rx_b]",
				     needle);
			expect_field(r.out, getpid(), peer_port, "[.partial, .rx_b]", "[false,44]");
			v = record(r.out, getpid(), old_port, ".lifetime_ms");
			cr_expect_not_null(v);
			free(v);
		} else {
			const char *line;

			snprintf(needle, sizeof(needle), "%d ", (int)getpid());
			line = find_line(r.out, needle);
			cr_assert_not_null(line, "%s", r.out);
			for (; line; line = strchr(line + 1, '\n')) {
				char lp[16], *end;
				const char *eol;

				if (sscanf(line, "%*d %*s %*s %15s", lp) != 1 ||
				    atoi(lp) != old_port)
					continue;
				eol = strchr(line + 1, '\n');
				end = (char *)(eol ? eol : line + strlen(line));
				cr_expect_eq(end[-1], '*', "MS not marked partial: %.*s",
					     (int)(end - line), line);
				break;
			}
			cr_expect_not_null(line, "no line for port %d:\n%s", old_port, r.out);
		}
		tool_free(&r);
	}
}

Test(udplife, family_filters)
{
	const char *v4[] = { "-j", "-4", NULL }, *v6[] = { "-j", "-6", NULL };
	struct shared *sh = shared_new();
	char needle[160], *v;
	pid_t pid;
	char *out;

	sh->pair_families = 1;
	out = trace_workload(pair_workload, sh, v4, &pid);
	cr_expect_eq(records_of(out, pid), 2, "-4:\n%s", out);
	/* The workload's two records are its IPv4 pair; nothing anywhere is
	 * IPv6 (other processes may add IPv4 records of their own). */
	snprintf(needle, sizeof(needle),
		 "[., inputs] | map(select(.type == \"event\" and .pid == %d) |"
		 " .laddr == \"127.0.0.1\") | all",
		 (int)pid);
	v = jq(out, needle);
	cr_expect_str_eq(v ? v : "(none)", "true", "-4 let IPv6 through:\n%s", out);
	free(v);
	cr_expect_eq(count_lines(out, "\"laddr\":\"::"), 0, "-4 let IPv6 through:\n%s", out);
	free(out);
	out = trace_workload(pair_workload, sh, v6, &pid);
	cr_expect_eq(records_of(out, pid), 2, "-6:\n%s", out);
	cr_expect_eq(count_lines(out, "\"laddr\":\"127.0.0.1\""), 0, "-6 let IPv4 through:\n%s",
		     out);
	free(out);
}

Test(udplife, port_filters)
{
	struct shared *sh = shared_new();
	char port[16], needle[64];
	pid_t pid;
	char *out;

	sh->family = AF_INET;
	sh->fixed_port = free_port();
	snprintf(port, sizeof(port), "%d", sh->fixed_port);
	{
		const char *extra[] = { "-j", "-L", port, NULL };

		out = trace_workload(pair_workload, sh, extra, &pid);
		cr_expect_eq(records_of(out, pid), 1, "-L %s:\n%s", port, out);
		snprintf(needle, sizeof(needle), "\"lport\":%s,", port);
		cr_expect_eq(count_lines(out, needle), count_lines(out, "\"type\":\"event\""),
			     "-L %s shows other ports:\n%s", port, out);
		expect_field(out, pid, sh->fixed_port, ".tx_b", "120");
		free(out);
	}
	{
		/* A list: the port asked for, and one nobody uses. */
		char list[32];
		const char *extra[] = { "-j", "-D", list, NULL };

		snprintf(list, sizeof(list), "1,%s", port);
		out = trace_workload(pair_workload, sh, extra, &pid);
		cr_expect_eq(records_of(out, pid), 1, "-D %s:\n%s", list, out);
		snprintf(needle, sizeof(needle), "\"rport\":%s,", port);
		cr_expect_eq(count_lines(out, needle), count_lines(out, "\"type\":\"event\""),
			     "-D %s shows other ports:\n%s", list, out);
		expect_field(out, pid, sh->client_port, ".tx_b", "600");
		free(out);
	}
}

Test(udplife, pid_filter_shows_only_that_process)
{
	struct shared *a = shared_new(), *b = shared_new();
	struct workload wa, wb;
	struct tool_run r;
	char pid[16];

	a->family = b->family = AF_INET;
	workload_start(&wa, pair_workload, a);
	workload_start(&wb, pair_workload, b);
	snprintf(pid, sizeof(pid), "%d", wa.pid);
	{
		const char *argv[] = { "-j", "-p", pid, NULL };

		tool_start(&r, "udplife", argv);
	}
	workload_go(&wa);
	workload_go(&wb);
	cr_assert_eq(workload_wait(&wa), 0);
	cr_assert_eq(workload_wait(&wb), 0);
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "stderr: %s", r.err);
	cr_expect_eq(records_of(r.out, wa.pid), 2, "%s", r.out);
	cr_expect_eq(count_lines(r.out, "\"type\":\"event\""), 2, "-p %s shows others:\n%s", pid,
		     r.out);
	check_pair(r.out, wa.pid, a, "127.0.0.1");
	tool_free(&r);
}

/* Receive one fd over @unix_fd (SCM_RIGHTS); -1 on failure. */
static int recv_fd(int unix_fd)
{
	char byte, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(unix_fd, &msg, 0) != 1 || !(c = CMSG_FIRSTHDR(&msg)) ||
	    c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	return fd;
}

static void send_fd(int unix_fd, int fd)
{
	char byte = 0, cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	cr_assert_eq(sendmsg(unix_fd, &msg, 0), 1);
}

/* The child: 50 bytes on the socket it is handed, then close it. */
static void handed_socket_child(void *arg)
{
	int *unix_fd = arg, fd = recv_fd(*unix_fd);
	char buf[50] = { 0 };

	_exit(fd < 0 || send(fd, buf, sizeof(buf), 0) != sizeof(buf) || close(fd) ? 1 : 0);
}

/* -p CHILD, and a socket its parent created (after udplife started), used
 * and handed down: the record names the parent that created it, counts all
 * 56 bytes, and is whole. The parent's own peer socket is not shown. */
Test(udplife, pid_filter_keeps_a_socket_handed_to_the_child_whole)
{
	int sv[2], peer, peer_port, sock, sock_port;
	struct sockaddr_storage ss;
	char pid[16], needle[64], buf[64] = { 0 };
	struct workload w;
	struct tool_run r;
	socklen_t len;

	cr_assert_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	workload_start(&w, handed_socket_child, &sv[1]);
	workload_go(&w);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	{
		const char *argv[] = { "-j", "-p", pid, NULL };

		tool_start(&r, "udplife", argv);
	}
	peer = bound_socket(AF_INET, 0, &peer_port);
	sock = bound_socket(AF_INET, 0, &sock_port);
	len = loopback(AF_INET, peer_port, &ss);
	cr_assert_eq(connect(sock, (struct sockaddr *)&ss, len), 0);
	cr_assert_eq(send(sock, buf, 6, 0), 6);
	send_fd(sv[0], sock);
	close(sock);
	cr_assert_eq(workload_wait(&w), 0);
	cr_assert_eq(recv(peer, buf, sizeof(buf), 0), 6);
	cr_assert_eq(recv(peer, buf, sizeof(buf), 0), 50);
	close(peer);
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "stderr: %s", r.err);
	snprintf(needle, sizeof(needle), "[false,56,%d]", peer_port);
	expect_field(r.out, getpid(), sock_port, "[.partial, .tx_b, .rport]", needle);
	cr_expect_eq(count_lines(r.out, "\"type\":\"event\""), 1, "%s", r.out);
	tool_free(&r);
	close(sv[0]);
	close(sv[1]);
}

/* A raw socket of protocol UDP sends a datagram it built itself, then a
 * real UDP pair runs: only the pair is a UDP socket. */
static void raw_then_pair_workload(void *arg)
{
	struct shared *sh = arg;
	struct sockaddr_storage to;
	socklen_t len = loopback(AF_INET, 0, &to);
	unsigned char dgram[8 + 21] = { 0x30, 0x39, 0x30, 0x3a, 0, sizeof(dgram) };
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);

	CHECK(raw >= 0);
	CHECK(sendto(raw, dgram, sizeof(dgram), 0, (struct sockaddr *)&to, len) ==
	      (ssize_t)sizeof(dgram));
	close(raw);
	pair(AF_INET, 0, sh);
}

Test(udplife, raw_sockets_of_protocol_udp_are_not_udp_sockets)
{
	const char *extra[] = { "-j", NULL };
	struct shared *sh = shared_new();
	pid_t pid;
	char *out;

	sh->family = AF_INET;
	out = trace_workload(raw_then_pair_workload, sh, extra, &pid);
	cr_expect_eq(records_of(out, pid), 2,
		     "the raw socket shown as UDP, or the pair missed:\n%s", out);
	cr_expect_null(strstr(out, "\"lport\":17,"), "%s", out);
	check_pair(out, pid, sh, "127.0.0.1");
	free(out);
}

/* The pair made by a thread of its own name, in a process of another. */
static void *named_thread(void *arg)
{
	prctl(PR_SET_NAME, "udp-worker");
	pair(AF_INET, 0, arg);
	return NULL;
}

static void thread_pair_workload(void *arg)
{
	pthread_t th;

	prctl(PR_SET_NAME, "udp-main");
	CHECK(pthread_create(&th, NULL, named_thread, arg) == 0);
	CHECK(pthread_join(th, NULL) == 0);
}

/* COMM is the process's name, as ps shows it; JSON keeps the thread's. */
Test(udplife, comm_is_the_process_and_json_names_the_thread)
{
	const char *extra[] = { "-j", NULL };
	struct shared *sh = shared_new();
	pid_t pid;
	char *out;

	out = trace_workload(thread_pair_workload, sh, extra, &pid);
	cr_assert_eq(records_of(out, pid), 2, "%s", out);
	cr_expect_eq(count_lines(out, "\"comm\":\"udp-main\",\"thread\":\"udp-worker\","), 2, "%s",
		     out);
	free(out);
}

Test(udplife, json_lines_all_parse)
{
	const char *extra[] = { "-j", "-T", NULL };
	struct shared *sh = shared_new();
	pid_t pid;
	char *out, *v;

	sh->pair_families = 1;
	out = trace_workload(pair_workload, sh, extra, &pid);
	cr_assert_gt(records_of(out, pid), 0, "%s", out);
	/* One true per line; jq fails on a line that is not JSON. */
	v = jq(out, "if .type == \"event\" then (.ts > 0 and (.pid | type) == \"number\" and "
		    "(.comm | type) == \"string\" and (.laddr | type) == \"string\" and "
		    "(.lport | type) == \"number\" and (.raddr | type) == \"string\" and "
		    "(.rport | type) == \"number\" and (.tx_b | type) == \"number\" and "
		    "(.rx_b | type) == \"number\" and (.lifetime_ms | type) == \"number\" and "
		    "(.partial | type) == \"boolean\") else .type == \"lost\" end");
	cr_assert_not_null(v, "invalid JSON lines:\n%s", out);
	cr_expect_null(strstr(v, "false"), "a line lacks a field:\n%s\n%s", v, out);
	free(v);
	free(out);
}

Test(udplife, verbose_names_the_method_and_forcing_works)
{
	const char *argv[] = { "-v", "--method", "cgroup", NULL };
	struct tool_run r;

	tool_start(&r, "udplife", argv);
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "stderr: %s", r.err);
	cr_expect(strstr(r.err, "attached with cgroup:"), "%s", r.err);
	tool_free(&r);
}

Test(udplife, bad_usage_exits_2)
{
	const char *both[] = { "-4", "-6", NULL }, *ports[] = { "-L", "53,", NULL },
		   *big[] = { "-D", "65536", NULL }, *method[] = { "--method", "uprobe", NULL };
	const char *const *cases[] = { both, ports, big, method };
	struct tool_run r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_expect_eq(tool_run_once(&r, "udplife", cases[i], 10), 2, "%s", cases[i][0]);
		cr_expect(r.err && strstr(r.err, "udplife: "), "%s", r.err);
		tool_free(&r);
	}
}
