// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * --openmetrics: the file passes promtool's checks, carries the values the
 * workload made, and a real node_exporter serves them from its textfile
 * collector (on loopback).
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
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

/* GET http://127.0.0.1:@port/metrics; the body (malloc'd) or NULL. */
static char *http_get_metrics(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	const char req[] = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
	char *buf = NULL, chunk[8192];
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
	cr_assert_eq(write(fd, req, sizeof(req) - 1), (ssize_t)sizeof(req) - 1);
	m = open_memstream(&buf, &len);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		fwrite(chunk, 1, (size_t)n, m);
	fclose(m);
	close(fd);
	return buf;
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

		body = http_get_metrics(port);
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
	const char *argv[] = { "-p", pid, "--openmetrics", path, NULL };
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
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "%s", r.err);

	cr_assert_eq(stat(path, &st), 0, "no metrics file written");
	cr_expect_eq(st.st_mode & 0777, 0644);
	promtool_accepts(path);
	text = read_file(path);
	snprintf(expect, sizeof(expect), "coretrace_syscalls_total{syscall=\"getppid\"} %d\n",
		 N_CALLS);
	cr_expect(strstr(text, expect), "%s not in:\n%s", expect, text);
	cr_expect(strstr(text, "# TYPE coretrace_syscalls_total counter\n"), "%s", text);
	cr_expect(strstr(text, "coretrace_lost_events_total{tool=\"syscount\"} 0\n"), "%s", text);

	scraped = scrape_node_exporter();
	cr_expect(strstr(scraped, expect), "node_exporter does not serve %s:\n%s", expect, scraped);
	free(scraped);
	free(text);
	tool_free(&r);
}

Test(openmetrics, biolatency_histogram_is_cumulative_and_valid)
{
	char path[600], name[64], line[256];
	const char *argv[] = { "-D", "-d", name, "--openmetrics", path, "1", NULL };
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
	cr_assert_eq(tool_finish(&r, SIGINT, 10), 0, "%s", r.err);
	loopdev_destroy(&dev);

	promtool_accepts(path);
	text = read_file(path);
	snprintf(line, sizeof(line), "coretrace_biolatency_seconds_count{disk=\"%s\"} ", name);
	cr_assert(strstr(text, line), "%s not in:\n%s", line, text);
	count = strtoull(strstr(text, line) + strlen(line), NULL, 10);
	cr_expect_geq(count, 100, "%s", text);
	snprintf(line, sizeof(line),
		 "coretrace_biolatency_seconds_bucket{disk=\"%s\",le=\"+Inf\"} ", name);
	inf = strstr(text, line);
	cr_assert_not_null(inf, "%s", text);
	inf_count = strtoull(inf + strlen(line), NULL, 10);
	cr_expect_eq(inf_count, count, "+Inf bucket must equal _count");
	cr_expect(strstr(text, "# TYPE coretrace_biolatency_seconds histogram\n"), "%s", text);

	scraped = scrape_node_exporter();
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

/* Run @tool -p CHILD --openmetrics FILE over @fn; returns FILE's text. */
static char *metrics_of(const char *tool, void (*fn)(void *), const char *file)
{
	char path[600], pid[16];
	const char *argv[] = { "-p", pid, "--openmetrics", path, NULL };
	struct workload w;
	struct tool_run r;
	char *text;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	workload_start(&w, fn, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&r, tool, argv);
	workload_go(&w);
	cr_assert_eq(workload_wait(&w), 0);
	/* Streaming tools read their ring buffer at least every 0.1 s. */
	usleep(300 * 1000);
	cr_assert_eq(tool_finish(&r, SIGINT, 20), 0, "%s", r.err);
	tool_free(&r);
	promtool_accepts(path);
	text = read_file(path);
	return text;
}

Test(openmetrics, gethostlatency_histogram_by_comm_and_result)
{
	char *text = metrics_of("gethostlatency", lookup_loop, "gethostlatency.prom");
	char expect[256], *scraped;

	snprintf(expect, sizeof(expect),
		 "coretrace_gethostlatency_seconds_count{comm=\"%s\",result=\"ok\"} %d\n",
		 own_comm(), N_LOOKUPS);
	cr_expect(strstr(text, expect), "%s not in:\n%s", expect, text);
	cr_expect(strstr(text, "# TYPE coretrace_gethostlatency_seconds histogram\n"), "%s", text);
	scraped = scrape_node_exporter();
	cr_expect(strstr(scraped, expect), "node_exporter does not serve %s", expect);
	free(scraped);
	free(text);
}

Test(openmetrics, udplife_counters_by_comm)
{
	char *text = metrics_of("udplife", udp_loop, "udplife.prom");
	char expect[256];

	snprintf(expect, sizeof(expect), "coretrace_udplife_sockets_total{comm=\"%s\"} %d\n",
		 own_comm(), N_SOCKETS);
	cr_expect(strstr(text, expect), "%s not in:\n%s", expect, text);
	snprintf(expect, sizeof(expect), "coretrace_udplife_tx_bytes_total{comm=\"%s\"} %d\n",
		 own_comm(), N_SOCKETS * DGRAM_LEN);
	cr_expect(strstr(text, expect), "%s not in:\n%s", expect, text);
	snprintf(expect, sizeof(expect),
		 "coretrace_udplife_lifetime_seconds_count{comm=\"%s\"} %d\n", own_comm(),
		 N_SOCKETS);
	cr_expect(strstr(text, expect), "%s not in:\n%s", expect, text);
	free(text);
}
