// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* udplife's pure parts: option parsing, port lists, rows from events. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup2.h"
#include "tools/udplife.h"

#define ARGV(...) ((char *[]){ "udplife", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "udplife", __VA_ARGS__ }) / sizeof(char *)))

static struct udplife_env env;

static bool port_set(const unsigned char *bits, unsigned int port)
{
	return bits[port >> 3] & (1U << (port & 7));
}

Test(udplife_ports, list_sets_exactly_those_ports)
{
	static unsigned char bits[8192];
	unsigned int p, n = 0;

	cr_assert_eq(udplife_parse_ports("53,0,65535,8125", bits), 0);
	for (p = 0; p < 65536; p++)
		n += port_set(bits, p);
	cr_expect_eq(n, 4);
	cr_expect(port_set(bits, 53) && port_set(bits, 0) && port_set(bits, 65535) &&
		  port_set(bits, 8125));
}

Test(udplife_ports, junk_is_refused)
{
	static unsigned char bits[8192];
	const char *bad[] = { "", ",", "53,", ",53", "65536", "-1", "5x", "53,,54", " 53" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(udplife_parse_ports(bad[i], bits), -EINVAL, "'%s' accepted", bad[i]);
}

Test(udplife_args, methods_by_name)
{
	cr_expect_eq(udplife_method_value("cgroup"), UDPLIFE_CGROUP);
	cr_expect_eq(udplife_method_value("fentry"), UDPLIFE_FENTRY);
	cr_expect_eq(udplife_method_value("kprobe"), UDPLIFE_KPROBE);
	cr_expect_eq(udplife_method_value("auto"), 0);
	cr_expect_lt(udplife_method_value("uprobe"), 0);
}

Test(udplife_args, valid_options_parse)
{
	cr_expect_eq(udplife_parse_args(ARGC("-p", "1", "-4", "-L", "53,123", "-D", "53", "-T",
					     "-w", "-j", "--method", "kprobe", "-b", "64K"),
					ARGV("-p", "1", "-4", "-L", "53,123", "-D", "53", "-T",
					     "-w", "-j", "--method", "kprobe", "-b", "64K"),
					&env),
		     0);
	cr_expect_eq(env.filter.pid, 1);
	cr_expect(env.ipv4 && !env.ipv6 && env.timestamp && env.wide && env.common.json);
	cr_expect_eq(env.method, UDPLIFE_KPROBE);
	cr_expect_eq(env.common.buffer, 64 << 10);
	cr_expect(env.lports_on && port_set(env.lports, 53) && port_set(env.lports, 123));
	cr_expect(!port_set(env.lports, 54));
	cr_expect(env.rports_on && port_set(env.rports, 53) && !port_set(env.rports, 123));
	cr_expect_null(env.metrics.path);
}

Test(udplife_args, both_families_is_a_usage_error, .exit_code = 2)
{
	udplife_parse_args(ARGC("-4", "-6"), ARGV("-4", "-6"), &env);
}

Test(udplife_args, bad_port_list_is_a_usage_error, .exit_code = 2)
{
	udplife_parse_args(ARGC("-D", "53,x"), ARGV("-D", "53,x"), &env);
}

Test(udplife_args, bad_method_env_is_a_usage_error, .exit_code = 2)
{
	setenv("UDPLIFE_METHOD", "bogus", 1);
	udplife_parse_args(ARGC("-j"), ARGV("-j"), &env);
}

Test(udplife_args, stray_argument_is_a_usage_error, .exit_code = 2)
{
	udplife_parse_args(ARGC("5"), ARGV("5"), &env);
}

static struct udplife_event v4_event(void)
{
	struct udplife_event e = {
		.start_ns = 1000000000ULL,
		.end_ns = 1012345678ULL, /* 12.345678 ms */
		.tx_b = 600,
		.rx_b = 120,
		.pid = 4242,
		.family = AF_INET,
		.rfamily = AF_INET,
		.lport = 40000,
		.rport = 53,
	};

	inet_pton(AF_INET, "127.0.0.1", e.laddr);
	inet_pton(AF_INET, "10.1.2.3", e.raddr);
	memcpy(e.comm, "dig", 4);
	memcpy(e.thread, "isc-net-0000", 13);
	return e;
}

static char *render(const struct udplife_event *e, bool json, bool wide)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	struct udplife_out out;
	struct udplife_row row;

	cr_assert_not_null(f);
	udplife_out_init(&out, f, json, false, wide);
	udplife_print_header(&out);
	udplife_event_to_row(e, 1700000000.5, &row);
	udplife_print_row(&out, &row);
	fclose(f);
	return buf;
}

Test(udplife_print, text_row)
{
	struct udplife_event e = v4_event();
	char *s = render(&e, false, false);

	cr_expect_str_eq(s, "PID     COMM             LADDR           LPORT RADDR           RPORT "
			    "      TX_B       RX_B         MS\n"
			    "4242    dig              127.0.0.1       40000 10.1.2.3           53 "
			    "       600        120      12.35\n");
	free(s);
}

Test(udplife_print, json_row)
{
	struct udplife_event e = v4_event();
	char *s = render(&e, true, false);

	cr_expect_str_eq(
		s,
		"{\"type\":\"event\",\"ts\":1700000000.500000,\"pid\":4242,\"comm\":"
		"\"dig\",\"thread\":\"isc-net-0000\",\"laddr\":\"127.0.0.1\",\"lport\":40000,\"raddr\":\"10.1.2.3\","
		"\"rport\":53,\"tx_b\":600,\"rx_b\":120,\"lifetime_ms\":12.346,\"partial\":false}\n");
	free(s);
}

Test(udplife_print, no_peer_and_partial_are_marked)
{
	struct udplife_event e = v4_event();
	char *s;

	e.rfamily = 0;
	e.partial = 1;
	s = render(&e, false, false);
	cr_expect(strstr(s, "40000 *                   *        600        120     12.35*\n"), "%s",
		  s);
	free(s);
	s = render(&e, true, false);
	cr_expect(strstr(s, "\"raddr\":\"*\",\"rport\":0,"), "%s", s);
	cr_expect(strstr(s, "\"partial\":true}"), "%s", s);
	free(s);
}

Test(udplife_print, v4_peer_of_v6_socket_is_mapped)
{
	struct udplife_event e = v4_event();
	char *s;

	e.family = AF_INET6;
	memset(e.laddr, 0, sizeof(e.laddr)); /* :: */
	s = render(&e, true, true);
	cr_expect(strstr(s, "\"laddr\":\"::\""), "%s", s);
	cr_expect(strstr(s, "\"raddr\":\"::ffff:10.1.2.3\""), "%s", s);
	free(s);
}

Test(udplife_cgroup2, finds_the_hybrid_mount)
{
	const char *info =
		"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
		"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
		"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw\n";
	char path[256];

	cr_assert_eq(cgroup2_find_mount(info, path, sizeof(path)), 0);
	cr_expect_str_eq(path, "/sys/fs/cgroup/unified");
}

Test(udplife_cgroup2, decodes_escapes_and_reports_none)
{
	const char *info = "41 31 0:38 / /run/my\\040cg rw - cgroup2 none rw\n";
	const char *none = "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n";
	char path[256];

	cr_assert_eq(cgroup2_find_mount(info, path, sizeof(path)), 0);
	cr_expect_str_eq(path, "/run/my cg");
	cr_expect_eq(cgroup2_find_mount(none, path, sizeof(path)), -ENOENT);
}
