// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Printers of gethostlatency and sslsnoop, byte for byte. */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tools/gethostlatency.h"
#include "tools/sslsnoop.h"

static char *capture_text(const unsigned char *data, size_t n, bool hex)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (hex)
		sslsnoop_print_hexdump(f, data, n);
	else
		sslsnoop_print_text(f, data, n);
	fclose(f);
	return buf;
}

Test(sslsnoop_print, text_keeps_lines_and_escapes_the_rest)
{
	static const unsigned char data[] = "GET / HTTP/1.1\r\nHost: a\\b\n\x00\x01\xff"
					    "end";
	char *out = capture_text(data, sizeof(data) - 1, false);

	cr_expect_str_eq(out, "GET / HTTP/1.1\\x0d\nHost: a\\\\b\n\\x00\\x01\\xffend\n");
	free(out);
	out = capture_text((const unsigned char *)"x\n", 2, false);
	cr_expect_str_eq(out, "x\n", "no extra newline after one that ends the data");
	free(out);
}

Test(sslsnoop_print, hexdump)
{
	static const unsigned char data[] = "0123456789abcdef\x01Z";
	char *out = capture_text(data, sizeof(data) - 1, true);

	cr_expect_str_eq(out, "0000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  "
			      "|0123456789abcdef|\n"
			      "0010  01 5a                                             |.Z|\n");
	free(out);
}

Test(gethostlatency_print, result_names)
{
	struct ghl_event e = {};
	char buf[32];

	e.status = GHL_OK;
	cr_expect_str_eq(gethostlatency_result(&e, buf, sizeof(buf)), "ok");
	e.status = GHL_EAI, e.code = -2;
	cr_expect_str_eq(gethostlatency_result(&e, buf, sizeof(buf)), "EAI_NONAME");
	e.code = -8;
	cr_expect_str_eq(gethostlatency_result(&e, buf, sizeof(buf)), "EAI_SERVICE");
	e.code = -99;
	cr_expect_str_eq(gethostlatency_result(&e, buf, sizeof(buf)), "EAI_-99");
	e.status = GHL_HERRNO, e.code = 1;
	cr_expect_str_eq(gethostlatency_result(&e, buf, sizeof(buf)), "HOST_NOT_FOUND");
	e.code = 2;
	cr_expect_str_eq(gethostlatency_result(&e, buf, sizeof(buf)), "TRY_AGAIN");
	e.status = GHL_ERRNO, e.code = 34;
	cr_expect_str_eq(gethostlatency_result(&e, buf, sizeof(buf)), "ERANGE");
	e.status = GHL_FAILED;
	cr_expect_str_eq(gethostlatency_result(&e, buf, sizeof(buf)), "failed");
}

static char *print_event(const struct ghl_event *e, size_t size, bool json)
{
	struct emitter em;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	setenv("TZ", "UTC", 1);
	tzset();
	gethostlatency_init_emitter(&em, f, json, false);
	gethostlatency_print_event(&em, e, size, 3600.25);
	fclose(f);
	return buf;
}

Test(gethostlatency_print, text_and_json_rows)
{
	struct ghl_event e = { .lat_ns = 1234567, .pid = 42, .tid = 43, .naddrs = 2 };
	size_t size;
	char *out;

	strcpy(e.comm, "curl");
	strcpy(e.host, "example.org");
	e.host_len = 11;
	e.func = GHL_GETADDRINFO;
	size = offsetof(struct ghl_event, host) + 12;
	out = print_event(&e, size, false);
	cr_expect_str_eq(out, "01:00:00 42      curl                  1.235 ok(2)          "
			      "example.org\n");
	free(out);
	out = print_event(&e, size, true);
	cr_expect_str_eq(out, "{\"type\":\"event\",\"ts\":3600.250000,\"pid\":42,\"comm\":\"curl\","
			      "\"lat_ms\":1.235,\"result\":\"ok\",\"host\":\"example.org\","
			      "\"func\":\"getaddrinfo\",\"addrs\":2,\"addrs_truncated\":false,"
			      "\"tid\":43}\n");
	free(out);
	/* A list longer than the BPF side reads: at least N. */
	e.naddrs = 86;
	e.naddrs_more = 1;
	out = print_event(&e, size, false);
	cr_expect(strstr(out, " ok(>=86) "), "%s", out);
	free(out);
	out = print_event(&e, size, true);
	cr_expect(strstr(out, "\"addrs\":86,\"addrs_truncated\":true,"), "%s", out);
	free(out);
	e.naddrs = 2;
	e.naddrs_more = 0;
	/* A record shorter than host_len says: only what arrived is printed. */
	out = print_event(&e, offsetof(struct ghl_event, host) + 4, false);
	cr_expect(strstr(out, " exam\n"), "%s", out);
	free(out);
	cr_expect_eq(gethostlatency_print_event(NULL, &e, 8, 0), -EINVAL);
}

/* A call that ended just before the clock started shows at 0 s. */
Test(sslsnoop_print, time_never_below_zero)
{
	static struct {
		struct sslsnoop_event e;
	} rec;
	struct sslsnoop_printer p = { .start_ns = 5000000000ULL };
	char *buf = NULL;
	size_t len = 0;

	rec.e.func = SSLF_SSL_READ;
	rec.e.kind = SSLK_DATA;
	rec.e.end_ns = 4999000000ULL;
	memcpy(rec.e.comm, "curl", 5);
	p.out = open_memstream(&buf, &len);
	cr_assert_eq(sslsnoop_print_event(&p, &rec, sizeof(rec), 1.5), 0);
	rec.e.end_ns = 6500000000ULL;
	cr_assert_eq(sslsnoop_print_event(&p, &rec, sizeof(rec), 1.5), 0);
	fclose(p.out);
	cr_expect(strstr(buf, " 0.000000 "), "%s", buf);
	cr_expect(strstr(buf, " 1.500000 "), "%s", buf);
	cr_expect(!strstr(buf, "18446744073"), "%s", buf);
	free(buf);
}

/* JSON data events: the bytes as a string, what was cut, and whether the
 * buffer could be read, always as true or false. */
Test(sslsnoop_print, json_data_event)
{
	static struct {
		struct sslsnoop_event e;
	} rec;
	struct sslsnoop_printer p = { .json = true };
	char *buf = NULL;
	size_t len = 0;

	rec.e.func = SSLF_SSL_WRITE;
	rec.e.kind = SSLK_DATA;
	rec.e.pid = 7;
	rec.e.len = 10;
	rec.e.captured = 4;
	rec.e.lat_ns = 1500000;
	memcpy(rec.e.comm, "curl", 5);
	memcpy(rec.e.data, "\xc3\xa9t\xc3", 4); /* "ét" and a cut sequence */
	p.out = open_memstream(&buf, &len);
	cr_assert_eq(sslsnoop_print_event(&p, &rec, sizeof(rec), 1.5), 0);
	rec.e.read_failed = 1;
	rec.e.captured = 0;
	cr_assert_eq(sslsnoop_print_event(&p, &rec, sizeof(rec), 2.5), 0);
	fclose(p.out);
	cr_expect(strstr(buf,
			 ",\"data\":\"\xc3\xa9t\\\\xc3\",\"truncated\":6,\"unreadable\":false}\n"),
		  "%s", buf);
	cr_expect(strstr(buf, ",\"data\":\"\",\"truncated\":10,\"unreadable\":true}\n"), "%s", buf);
	free(buf);
}
