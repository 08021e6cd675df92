// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sslsnoop against TLS conversations the test runs on loopback: openssl
 * s_client/s_server, gnutls-cli/gnutls-serv, and our own tls_ex program
 * (SSL_write_ex/SSL_read_ex), dynamic and with OpenSSL linked statically.
 * Every message is unique to the run and must come out byte for byte.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers/tool.h"

/* Seconds a tool may take to end after SIGINT. Where uprobes attach as
 * perf events (before 6.10), each detach waits for RCU grace periods under
 * a kernel-wide mutex, about 0.1 s a probe and more on a busy machine:
 * sslsnoop has up to 28 to detach. */
#define DETACH_TIMEOUT 45

static char dir[64], cert[128], key[128];

/* A throwaway self-signed certificate for the servers. */
static void setup(void)
{
	char cmd[512];

	require_bpf();
	snprintf(dir, sizeof(dir), "/tmp/coretrace-ssl-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
	snprintf(key, sizeof(key), "%s/key.pem", dir);
	snprintf(cmd, sizeof(cmd),
		 "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
		 "-subj /CN=localhost -days 1 -keyout %s -out %s 2>/dev/null",
		 key, cert);
	cr_assert_eq(system(cmd), 0, "cannot make a certificate (is openssl installed?)");
}

static void teardown(void)
{
	char cmd[128];

	if (!dir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(sslsnoop, .init = setup, .fini = teardown, .timeout = 120);

static const char *prog(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/../tests/progs/%s", getenv("CORETRACE_BIN"), name);
	cr_assert(access(path, X_OK) == 0, "%s not built (make check-integration builds it)", path);
	return path;
}

/* Start @argv with stdin from a pipe (*in) and stdout+stderr into @out. */
static pid_t spawn(const char *const argv[], int *in, const char *out)
{
	int p[2];
	pid_t pid;

	cr_assert(pipe2(p, O_CLOEXEC) == 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(p[0], 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[0]);
	*in = p[1];
	return pid;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool file_has(const char *path, const char *needle, double timeout)
{
	double deadline = now() + timeout;
	char buf[65536];

	do {
		FILE *f = fopen(path, "r");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

		if (f)
			fclose(f);
		buf[n] = '\0';
		if (strstr(buf, needle))
			return true;
		usleep(20000);
	} while (now() < deadline);
	return false;
}

/* Wait until a server listens on 127.0.0.1:@port. */
static void wait_port(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	double deadline = now() + 10;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	while (now() < deadline) {
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		int ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;

		close(fd);
		if (ok)
			return;
		usleep(20000);
	}
	cr_assert_fail("nothing listens on port %d", port);
}

static int test_port(void)
{
	return 20000 + (int)(getpid() % 20000);
}

static void unique(char *buf, size_t len, const char *what)
{
	snprintf(buf, len, "%s-%d-%ld", what, getpid(), (long)time(NULL));
}

/* @s and a newline in one write, so a program reading its stdin sends
 * them as one TLS write. */
static void write_line(int fd, const char *s)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "%s\n", s);

	cr_assert_eq(write(fd, buf, (size_t)n), n);
}

/* [func, data] of @pid's events (every pid if 0), sorted: processes on two
 * sides of a connection return from their calls in no fixed order. */
static char *events_of(const char *out, int pid, const char *comm)
{
	char filter[512];

	if (!strchr(out, '{'))
		return strdup("[]"); /* jq runs no filter on empty input */
	snprintf(filter, sizeof(filter),
		 "[., inputs | select(.type == \"event\" and (%d == 0 or .pid == %d) and "
		 "(\"%s\" == \"\" or .comm == \"%s\")) | [.func, .data]] | sort",
		 pid, pid, comm, comm);
	return jq(out, filter);
}

Test(sslsnoop, openssl_s_client_and_s_server_both_directions)
{
	char port[16], to_server[64], to_client[64], expect[512], log_s[128], log_c[128];
	char connect[64], *got;
	const char *argv[] = { "-j", NULL };
	int in_s, in_c;
	pid_t server, client;
	struct tool_run r;

	snprintf(port, sizeof(port), "%d", test_port());
	snprintf(connect, sizeof(connect), "127.0.0.1:%s", port);
	snprintf(log_s, sizeof(log_s), "%s/server.log", dir);
	snprintf(log_c, sizeof(log_c), "%s/client.log", dir);
	unique(to_server, sizeof(to_server), "to-s_server");
	unique(to_client, sizeof(to_client), "to-s_client");

	tool_start(&r, "sslsnoop", argv);
	{
		const char *s[] = { "openssl", "s_server", "-accept", port,	"-cert",
				    cert,      "-key",	   key,	      "-quiet", NULL };
		const char *c[] = { "openssl", "s_client", "-connect", connect, "-quiet", NULL };

		server = spawn(s, &in_s, log_s);
		wait_port(test_port());
		client = spawn(c, &in_c, log_c);
	}
	write_line(in_c, to_server);
	cr_assert(file_has(log_s, to_server, 10), "s_server did not get the message");
	write_line(in_s, to_client);
	cr_assert(file_has(log_c, to_client, 10), "s_client did not get the message");
	/* The client may read the data before s_server returns from
	 * SSL_write: killed in there, it would make no event. */
	snprintf(expect, sizeof(expect),
		 "\"func\":\"SSL_write\",\"kind\":\"data\",\"comm\":\"openssl\",\"pid\":%d,",
		 server);
	cr_assert(tool_wait_output(&r, expect, 10), "no SSL_write of s_server: %s", r.out);
	stop(client);
	stop(server);
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "stderr: %s", r.err);

	snprintf(expect, sizeof(expect), "[[\"SSL_read\",\"%s\\n\"],[\"SSL_write\",\"%s\\n\"]]",
		 to_server, to_client);
	got = events_of(r.out, server, "");
	cr_expect_str_eq(got ? got : "", expect, "s_server events; output:\n%s", r.out);
	free(got);
	snprintf(expect, sizeof(expect), "[[\"SSL_read\",\"%s\\n\"],[\"SSL_write\",\"%s\\n\"]]",
		 to_client, to_server);
	got = events_of(r.out, client, "");
	cr_expect_str_eq(got ? got : "", expect, "s_client events; output:\n%s", r.out);
	free(got);
	tool_free(&r);
}

/* gnutls-serv --echo and gnutls-cli, over TCP or with @udp over DTLS,
 * under sslsnoop -j: one line from the client, echoed back. Returns the
 * tool's stdout; the line (without its newline) in @msg. */
static char *gnutls_echo(bool udp, char msg[64], pid_t *server, pid_t *client)
{
	char port[16], expect[512], log_s[128], log_c[128], certopt[160], keyopt[160], *out;
	const char *argv[] = { "-j", NULL };
	/* DTLS: --udp in front of the TCP arguments (s + 1, c + 1 without). */
	const char *s[] = { "gnutls-serv", "--udp", "--echo", "-p", port, certopt, keyopt, NULL };
	const char *c[] = { "gnutls-cli", "--udp", "--insecure", "-p", port, "127.0.0.1", NULL };
	struct tool_run r;
	int in_s, in_c;

	if (!udp) {
		s[1] = s[0];
		c[1] = c[0];
	}
	snprintf(port, sizeof(port), "%d", test_port());
	snprintf(log_s, sizeof(log_s), "%s/server-%s.log", dir, udp ? "dtls" : "tls");
	snprintf(log_c, sizeof(log_c), "%s/client-%s.log", dir, udp ? "dtls" : "tls");
	snprintf(certopt, sizeof(certopt), "--x509certfile=%s", cert);
	snprintf(keyopt, sizeof(keyopt), "--x509keyfile=%s", key);
	unique(msg, 64, udp ? "dtls-echo" : "gnutls-echo");

	tool_start(&r, "sslsnoop", argv);
	*server = spawn(udp ? s : s + 1, &in_s, log_s);
	if (udp)
		cr_assert(file_has(log_s, "listening on IPv4", 10), "gnutls-serv did not start");
	else
		wait_port(test_port());
	*client = spawn(udp ? c : c + 1, &in_c, log_c);
	cr_assert(file_has(log_c, "Handshake was completed", 10), "gnutls-cli did not connect");
	write_line(in_c, msg);
	/* The echo came back: the client and the server read it. */
	snprintf(expect, sizeof(expect), "%s\n", msg);
	cr_assert(file_has(log_c, expect, 10), "no echo from gnutls-serv");
	/* As with s_server: the echo may arrive before its send returns. */
	snprintf(
		expect, sizeof(expect),
		"\"func\":\"gnutls_record_send\",\"kind\":\"data\",\"comm\":\"gnutls-serv\",\"pid\":%d,",
		*server);
	cr_assert(tool_wait_output(&r, expect, 10), "no gnutls_record_send of gnutls-serv: %s",
		  r.out);
	stop(*client);
	stop(*server);
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "stderr: %s", r.err);
	out = strdup(r.out);
	tool_free(&r);
	return out;
}

Test(sslsnoop, gnutls_cli_and_serv_both_directions)
{
	char msg[64], expect[512], *out, *got;
	pid_t server, client;

	out = gnutls_echo(false, msg, &server, &client);
	snprintf(expect, sizeof(expect),
		 "[[\"gnutls_record_recv\",\"%s\\n\"],[\"gnutls_record_send\",\"%s\\n\"]]", msg,
		 msg);
	got = events_of(out, server, "");
	cr_expect_str_eq(got ? got : "", expect, "gnutls-serv events; output:\n%s", out);
	free(got);
	got = events_of(out, client, "");
	cr_expect_str_eq(got ? got : "", expect, "gnutls-cli events; output:\n%s", out);
	free(got);
	free(out);
}

/* DTLS: gnutls-serv --udp reads with gnutls_record_recv_seq(), which the
 * TCP test above never calls. */
Test(sslsnoop, gnutls_dtls_server_reads_are_seen)
{
	char msg[64], expect[512], *out, *got;
	pid_t server, client;

	out = gnutls_echo(true, msg, &server, &client);
	snprintf(expect, sizeof(expect),
		 "[[\"gnutls_record_recv_seq\",\"%s\\n\"],[\"gnutls_record_send\",\"%s\\n\"]]", msg,
		 msg);
	got = events_of(out, server, "");
	cr_expect_str_eq(got ? got : "", expect, "gnutls-serv --udp events; output:\n%s", out);
	free(got);
	free(out);
}

/* Run tls_ex (or tls_ex-static) under sslsnoop @argv; returns the tool's
 * stdout, and its stderr in @err. */
static char *run_tls_ex(const char *name, const char *const argv[], const char *c_msg,
			const char *s_msg, char **err)
{
	const char *p = prog(name);
	struct tool_run r;
	char cmd[8192], *out;

	tool_start(&r, "sslsnoop", argv);
	snprintf(cmd, sizeof(cmd), "%s %s %s '%s' '%s'", p, cert, key, c_msg, s_msg);
	cr_assert_eq(system(cmd), 0, "%s failed", name);
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "stderr: %s", r.err);
	out = strdup(r.out);
	if (err)
		*err = strdup(r.err);
	tool_free(&r);
	return out;
}

