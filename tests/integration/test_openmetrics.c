// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * --prometheus: the file passes promtool's checks, carries the values the
 * workload made, a real node_exporter serves it from its textfile
 * collector (on loopback), and it goes when the tool does. Hostile names,
 * many names and two instances in one directory cannot break it.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers/loopdev.h"
#include "helpers/tool.h"

#define N_CALLS 777

static char dir[] = "/tmp/coretrace-om-XXXXXX";

static void setup(void)
{
	require_bpf();
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

static char *read_file(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r"), *m = open_memstream(&buf, &len);
	int c;

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

/* Wait until @path exists and holds @needle, at most @seconds; its text. */
static char *wait_file_has(const char *path, const char *needle, double seconds)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };

	for (double t = 0; t < seconds; t += 0.1) {
		if (access(path, R_OK) == 0) {
			char *text = read_file(path);

			if (strstr(text, needle))
				return text;
			free(text);
		}
		nanosleep(&tick, NULL);
	}
	cr_assert_fail("%s never held %s", path, needle);
	return NULL;
}

/* What every file says about the tool, and that it goes at the end. */
static void expect_self(const char *text, const char *tool)
{
	char line[128];

	snprintf(line, sizeof(line), "coretrace_attach_info{source=");
	cr_expect(strstr(text, line), "no attach_info: %s", text);
	snprintf(line, sizeof(line), "tool=\"%s\",method=\"", tool);
	cr_expect(strstr(text, line), "no method for %s: %s", tool, text);
	cr_expect(strstr(text, "coretrace_build_info{source="), "no build_info: %s", text);
	cr_expect(strstr(text, "# TYPE coretrace_lost_events_total counter\n"), "%s", text);
}

static void promtool_accepts(const char *path)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "promtool check metrics < %s", path);
	cr_expect_eq(system(cmd), 0, "promtool rejects %s", path);
}

static void getppid_loop(void *arg)
{
	for (int i = 0; i < N_CALLS; i++)
		syscall(SYS_getppid);
}

/* GET @path_query from 127.0.0.1:@port; the body or NULL. */
static char *http_get(int port, const char *path_query)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	char req[1400], *buf = NULL, chunk[8192], *body;
	size_t len = 0;
	FILE *m;
	ssize_t n;
	int fd;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert(fd >= 0);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return NULL;
	}
	snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path_query);
	cr_assert_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	m = open_memstream(&buf, &len);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		fwrite(chunk, 1, (size_t)n, m);
	fclose(m);
	close(fd);
	body = buf ? strstr(buf, "\r\n\r\n") : NULL;
	body = body ? strdup(body + 4) : NULL;
	free(buf);
	return body;
}

/* Serve @dir with node_exporter's textfile collector and scrape it once. */
static char *scrape_node_exporter(void)
{
	char textfile[600], listen[64];
	int port = 20000 + getpid() % 20000;
	char *body = NULL;
	pid_t pid;

	snprintf(textfile, sizeof(textfile), "--collector.textfile.directory=%s", dir);
	snprintf(listen, sizeof(listen), "--web.listen-address=127.0.0.1:%d", port);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(devnull, 1);
		dup2(devnull, 2);
		execlp("prometheus-node-exporter", "prometheus-node-exporter",
		       "--collector.disable-defaults", "--collector.textfile", textfile, listen,
		       (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100 && !body; i++) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		body = http_get(port, "/metrics");
		if (!body)
			nanosleep(&ts, NULL);
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	cr_assert_not_null(body, "node_exporter did not answer on port %d", port);
	return body;
}

TestSuite(openmetrics, .init = setup, .fini = teardown, .timeout = 90);

Test(openmetrics, syscount_counters_reach_node_exporter)
{
	char path[600], pid[16], expect[128];
	const char *argv[] = { "-p", pid, "-i", "1", "--prometheus", path, "-q", NULL };
	struct workload w;
	struct tool_run r;
	struct stat st;
	char *text, *scraped;

	snprintf(path, sizeof(path), "%s/syscount.prom", dir);
	workload_start(&w, getppid_loop, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&r, "syscount", argv);
	workload_go(&w);
	cr_assert_eq(workload_wait(&w), 0);
	snprintf(expect, sizeof(expect),
		 "coretrace_syscalls_total{source=\"syscount\",syscall=\"getppid\"} %d\n", N_CALLS);
	text = wait_file_has(path, expect, 10);
	cr_assert_eq(stat(path, &st), 0, "no metrics file written");
	cr_expect_eq(st.st_mode & 0777, 0644);
	promtool_accepts(path);
	cr_expect(strstr(text, "# TYPE coretrace_syscalls_total counter\n"), "%s", text);
	cr_expect(strstr(text,
			 "coretrace_lost_events_total{source=\"syscount\",tool=\"syscount\"} 0\n"),
		  "%s", text);
	expect_self(text, "syscount");
	scraped = scrape_node_exporter();
	cr_expect(strstr(scraped, expect), "node_exporter does not serve %s:\n%s", expect, scraped);
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "%s", r.err);
	/* -q: the file only, nothing on stdout. */
	cr_expect_eq(r.out_len, 0, "-q printed: %s", r.out);
	cr_expect_neq(access(path, F_OK), 0, "the file outlived the tool");
	free(scraped);
	free(text);
	tool_free(&r);
}

