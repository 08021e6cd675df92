// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Option parsing of every tool, through its NAME_parse_args(): a valid
 * command line fills the options struct with exactly what it says; a bad
 * one exits with 2 (Criterion runs every test in its own process).
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parse_args.h"
#include "tools/biolatency.h"
#include "tools/gethostlatency.h"
#include "tools/opensnoop.h"
#include "tools/sigsnoop.h"
#include "tools/sslsnoop.h"
#include "tools/syscount.h"
#include "tools/udplife.h"

Test(syscount_args, valid_options_parse)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "-p", "1", "-t", "2", "-T", "5", "-L", "-x", "-e",
	      "ENOENT", "-i", "2", "-d", "10", "-P", "-m", "-j", "-c", "/sys/fs/cgroup/x",
	      "--openmetrics", "/tmp/m.prom", "--label", "team=storage", "--max-series", "20",
	      "-q");
	cr_expect_eq(env.filter.pid, 1);
	cr_expect_eq(env.filter.tid, 2);
	cr_expect_str_eq(env.filter.cgroup, "/sys/fs/cgroup/x");
	cr_expect_eq(env.top, 5);
	cr_expect(env.latency && env.failures && env.per_process && env.milliseconds);
	cr_expect_eq(env.errno_filter, 2);
	cr_expect_eq(env.interval, 2);
	cr_expect_eq(env.common.duration, 10);
	cr_expect(env.common.json);
	cr_expect_str_eq(env.metrics.path, "/tmp/m.prom", "--openmetrics is --prometheus");
	cr_expect_eq(env.metrics.nlabels, 1);
	cr_expect_str_eq(env.metrics.labels[0].key, "team");
	cr_expect_str_eq(env.metrics.labels[0].value, "storage");
	cr_expect_eq(env.metrics.max_series, 20);
	cr_expect(env.metrics.quiet);
	cr_expect_eq(env.metrics.period, 10);
}

Test(metrics_args, defaults_and_interval)
{
	struct biolatency_env env;

	PARSE(biolatency_parse_args, &env, "--prometheus", "/tmp/b.prom", "--metrics-interval",
	      "3");
	cr_expect_str_eq(env.metrics.path, "/tmp/b.prom");
	cr_expect_eq(env.metrics.max_series, 100);
	cr_expect_eq(env.metrics.period, 3);
	cr_expect(!env.metrics.quiet);
	cr_expect_eq(env.metrics.nlabels, 0);
}

Test(metrics_args, quiet_needs_a_file, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "-q");
}

Test(metrics_args, a_label_needs_key_and_value, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "--prometheus", "/tmp/m", "--label", "novalue");
}

Test(metrics_args, a_label_may_not_take_a_name_of_ours, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "--prometheus", "/tmp/m", "--label", "comm=x");
}

Test(metrics_args, a_label_name_is_a_prometheus_name, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "--prometheus", "/tmp/m", "--label", "my-team=x");
}

Test(metrics_args, zero_series_is_a_usage_error, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "--prometheus", "/tmp/m", "--max-series", "0");
}

Test(syscount_args, defaults)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "-v", "-v");
	cr_expect_eq(env.top, 10);
	cr_expect_eq(env.common.verbose, 2);
	cr_expect(!env.latency && !env.common.json && !env.filter.cgroup && !env.filter.pid);
}

Test(syscount_args, negative_pid_is_a_usage_error, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "-p", "-5");
}

Test(syscount_args, zero_top_is_a_usage_error, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "-T", "0");
}

Test(syscount_args, overflowing_interval_is_a_usage_error, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "-i", "99999999999999999999");
}

Test(syscount_args, unknown_errno_is_a_usage_error, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "-e", "ENOTANERRNO");
}

Test(syscount_args, stray_argument_is_a_usage_error, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "5");
}

Test(syscount_args, no_buffer_option, .exit_code = 2)
{
	struct syscount_env env;

	PARSE(syscount_parse_args, &env, "-b", "64K");
}

Test(biolatency_args, interval_and_count_parse)
{
	struct biolatency_env env;

	PARSE(biolatency_parse_args, &env, "-D", "-F", "-Q", "-m", "-T", "-d", "vda", "-c",
	      "/sys/fs/cgroup/app", "1", "5");
	cr_expect(env.per_disk && env.per_flag && env.queued && env.ms && env.timestamp);
	cr_expect_str_eq(env.disk, "vda");
	cr_expect_str_eq(env.filter.cgroup, "/sys/fs/cgroup/app");
	cr_expect_eq(env.interval, 1);
	cr_expect_eq(env.count, 5);
}