static void expect_ex_calls(const char *out, const char *comm, const char *c_msg, const char *s_msg)
{
	char expect[512], *got = events_of(out, 0, comm);

	snprintf(expect, sizeof(expect),
		 "[[\"SSL_read_ex\",\"%s\"],[\"SSL_read_ex\",\"%s\"],"
		 "[\"SSL_write_ex\",\"%s\"],[\"SSL_write_ex\",\"%s\"]]",
		 c_msg, s_msg, c_msg, s_msg);
	cr_expect_str_eq(got ? got : "", expect, "output:\n%s", out);
	free(got);
}

Test(sslsnoop, ssl_write_ex_and_read_ex_of_shared_libssl)
{
	const char *argv[] = { "-j", "-c", "tls_ex", NULL };
	char c_msg[64], s_msg[64], *out;

	unique(c_msg, sizeof(c_msg), "ex-client");
	unique(s_msg, sizeof(s_msg), "ex-server");
	out = run_tls_ex("tls_ex", argv, c_msg, s_msg, NULL);
	expect_ex_calls(out, "tls_ex", c_msg, s_msg);
	free(out);
}

Test(sslsnoop, static_openssl_needs_binary_and_is_found_with_it)
{
	const char *without[] = { "-j", NULL };
	const char *with[] = { "-j", "--binary", prog("tls_ex-static"), NULL };
	char c_msg[64], s_msg[64], *out, *err, *got;

	unique(c_msg, sizeof(c_msg), "static-client");
	unique(s_msg, sizeof(s_msg), "static-server");
	/* Control: its SSL_write_ex is not libssl's, so nothing without. */
	out = run_tls_ex("tls_ex-static", without, c_msg, s_msg, NULL);
	got = events_of(out, 0, "tls_ex-static");
	cr_expect_str_eq(got ? got : "", "[]", "%s", out);
	free(got);
	free(out);

	out = run_tls_ex("tls_ex-static", with, c_msg, s_msg, &err);
	expect_ex_calls(out, "tls_ex-static", c_msg, s_msg);
	cr_expect(strstr(err, "tls_ex-static: OpenSSL 3") ||
			  strstr(err, "tls_ex-static: OpenSSL 1"),
		  "the static binary is not reported as OpenSSL:\n%s", err);
	free(err);
	free(out);
}