Test(openmetrics, biolatency_histogram_is_cumulative_and_valid)
{
	char path[600], name[64], line[256];
	const char *argv[] = { "-D", "-d", name, "--prometheus", path, "1", NULL };
	struct loopdev dev;
	struct tool_run r;
	char *text, *scraped, *inf;
	unsigned long long count = 0, inf_count = 0;

	loopdev_create(&dev, 8);
	snprintf(name, sizeof(name), "%s", dev.name);
	snprintf(path, sizeof(path), "%s/biolatency.prom", dir);
	tool_start(&r, "biolatency", argv);
	loopdev_direct_writes(&dev, 100);
	/* Two more intervals: the file keeps the total, not the last one. */
	cr_assert(tool_wait_output(&r, "count", 5));
	sleep(2);
	snprintf(line, sizeof(line),
		 "coretrace_biolatency_seconds_count{source=\"biolatency\",disk=\"%s\"} ", name);
	text = wait_file_has(path, line, 5);
	promtool_accepts(path);
	scraped = scrape_node_exporter();
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "%s", r.err);
	loopdev_destroy(&dev);

	count = strtoull(strstr(text, line) + strlen(line), NULL, 10);
	cr_expect_geq(count, 100, "%s", text);
	snprintf(
		line, sizeof(line),
		"coretrace_biolatency_seconds_bucket{source=\"biolatency\",disk=\"%s\",le=\"+Inf\"} ",
		name);
	inf = strstr(text, line);
	cr_assert_not_null(inf, "%s", text);
	inf_count = strtoull(inf + strlen(line), NULL, 10);
	cr_expect_eq(inf_count, count, "+Inf bucket must equal _count");
	cr_expect(strstr(text, "# TYPE coretrace_biolatency_seconds histogram\n"), "%s", text);
	expect_self(text, "biolatency");
	cr_expect(strstr(scraped, "coretrace_biolatency_seconds_count{disk="), "%s", scraped);
	free(scraped);
	free(text);
	tool_free(&r);
}

#define N_LOOKUPS 25

static void lookup_loop(void *arg)
{
	for (int i = 0; i < N_LOOKUPS; i++) {
		struct addrinfo *ai = NULL;

		if (getaddrinfo("localhost", NULL, NULL, &ai) == 0)
			freeaddrinfo(ai);
	}
}

#define N_SOCKETS 7
#define DGRAM_LEN 100

static void udp_loop(void *arg)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9) };
	char payload[DGRAM_LEN] = { 0 };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < N_SOCKETS; i++) {
		int fd = socket(AF_INET, SOCK_DGRAM, 0);

		if (fd < 0 || sendto(fd, payload, sizeof(payload), 0, (struct sockaddr *)&a,
				     sizeof(a)) != DGRAM_LEN)
			_exit(3);
		close(fd);
	}
}