Test(biolatency_args, zero_interval_is_a_usage_error, .exit_code = 2)
{
	struct biolatency_env env;

	PARSE(biolatency_parse_args, &env, "0");
}

Test(biolatency_args, junk_count_is_a_usage_error, .exit_code = 2)
{
	struct biolatency_env env;

	PARSE(biolatency_parse_args, &env, "1", "x");
}

Test(biolatency_args, third_positional_is_a_usage_error, .exit_code = 2)
{
	struct biolatency_env env;

	PARSE(biolatency_parse_args, &env, "1", "2", "3");
}

Test(biolatency_args, empty_disk_is_a_usage_error, .exit_code = 2)
{
	struct biolatency_env env;

	PARSE(biolatency_parse_args, &env, "-d", "");
}

Test(biolatency_args, no_pid_filter, .exit_code = 2)
{
	struct biolatency_env env;

	PARSE(biolatency_parse_args, &env, "-p", "1");
}

Test(opensnoop_args, valid_options_parse)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "-T", "-U", "-x", "-p", "3", "-t", "4", "-u", "0", "-c",
	      "/cg", "-n", "nginx", "-e", "-F", "-d", "7", "-b", "1M", "-j");
	cr_expect(env.timestamp && env.print_uid && env.failed && env.extended && env.full_path);
	cr_expect_eq(env.filter.pid, 3);
	cr_expect_eq(env.filter.tid, 4);
	cr_expect(env.filter.uid_on);
	cr_expect_eq(env.filter.uid, 0);
	cr_expect_str_eq(env.filter.cgroup, "/cg");
	cr_expect_str_eq(env.name, "nginx");
	cr_expect_eq(env.common.duration, 7);
	cr_expect_eq(env.common.buffer, 1 << 20);
}

Test(opensnoop_args, root_by_name)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "-u", "root");
	cr_expect(env.filter.uid_on);
	cr_expect_eq(env.filter.uid, 0);
}

Test(opensnoop_args, long_name_is_a_usage_error, .exit_code = 2)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "-n", "a-name-of-16-chr");
}

Test(sigsnoop_args, valid_options_parse)
{
	struct sigsnoop_env env;

	PARSE(sigsnoop_parse_args, &env, "-x", "-k", "-n", "-p", "5", "--target", "6", "-s",
	      "TERM,9,SIGRTMIN+1", "-c", "/cg", "-d", "2", "-b", "8K");
	cr_expect(env.failed && env.syscalls && env.names && env.sig_filter);
	cr_expect_eq(env.filter.pid, 5);
	cr_expect_eq(env.target, 6);
	cr_expect_str_eq(env.filter.cgroup, "/cg");
	cr_expect(env.sigs[15] && env.sigs[9] && env.sigs[35]);
	cr_expect(!env.sigs[2] && !env.sigs[34]);
	cr_expect_eq(env.common.duration, 2);
	cr_expect_eq(env.common.buffer, 8 << 10);
}

Test(sigsnoop_args, no_tid_filter, .exit_code = 2)
{
	struct sigsnoop_env env;

	PARSE(sigsnoop_parse_args, &env, "-t", "1");
}

Test(sslsnoop_args, good_options_parse)
{
	struct sslsnoop_env env;

	PARSE(sslsnoop_parse_args, &env, "-p", "1", "-u", "0", "-c", "curl", "-l", "--handshake",
	      "--hexdump", "--max-bytes", "16384", "--no-data", "--binary", "/bin/true", "--binary",
	      "/bin/false", "--check", "-o", "/tmp/x", "-j", "-b", "8M");
	cr_expect_eq(env.filter.pid, 1);
	cr_expect(env.filter.uid_on);
	cr_expect_eq(env.filter.uid, 0);
	cr_expect_str_eq(env.comm, "curl");
	cr_expect(env.latency && env.handshake && env.hexdump && env.no_data && env.check);
	cr_expect_eq(env.max_bytes, 16384);
	cr_expect_eq(env.nbinaries, 2);
	cr_expect_str_eq(env.binaries[1], "/bin/false");
	cr_expect_str_eq(env.output, "/tmp/x");
	cr_expect_eq(env.common.buffer, 8 << 20);
}