Test(sslsnoop, pid_finds_the_static_openssl_of_that_process)
{
	char c_msg[64], s_msg[64], pid[16], expect[512], log[128], *got;
	const char *argv[] = { "-j", "-p", pid, NULL };
	pid_t child;
	struct tool_run r;
	int in, status;

	unique(c_msg, sizeof(c_msg), "pid-client");
	unique(s_msg, sizeof(s_msg), "pid-server");
	snprintf(log, sizeof(log), "%s/tls_ex.log", dir);
	{
		const char *c[] = { prog("tls_ex-static"), cert, key, c_msg, s_msg, "wait", NULL };

		child = spawn(c, &in, log);
	}
	snprintf(pid, sizeof(pid), "%d", child);
	tool_start(&r, "sslsnoop", argv);
	cr_expect(strstr(r.err, "tls_ex-static: OpenSSL"), "not found in the process:\n%s", r.err);
	cr_assert_eq(write(in, "g", 1), 1);
	cr_assert_eq(waitpid(child, &status, 0), child);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "tls_ex-static failed");
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "stderr: %s", r.err);
	/* Only the client: the server half runs in a forked child. */
	snprintf(expect, sizeof(expect), "[[\"SSL_read_ex\",\"%s\"],[\"SSL_write_ex\",\"%s\"]]",
		 s_msg, c_msg);
	got = events_of(r.out, 0, "");
	cr_expect_str_eq(got ? got : "", expect, "output:\n%s", r.out);
	free(got);
	tool_free(&r);
}