/* Our comm, as the kernel reports it (the workload is our fork). */
static const char *own_comm(void)
{
	static char comm[32];
	FILE *f = fopen("/proc/self/comm", "r");

	cr_assert_not_null(f);
	cr_assert_not_null(fgets(comm, sizeof(comm), f));
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	return comm;
}

/* Run @tool -p CHILD --prometheus FILE over @fn until FILE holds @expect;
 * returns FILE's text (checked by promtool while the tool ran). */
static char *metrics_of(const char *tool, void (*fn)(void *), const char *file, const char *expect)
{
	char path[600], pid[16];
	const char *argv[] = { "-p", pid, "--prometheus", path, "--metrics-interval", "1", NULL };
	struct workload w;
	struct tool_run r;
	char *text;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	workload_start(&w, fn, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&r, tool, argv);
	workload_go(&w);
	cr_assert_eq(workload_wait(&w), 0);
	text = wait_file_has(path, expect, 10);
	promtool_accepts(path);
	expect_self(text, tool);
	cr_assert_eq(tool_finish(&r, SIGINT, 20), 0, "%s", r.err);
	cr_expect_neq(access(path, F_OK), 0, "the file outlived the tool");
	tool_free(&r);
	return text;
}

Test(openmetrics, gethostlatency_histogram_by_comm_and_result)
{
	char expect[256], *text;

	snprintf(expect, sizeof(expect),
		 "coretrace_gethostlatency_seconds_count{source=\"gethostlatency\",comm=\"%s\","
		 "result=\"ok\"} %d\n",
		 own_comm(), N_LOOKUPS);
	text = metrics_of("gethostlatency", lookup_loop, "gethostlatency.prom", expect);
	cr_expect(strstr(text, "# TYPE coretrace_gethostlatency_seconds histogram\n"), "%s", text);
	free(text);
}

Test(openmetrics, udplife_counters_by_comm)
{
	char expect[3][256], *text;

	snprintf(expect[0], sizeof(expect[0]),
		 "coretrace_udplife_sockets_total{source=\"udplife\",comm=\"%s\"} %d\n", own_comm(),
		 N_SOCKETS);
	snprintf(expect[1], sizeof(expect[1]),
		 "coretrace_udplife_tx_bytes_total{source=\"udplife\",comm=\"%s\"} %d\n",
		 own_comm(), N_SOCKETS * DGRAM_LEN);
	snprintf(expect[2], sizeof(expect[2]),
		 "coretrace_udplife_lifetime_seconds_count{source=\"udplife\",comm=\"%s\"} %d\n",
		 own_comm(), N_SOCKETS);
	text = metrics_of("udplife", udp_loop, "udplife.prom", expect[0]);
	cr_expect(strstr(text, expect[1]), "%s not in:\n%s", expect[1], text);
	cr_expect(strstr(text, expect[2]), "%s not in:\n%s", expect[2], text);
	free(text);
}

#define N_NAMES 1000

/* Processes name themselves to break the file: not UTF-8, quotes and
 * backslashes, and a thousand names. */