Test(sslsnoop_args, defaults)
{
	struct sslsnoop_env env;

	PARSE(sslsnoop_parse_args, &env, "-j");
	cr_expect_eq(env.max_bytes, 8192);
	cr_expect(!env.filter.uid_on);
	cr_expect_eq(env.common.buffer, 0, "0: the map's own default");
}

Test(sslsnoop_args, max_bytes_zero_is_usage_error, .exit_code = 2)
{
	struct sslsnoop_env env;

	PARSE(sslsnoop_parse_args, &env, "--max-bytes", "0");
}

Test(sslsnoop_args, max_bytes_too_big_is_usage_error, .exit_code = 2)
{
	struct sslsnoop_env env;

	PARSE(sslsnoop_parse_args, &env, "--max-bytes", "16385");
}

Test(sslsnoop_args, long_comm_is_usage_error, .exit_code = 2)
{
	struct sslsnoop_env env;

	PARSE(sslsnoop_parse_args, &env, "-c", "a-command-name-longer-than-15");
}

Test(gethostlatency_args, bad_pid_is_usage_error, .exit_code = 2)
{
	struct gethostlatency_env env;

	PARSE(gethostlatency_parse_args, &env, "-p", "12x");
}

Test(gethostlatency_args, good_options_parse)
{
	struct gethostlatency_env env;

	PARSE(gethostlatency_parse_args, &env, "-p", "1", "-l", "libc", "-l", "/bin/true", "-j",
	      "-v", "--openmetrics", "/tmp/g.prom");
	cr_expect_eq(env.filter.pid, 1);
	cr_expect_eq(env.nlibs, 2);
	cr_expect_str_eq(env.libs[0], "libc");
	cr_expect_str_eq(env.libs[1], "/bin/true");
	cr_expect(env.common.json);
	cr_expect_eq(env.common.verbose, 1);
	cr_expect_str_eq(env.metrics.path, "/tmp/g.prom");
}

Test(gethostlatency_args, no_duration_option, .exit_code = 2)
{
	struct gethostlatency_env env;

	PARSE(gethostlatency_parse_args, &env, "-d", "5");
}

Test(common_args, btf_and_empty_btf)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "--btf", "/tmp/vmlinux");
	cr_expect_str_eq(env.common.btf_path, "/tmp/vmlinux");
}

Test(common_args, empty_btf_is_a_usage_error, .exit_code = 2)
{
	struct opensnoop_env env;

	PARSE(opensnoop_parse_args, &env, "--btf", "");
}

/* -h, --help and --usage print to stdout and exit 0 in every tool. */
Test(common_args, dash_h_is_help, .exit_code = 0)
{
	struct udplife_env *env = calloc(1, sizeof(*env));

	cr_redirect_stdout();
	PARSE(udplife_parse_args, env, "-h");
	cr_assert_fail("-h returned instead of exiting");
}

Test(common_args, dash_V_is_the_version, .exit_code = 0)
{
	struct sigsnoop_env env;

	cr_redirect_stdout();
	PARSE(sigsnoop_parse_args, &env, "-V");
	cr_assert_fail("-V returned instead of exiting");
}

Test(metrics_args, every_tool_takes_prometheus)
{
	struct opensnoop_env o;
	struct sigsnoop_env s;
	struct sslsnoop_env l;

	PARSE(opensnoop_parse_args, &o, "--prometheus", "/tmp/o.prom", "-q");
	cr_expect(o.metrics.quiet && o.metrics.path);
	PARSE(sigsnoop_parse_args, &s, "--prometheus", "/tmp/s.prom", "--label", "dc=eu1");
	cr_expect_str_eq(s.metrics.labels[0].value, "eu1");
	PARSE(sslsnoop_parse_args, &l, "--prometheus", "/tmp/l.prom", "--no-data");
	cr_expect(l.no_data && l.metrics.path);
}

/* A service's metrics must never be where plaintext goes. */
Test(metrics_args, sslsnoop_metrics_need_no_data, .exit_code = 2)
{
	struct sslsnoop_env env;

	PARSE(sslsnoop_parse_args, &env, "--prometheus", "/tmp/l.prom");
}