Test(sslsnoop, max_bytes_cuts_and_says_how_much)
{
	const char *json[] = { "-j", "-c", "tls_ex", "--max-bytes", "10", NULL };
	char c_msg[101], s_msg[64], filter[256], *out, *got;

	memset(c_msg, 'x', 100);
	c_msg[100] = '\0';
	memcpy(c_msg, "0123456789", 10);
	unique(s_msg, sizeof(s_msg), "short");
	out = run_tls_ex("tls_ex", json, c_msg, s_msg, NULL);
	snprintf(filter, sizeof(filter),
		 "[., inputs | select(.func == \"SSL_write_ex\" and .len == 100) | "
		 "[.data, .truncated]]");
	got = jq(out, filter);
	cr_expect_str_eq(got ? got : "", "[[\"0123456789\",90]]", "%s", out);
	free(got);
	free(out);
}

Test(sslsnoop, text_output_to_a_private_file)
{
	char path[160], c_msg[101], s_msg[64], buf[65536];
	const char *argv[] = { "-c", "tls_ex", "--max-bytes", "10", "-l", "-o", path, NULL };
	struct stat st;
	mode_t old;
	FILE *f;
	size_t n;
	char *out;

	snprintf(path, sizeof(path), "%s/capture.txt", dir);
	memset(c_msg, 'y', 100);
	c_msg[100] = '\0';
	unique(s_msg, sizeof(s_msg), "reply");
	old = umask(0);
	out = run_tls_ex("tls_ex", argv, c_msg, s_msg, NULL);
	umask(old);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "mode %o", st.st_mode & 0777);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	cr_expect(strstr(buf, "LAT(ms)"), "%s", buf);
	cr_expect(strstr(buf, "----- DATA -----\nyyyyyyyyyy\n----- END DATA (90 bytes cut) -----"),
		  "%s", buf);
	cr_expect(strstr(buf, "SSL_write_ex"), "%s", buf);
	cr_expect_eq(out[0], '\0', "stdout used despite -o: %s", out);
	free(out);
}