static void hostile_lookups(void *arg)
{
	static const char *const names[] = { "x\xff\xfe", "q\"uo\\te", "new\nline" };

	for (int i = 0; i < N_NAMES + 3; i++) {
		char name[16];
		pid_t pid = fork();

		if (pid < 0)
			_exit(2);
		if (pid == 0) {
			struct addrinfo *ai = NULL;

			if (i < 3)
				snprintf(name, sizeof(name), "%s", names[i]);
			else
				snprintf(name, sizeof(name), "n%d", i);
			prctl(PR_SET_NAME, name);
			if (getaddrinfo("localhost", NULL, NULL, &ai) == 0)
				freeaddrinfo(ai);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
	}
}

Test(openmetrics, hostile_and_many_names_cannot_break_the_file)
{
	char path[600], *text, *scraped, *p;
	const char *argv[] = {
		"--prometheus", path, "--metrics-interval", "1", "--max-series", "50", "-q", NULL
	};
	struct workload w;
	struct tool_run r;
	int series = 0;

	snprintf(path, sizeof(path), "%s/hostile.prom", dir);
	tool_start(&r, "gethostlatency", argv);
	workload_start(&w, hostile_lookups, NULL);
	workload_go(&w);
	cr_assert_eq(workload_wait(&w), 0);
	text = wait_file_has(path, "comm=\"other\"", 10);
	promtool_accepts(path);
	scraped = scrape_node_exporter();
	cr_assert_eq(tool_finish(&r, SIGINT, 20), 0, "%s", r.err);
	cr_expect(strstr(scraped, "node_textfile_scrape_error 0"), "node_exporter: %s", scraped);
	cr_expect(strstr(scraped, "coretrace_gethostlatency_seconds_count{"), "%s", scraped);
	for (p = text; (p = strstr(p, "coretrace_gethostlatency_seconds_count{")); p++)
		series++;
	/* 50 names kept apart, "other" for each result seen past them. */
	cr_expect_leq(series, 50 + 5, "%d series: %s", series, text);
	cr_expect(strstr(text, "comm=\"x\xef\xbf\xbd\xef\xbf\xbd\""), "invalid UTF-8 kept: %s",
		  text);
	cr_expect(strstr(text, "comm=\"q\\\"uo\\\\te\""), "quote/backslash: %s", text);
	free(scraped);
	free(text);
	tool_free(&r);
}

/* Two instances of one tool in one directory: node_exporter takes both. */
Test(openmetrics, two_instances_share_a_directory)
{
	char a[600], b[600], *scraped;
	const char *argv_a[] = { "-i", "1", "--prometheus", a, "-q", "--label", "role=a", NULL };
	const char *argv_b[] = { "-i", "1", "--prometheus", b, "-q", "-x", NULL };
	struct tool_run ra, rb;

	snprintf(a, sizeof(a), "%s/syscount-all.prom", dir);
	snprintf(b, sizeof(b), "%s/syscount-failed.prom", dir);
	tool_start(&ra, "syscount", argv_a);
	tool_start(&rb, "syscount", argv_b);
	free(wait_file_has(a, "coretrace_lost_events_total", 5));
	free(wait_file_has(b, "coretrace_lost_events_total", 5));
	scraped = scrape_node_exporter();
	cr_assert_eq(tool_finish(&ra, SIGINT, 10), 0, "%s", ra.err);
	cr_assert_eq(tool_finish(&rb, SIGINT, 10), 0, "%s", rb.err);
	cr_expect(strstr(scraped, "node_textfile_scrape_error 0"), "node_exporter: %s", scraped);
	cr_expect(strstr(scraped, "coretrace_lost_events_total{role=\"a\",source=\"syscount-all\""),
		  "%s", scraped);
	cr_expect(strstr(scraped, "coretrace_lost_events_total{source=\"syscount-failed\""), "%s",
		  scraped);
	free(scraped);
	tool_free(&ra);
	tool_free(&rb);
}

#define N_OPENS 33

static void opens_loop(void *arg)
{
	for (int i = 0; i < N_OPENS; i++) {
		int fd = open("/nonexistent/coretrace-metrics", O_RDONLY);

		if (fd >= 0)
			close(fd);
		fd = open("/dev/null", O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
}

Test(openmetrics, opensnoop_opens_by_comm_and_result)
{
	char expect[2][256], *text;

	snprintf(
		expect[0], sizeof(expect[0]),
		"coretrace_opensnoop_opens_total{source=\"opensnoop\",comm=\"%s\",result=\"ENOENT\"} "
		"%d\n",
		own_comm(), N_OPENS);
	snprintf(
		expect[1], sizeof(expect[1]),
		"coretrace_opensnoop_opens_total{source=\"opensnoop\",comm=\"%s\",result=\"ok\"} %d\n",
		own_comm(), N_OPENS);
	text = metrics_of("opensnoop", opens_loop, "opensnoop.prom", expect[0]);
	cr_expect(strstr(text, expect[1]), "%s not in:\n%s", expect[1], text);
	free(text);
}

#define N_SIGNALS 21

static void signals_loop(void *arg)
{
	signal(SIGUSR1, SIG_IGN);
	for (int i = 0; i < N_SIGNALS; i++)
		kill(getpid(), SIGUSR1);
}

Test(openmetrics, sigsnoop_signals_by_signal_and_result)
{
	char expect[256], *text;

	snprintf(expect, sizeof(expect),
		 "coretrace_sigsnoop_signals_total{source=\"sigsnoop\",signal=\"SIGUSR1\","
		 "result=\"ignored\"} %d\n",
		 N_SIGNALS);
	text = metrics_of("sigsnoop", signals_loop, "sigsnoop.prom", expect);
	free(text);
}

/* sslsnoop as a metrics source: --no-data only, never plaintext. */
Test(openmetrics, sslsnoop_calls_and_bytes_without_plaintext)
{
	char path[600], flood[4096], expect[2][256], cmd[4200], *text;
	const char *argv[] = {
		"--binary", flood, "--no-data", "--prometheus", path, "--metrics-interval",
		"1",	    "-q",  NULL
	};
	const char *with_data[] = { "--prometheus", path, NULL };
	struct tool_run r;

	snprintf(flood, sizeof(flood), "%s/../tests/progs/ssl_flood", getenv("CORETRACE_BIN"));
	snprintf(path, sizeof(path), "%s/sslsnoop.prom", dir);
	cr_expect_eq(tool_run_once(&r, "sslsnoop", with_data, 10), 2,
		     "--prometheus without --no-data");
	tool_free(&r);
	tool_start(&r, "sslsnoop", argv);
	snprintf(cmd, sizeof(cmd), "%s 40", flood);
	cr_assert_eq(system(cmd), 0);
	snprintf(expect[0], sizeof(expect[0]),
		 "coretrace_sslsnoop_calls_total{source=\"sslsnoop\",library=\"openssl\","
		 "func=\"SSL_write\"} 40\n");
	snprintf(expect[1], sizeof(expect[1]),
		 "coretrace_sslsnoop_bytes_total{source=\"sslsnoop\",library=\"openssl\","
		 "func=\"SSL_write\"} %d\n",
		 40 * 64);
	text = wait_file_has(path, expect[0], 10);
	promtool_accepts(path);
	cr_expect(strstr(text, expect[1]), "%s not in:\n%s", expect[1], text);
	cr_expect(strstr(text, "# TYPE coretrace_sslsnoop_seconds histogram\n"), "%s", text);
	cr_assert_eq(tool_finish(&r, SIGINT, 45), 0, "%s", r.err);
	cr_expect_eq(r.out_len, 0, "-q printed: %s", r.out);
	free(text);
	tool_free(&r);
}

/* --- the whole way: tool -> file -> node_exporter -> Prometheus -> PromQL */

static pid_t spawn_quiet(const char *const argv[])
{
	pid_t pid = fork();

	cr_assert(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(devnull, 1);
		dup2(devnull, 2);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* The one value of PromQL @expr (URL-safe), or -1. */
static double promql(int port, const char *expr)
{
	char q[1200], *body, *v;
	double value = -1;

	snprintf(q, sizeof(q), "/api/v1/query?query=%s", expr);
	body = http_get(port, q);
	v = body ? jq(body, ".data.result[0].value[1] | tonumber") : NULL;
	if (v)
		value = strtod(v, NULL);
	free(v);
	free(body);
	return value;
}

static void steady_calls(void *arg)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	signal(SIGUSR1, SIG_IGN);
	for (int i = 0; i < 1000; i++) { /* ~10 s */
		for (int k = 0; k < 10; k++)
			syscall(SYS_getppid);
		kill(getpid(), SIGUSR1);
		nanosleep(&tick, NULL);
	}
}

Test(openmetrics, prometheus_answers_promql_about_the_workload, .timeout = 120)
{
	char sys_prom[600], sig_prom[600], bio_prom[600], pid[16], disk[64], textfile[700];
	char listen_ne[64], listen_p[64], config[600], tsdb[600], cfg_target[64];
	int ne_port = 21000 + getpid() % 10000, p_port = ne_port + 1;
	const char *sys_argv[] = { "-p", pid, "-i", "1", "--prometheus", sys_prom, "-q", NULL };
	const char *sig_argv[] = { "--target",		 pid, "--prometheus", sig_prom,
				   "--metrics-interval", "1", "-q",	      NULL };
	const char *bio_argv[] = { "-d", disk, "--prometheus", bio_prom, "-q", "1", NULL };
	struct tool_run sys, sig, bio;
	struct loopdev dev;
	struct workload w;
	pid_t ne, prom;
	double rate_sys, rate_sig, p50;
	FILE *f;

	snprintf(sys_prom, sizeof(sys_prom), "%s/e2e-syscount.prom", dir);
	snprintf(sig_prom, sizeof(sig_prom), "%s/e2e-sigsnoop.prom", dir);
	snprintf(bio_prom, sizeof(bio_prom), "%s/e2e-biolatency.prom", dir);
	snprintf(config, sizeof(config), "%s/prometheus.yml", dir);
	snprintf(tsdb, sizeof(tsdb), "--storage.tsdb.path=%s/tsdb", dir);
	snprintf(textfile, sizeof(textfile), "--collector.textfile.directory=%s", dir);
	snprintf(listen_ne, sizeof(listen_ne), "--web.listen-address=127.0.0.1:%d", ne_port);
	snprintf(listen_p, sizeof(listen_p), "--web.listen-address=127.0.0.1:%d", p_port);
	snprintf(cfg_target, sizeof(cfg_target), "127.0.0.1:%d", ne_port);
	f = fopen(config, "w");
	cr_assert_not_null(f);
	fprintf(f,
		"global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
		"scrape_configs:\n  - job_name: node\n    static_configs: [{targets: ['%s']}]\n",
		cfg_target);
	fclose(f);
	{
		const char *ne_argv[] = { "prometheus-node-exporter",
					  "--collector.disable-defaults",
					  "--collector.textfile",
					  textfile,
					  listen_ne,
					  NULL };
		char cfg_flag[700];

		snprintf(cfg_flag, sizeof(cfg_flag), "--config.file=%s", config);
		{
			const char *p_argv[] = { "prometheus", cfg_flag, tsdb, listen_p, NULL };

			ne = spawn_quiet(ne_argv);
			prom = spawn_quiet(p_argv);
		}
	}
	loopdev_create(&dev, 8);
	snprintf(disk, sizeof(disk), "%s", dev.name);
	workload_start(&w, steady_calls, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&sys, "syscount", sys_argv);
	tool_start(&sig, "sigsnoop", sig_argv);
	tool_start(&bio, "biolatency", bio_argv);
	workload_go(&w);
	loopdev_direct_writes(&dev, 200);
	sleep(8); /* the workload runs on: several scrapes of a rising count */
	rate_sys =
		promql(p_port, "rate(coretrace_syscalls_total%7Bsyscall=%22getppid%22%7D%5B4s%5D)");
	rate_sig = promql(
		p_port, "rate(coretrace_sigsnoop_signals_total%7Bsignal=%22SIGUSR1%22%7D%5B4s%5D)");
	p50 = promql(
		p_port,
		"histogram_quantile(0.5,sum%20by%20(le)(coretrace_biolatency_seconds_bucket))");
	cr_assert_eq(workload_wait(&w), 0);
	cr_expect_eq(tool_finish(&sys, SIGINT, 10), 0, "%s", sys.err);
	cr_expect_eq(tool_finish(&sig, SIGINT, 10), 0, "%s", sig.err);
	cr_expect_eq(tool_finish(&bio, SIGINT, 10), 0, "%s", bio.err);
	kill(prom, SIGTERM);
	kill(ne, SIGTERM);
	waitpid(prom, NULL, 0);
	waitpid(ne, NULL, 0);
	loopdev_destroy(&dev);
	/* The workload makes ~1000 getppid and ~100 SIGUSR1 a second (less on
	 * a loaded machine: a tick is 10 ms plus the calls). */
	cr_expect(rate_sys > 300 && rate_sys < 1100, "rate of getppid: %f", rate_sys);
	cr_expect(rate_sig > 30 && rate_sig < 110, "rate of SIGUSR1: %f", rate_sig);
	/* Direct 4 KiB writes to a loop device: well under a second each. */
	cr_expect(p50 > 0 && p50 < 1, "p50 of block I/O: %f s", p50);
	tool_free(&sys);
	tool_free(&sig);
	tool_free(&bio);
}