/* From 6.10 on, probes attach as uprobe_multi links, which detach in
 * parallel: all of them go in well under a second. As perf events they
 * took ~85 ms each, one after another (1.7 s for 20 on 6.18). */
Test(sslsnoop, detaches_its_probes_promptly_after_sigint)
{
	const char *argv[] = { "-v", NULL };
	bool multi = kernel_version() >= 6010;
	struct timespec t0, t1;
	struct tool_run r;
	double secs;
	int probes;

	tool_start(&r, "sslsnoop", argv);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "%s", r.err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_expect(strstr(r.err, multi ? "method: uprobe_multi links" : "method: perf events"), "%s",
		  r.err);
	/* Functions, each with an entry and a return probe: enough that
	 * detaching them one after another would take over a second. */
	probes = count_lines(r.err, "attached ");
	cr_assert_geq(probes, 8, "only %d functions attached:\n%s", probes, r.err);
	if (multi)
		cr_expect_lt(secs, 1.0, "%.2f s from SIGINT to exit with %d functions", secs,
			     probes);
	tool_free(&r);
}

static void idle(void *arg)
{
	pause();
}

Test(sslsnoop, check_lists_what_it_found_and_fails_on_nothing)
{
	const char *all[] = { "--check", "-vv", NULL };
	const char *pid_argv[] = { "--check", "-p", NULL, NULL };
	struct tool_run r;
	struct workload w;
	char pid[16];

	cr_assert_eq(tool_run_once(&r, "sslsnoop", all, DETACH_TIMEOUT), 0, "%s", r.err);
	cr_expect(strstr(r.out, "libssl.so"), "%s", r.out);
	/* GnuTLS by its release, not a symbol version (GNUTLS_FIPS140_3_4). */
	cr_expect(strstr(r.out, ": GnuTLS 3."), "%s", r.out);
	cr_expect(strstr(r.out, "SSL_write_ex"), "%s", r.out);
	cr_expect(strstr(r.out, "functions attached"), "%s", r.out);
	/* No CO-RE relocations, so no start-up spent parsing kernel BTF. */
	cr_expect(strstr(r.err, "libbpf: "), "no libbpf log at -vv: %s", r.err);
	cr_expect(!strstr(r.err, "kernel BTF"), "loaded the kernel BTF:\n%s", r.err);
	tool_free(&r);

	/* The test binary has no TLS at all. */
	workload_start(&w, idle, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	pid_argv[2] = pid;
	cr_expect_eq(tool_run_once(&r, "sslsnoop", pid_argv, DETACH_TIMEOUT), 1, "%s", r.out);
	cr_expect(strstr(r.err, "attached nothing"), "%s", r.err);
	cr_expect(strstr(r.out, "libc.so"), "libc not listed:\n%s", r.out);
	tool_free(&r);
	kill(w.pid, SIGKILL);
	workload_wait(&w);
}

/* A stripped static binary: its TLS code is there, its names are not. */
Test(sslsnoop, check_says_a_binary_is_stripped)
{
	const char *argv[] = { "--check", "--binary", NULL, NULL };
	char stripped[160], cmd[512];
	struct tool_run r;

	snprintf(stripped, sizeof(stripped), "%s/tls_ex-stripped", dir);
	snprintf(cmd, sizeof(cmd), "strip -o %s %s", stripped, prog("tls_ex-static"));
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	argv[2] = stripped;
	/* The libraries found by name still have theirs: status 0. */
	cr_expect_eq(tool_run_once(&r, "sslsnoop", argv, DETACH_TIMEOUT), 0, "%s", r.out);
	cr_expect(
		strstr(r.out, "tls_ex-stripped: no TLS functions exported; stripped (no .symtab)"),
		"%s", r.out);
	tool_free(&r);
	unlink(stripped);
}

Test(sslsnoop, refuses_to_run_unprivileged)
{
	char cmd[4096], out[160];
	int status;

	snprintf(out, sizeof(out), "%s/unpriv.log", dir);
	snprintf(cmd, sizeof(cmd),
		 "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "
		 "--bounding-set=-all %s/sslsnoop --check > %s 2>&1",
		 getenv("CORETRACE_BIN"), out);
	status = system(cmd);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %d", status);
	cr_expect(file_has(out, "missing CAP_BPF and CAP_PERFMON", 1), "no reason given");
}

Test(sslsnoop, comm_filter_keeps_only_that_command)
{
	const char *argv[] = { "-j", "-c", "tls_ex", "--binary", prog("tls_ex-static"), NULL };
	char cmd[8192], c_msg[64], s_msg[64], *got;
	struct tool_run r;

	unique(c_msg, sizeof(c_msg), "comm-client");
	unique(s_msg, sizeof(s_msg), "comm-server");
	tool_start(&r, "sslsnoop", argv);
	/* prog() returns a static buffer: one call per statement. */
	snprintf(cmd, sizeof(cmd), "%s %s %s x y", prog("tls_ex-static"), cert, key);
	cr_assert_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s %s %s '%s' '%s'", prog("tls_ex"), cert, key, c_msg, s_msg);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "stderr: %s", r.err);
	/* Every event, whatever its command, must be tls_ex's. */
	expect_ex_calls(r.out, "", c_msg, s_msg);
	got = jq(r.out, "[., inputs | .comm] | unique");
	cr_expect_str_eq(got ? got : "", "[\"tls_ex\"]", "%s", r.out);
	free(got);
	tool_free(&r);
}

Test(sslsnoop, uid_filter_keeps_only_that_user)
{
	const char *argv[] = { "-j", "-u", "65534", NULL };
	char cmd[8192], c_msg[64], s_msg[64], *got;
	struct tool_run r;

	unique(c_msg, sizeof(c_msg), "uid-client");
	unique(s_msg, sizeof(s_msg), "uid-server");
	cr_assert_eq(chmod(dir, 0755), 0);
	cr_assert_eq(chmod(key, 0644), 0);
	tool_start(&r, "sslsnoop", argv);
	snprintf(cmd, sizeof(cmd), "%s %s %s root-x root-y", prog("tls_ex"), cert, key);
	cr_assert_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd),
		 "setpriv --reuid=65534 --regid=65534 --clear-groups %s %s %s '%s' '%s'",
		 prog("tls_ex"), cert, key, c_msg, s_msg);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "stderr: %s", r.err);
	expect_ex_calls(r.out, "tls_ex", c_msg, s_msg);
	got = jq(r.out, "[., inputs | .uid] | unique");
	cr_expect_str_eq(got ? got : "", "[65534]", "%s", r.out);
	free(got);
	tool_free(&r);
}

Test(sslsnoop, handshakes_once_each_and_no_data)
{
	const char *argv[] = { "-j", "-c", "tls_ex", "--handshake", "--no-data", NULL };
	char *out, *got;

	out = run_tls_ex("tls_ex", argv, "hs-c", "hs-s", NULL);
	/* SSL_connect runs SSL_do_handshake inside: still one call. */
	got = jq(out, "[., inputs | [.func, .kind, has(\"data\"), .ret]] | sort");
	cr_expect_str_eq(
		got ? got : "",
		"[[\"SSL_accept\",\"handshake\",false,1],"
		"[\"SSL_connect\",\"handshake\",false,1],"
		"[\"SSL_read_ex\",\"data\",false,null],[\"SSL_read_ex\",\"data\",false,null],"
		"[\"SSL_write_ex\",\"data\",false,null],[\"SSL_write_ex\",\"data\",false,null]]",
		"%s", out);
	free(got);
	free(out);
}

/* A container in miniature: tls_ex in a root of its own with its own
 * copies of libssl and libc. The host's libssl is another file; only a
 * tool that looks at what the process has mapped probes the one it runs.
 * @mount_ns: the root is a tmpfs mounted in a new mount namespace, so the
 * host cannot see it by path, as with a container. */
static void contained_tls_ex(bool mount_ns)
{
	char stage[128], inner[128], cmd[8192], c_msg[64], s_msg[64], pid[16], expect[512];
	char log[128], seen[256], *got;
	const char *argv[] = { "-j", "-p", pid, NULL };
	struct tool_run r;
	pid_t child;
	int in, status, i;

	unique(c_msg, sizeof(c_msg), "contained-client");
	unique(s_msg, sizeof(s_msg), "contained-server");
	snprintf(stage, sizeof(stage), "%s/stage", dir);
	snprintf(inner, sizeof(inner), "%s/inner", dir);
	snprintf(cmd, sizeof(cmd),
		 "set -e; p=%s; r=%s; mkdir -p $r %s; cp $p %s %s $r/; "
		 "for l in $(ldd $p | grep -o '/[^ ]*'); do mkdir -p $r$(dirname $l); "
		 "cp -L $l $r$l; done",
		 prog("tls_ex"), stage, inner, cert, key);
	cr_assert_eq(system(cmd), 0, "cannot build the root");
	snprintf(cmd, sizeof(cmd),
		 "%s%s && exec chroot %s /tls_ex /cert.pem /key.pem '%s' '%s' wait",
		 mount_ns ? "mount -t tmpfs none " : "true ", mount_ns ? inner : "",
		 mount_ns ? inner : stage, c_msg, s_msg);
	if (mount_ns) {
		char copy[512];

		snprintf(copy, sizeof(copy), "mount -t tmpfs none %s && cp -a %s/. %s/", inner,
			 stage, inner);
		snprintf(cmd, sizeof(cmd),
			 "%s && exec chroot %s /tls_ex /cert.pem /key.pem '%s' '%s' wait", copy,
			 inner, c_msg, s_msg);
	}
	snprintf(log, sizeof(log), "%s/contained.log", dir);
	{
		const char *ns[] = { "unshare", "-m", "--propagation", "private", "sh", "-c",
				     cmd,	NULL };
		const char *plain[] = { "sh", "-c", cmd, NULL };

		child = spawn(mount_ns ? ns : plain, &in, log);
	}
	snprintf(pid, sizeof(pid), "%d", child);
	/* Until tls_ex runs, the process maps no libssl. */
	snprintf(seen, sizeof(seen), "grep -q libssl /proc/%d/maps 2>/dev/null", child);
	for (i = 0; i < 250 && system(seen) != 0; i++)
		usleep(20000);
	tool_start(&r, "sslsnoop", argv);
	snprintf(seen, sizeof(seen), "/proc/%d/root/", child);
	cr_expect(strstr(r.err, seen) && strstr(r.err, "libssl.so.3: OpenSSL"),
		  "the process's own libssl (under %s) was not probed:\n%s", seen, r.err);
	cr_assert_eq(write(in, "g", 1), 1);
	cr_assert_eq(waitpid(child, &status, 0), child);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "contained tls_ex failed");
	cr_assert_eq(tool_finish(&r, SIGINT, DETACH_TIMEOUT), 0, "stderr: %s", r.err);
	snprintf(expect, sizeof(expect), "[[\"SSL_read_ex\",\"%s\"],[\"SSL_write_ex\",\"%s\"]]",
		 s_msg, c_msg);
	got = events_of(r.out, 0, "");
	cr_expect_str_eq(got ? got : "", expect, "output:\n%s", r.out);
	free(got);
	tool_free(&r);
}

Test(sslsnoop, pid_in_a_chroot_uses_its_own_libssl)
{
	contained_tls_ex(false);
}

Test(sslsnoop, pid_in_a_mount_namespace_uses_its_own_libssl)
{
	contained_tls_ex(true);
}
