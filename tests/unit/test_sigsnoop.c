// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* sigsnoop's signal names, lists, results and rows, without BPF. */
#include <criterion/criterion.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/sigsnoop.h"

Test(sigsnoop_unit, parses_names_numbers_and_realtime_signals)
{
	cr_expect_eq(sigsnoop_parse_signal("TERM"), 15);
	cr_expect_eq(sigsnoop_parse_signal("SIGTERM"), 15);
	cr_expect_eq(sigsnoop_parse_signal("term"), 15);
	cr_expect_eq(sigsnoop_parse_signal("9"), 9);
	cr_expect_eq(sigsnoop_parse_signal("0"), 0);
	cr_expect_eq(sigsnoop_parse_signal("64"), 64);
	cr_expect_eq(sigsnoop_parse_signal("SIGRTMIN"), 34); /* glibc's, not the kernel's 32 */
	cr_expect_eq(sigsnoop_parse_signal("SIGRTMIN+3"), 37);
	cr_expect_eq(sigsnoop_parse_signal("rtmin+30"), 64);
	cr_expect_eq(sigsnoop_parse_signal("RTMAX"), 64);
	cr_expect_eq(sigsnoop_parse_signal("SIGRTMAX-2"), 62);
	cr_expect_eq(sigsnoop_parse_signal("SIGRTMIN+31"), -1); /* past SIGRTMAX */
	cr_expect_lt(sigsnoop_parse_signal("SIGRTMIN+31"), 0);
	cr_expect_lt(sigsnoop_parse_signal("SIGRTMIN-1"), 0);
	cr_expect_lt(sigsnoop_parse_signal("65"), 0);
	cr_expect_lt(sigsnoop_parse_signal("-1"), 0);
	cr_expect_lt(sigsnoop_parse_signal("NOPE"), 0);
	cr_expect_lt(sigsnoop_parse_signal(""), 0);
}

Test(sigsnoop_unit, parses_lists_and_names_the_bad_item)
{
	__u8 set[SIGSNOOP_NSIG] = {};
	char bad[32] = "";
	int i, n = 0;

	cr_assert_eq(sigsnoop_parse_list("TERM,KILL,SIGRTMIN+3", set, bad, sizeof(bad)), 0);
	for (i = 0; i < SIGSNOOP_NSIG; i++)
		n += set[i];
	cr_expect_eq(n, 3);
	cr_expect(set[15] && set[9] && set[37]);
	cr_expect_neq(sigsnoop_parse_list("TERM,BOGUS", set, bad, sizeof(bad)), 0);
	cr_expect_str_eq(bad, "BOGUS");
	cr_expect_neq(sigsnoop_parse_list(",,", set, bad, sizeof(bad)), 0);
}

Test(sigsnoop_unit, names_signals_as_users_write_them)
{
	char buf[32];

	cr_expect_str_eq(sigsnoop_signal_name(15, buf, sizeof(buf)), "SIGTERM");
	cr_expect_str_eq(sigsnoop_signal_name(17, buf, sizeof(buf)), "SIGCHLD");
	cr_expect_str_eq(sigsnoop_signal_name(32, buf, sizeof(buf)), "SIG32");
	cr_expect_str_eq(sigsnoop_signal_name(34, buf, sizeof(buf)), "SIGRTMIN");
	cr_expect_str_eq(sigsnoop_signal_name(37, buf, sizeof(buf)), "SIGRTMIN+3");
	cr_expect_str_eq(sigsnoop_signal_name(64, buf, sizeof(buf)), "SIGRTMAX");
	cr_expect_str_eq(sigsnoop_signal_name(0, buf, sizeof(buf)), "0");
}

Test(sigsnoop_unit, results_from_the_tracepoint_or_the_syscall)
{
	struct sigsnoop_event e = { .source = SIGSNOOP_GENERATE };
	char buf[32];

	e.result = SIGSNOOP_DELIVERED;
	cr_expect_str_eq(sigsnoop_result(&e, buf, sizeof(buf)), "delivered");
	e.result = SIGSNOOP_IGNORED;
	cr_expect_str_eq(sigsnoop_result(&e, buf, sizeof(buf)), "ignored");
	e.result = SIGSNOOP_ALREADY_PENDING;
	cr_expect_str_eq(sigsnoop_result(&e, buf, sizeof(buf)), "pending");
	e.result = SIGSNOOP_OVERFLOW_FAIL;
	cr_expect_str_eq(sigsnoop_result(&e, buf, sizeof(buf)), "overflow");
	e.result = SIGSNOOP_LOSE_INFO;
	cr_expect_str_eq(sigsnoop_result(&e, buf, sizeof(buf)), "lose_info");
	e.result = 9;
	cr_expect_str_eq(sigsnoop_result(&e, buf, sizeof(buf)), "9");
	e.source = SIGSNOOP_KILL;
	e.result = 0;
	cr_expect_str_eq(sigsnoop_result(&e, buf, sizeof(buf)), "0");
	e.result = -3;
	cr_expect_str_eq(sigsnoop_result(&e, buf, sizeof(buf)), "ESRCH");
	e.result = -1;
	cr_expect_str_eq(sigsnoop_result(&e, buf, sizeof(buf)), "EPERM");
}

Test(sigsnoop_unit, prints_columns_and_json)
{
	struct sigsnoop_event e = {
		.pid = 42,
		.tpid = 7,
		.sig = 15,
		.result = 0,
		.source = SIGSNOOP_GENERATE,
		.has_tcomm = 1,
		.comm = "killer",
		.tcomm = "victim",
	};
	struct emitter em;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	sigsnoop_init_emitter(&em, f, false, true, false);
	emit_header(&em);
	sigsnoop_print_event(&em, &e, 0);
	sigsnoop_init_emitter(&em, f, true, false, false);
	e.source = SIGSNOOP_KILL;
	e.has_tcomm = 0;
	e.result = -3;
	sigsnoop_print_event(&em, &e, 1.5);
	/* -n changes the text column only: JSON has the number and the name. */
	sigsnoop_init_emitter(&em, f, true, true, false);
	sigsnoop_print_event(&em, &e, 2.5);
	fclose(f);
	/* TIME depends on the local time zone: compare what follows it. */
	cr_assert(strstr(buf,
			 "TIME         PID COMM             SIG            TPID TCOMM            "
			 "RESULT\n"),
		  "%s", buf);
	cr_expect(strstr(buf, "      42 killer           SIGTERM           7 victim           "
			      "delivered\n"),
		  "%s", buf);
	cr_expect(strstr(buf, "{\"type\":\"event\",\"ts\":1.500000,\"pid\":42,\"comm\":\"killer\","
			      "\"sig\":15,\"signal\":\"SIGTERM\",\"tpid\":7,\"tcomm\":\"?\","
			      "\"result\":\"ESRCH\"}\n"),
		  "%s", buf);
	cr_expect(strstr(buf, "{\"type\":\"event\",\"ts\":2.500000,\"pid\":42,\"comm\":\"killer\","
			      "\"sig\":15,\"signal\":\"SIGTERM\",\"tpid\":7,\"tcomm\":\"?\","
			      "\"result\":\"ESRCH\"}\n"),
		  "%s", buf);
	free(buf);
}

Test(sigsnoop_unit, empty_items_in_a_list_are_errors)
{
	__u8 set[SIGSNOOP_NSIG] = {};
	char bad[32];

	cr_expect_neq(sigsnoop_parse_list("TERM,", set, bad, sizeof(bad)), 0);
	cr_expect_neq(sigsnoop_parse_list("TERM,,KILL", set, bad, sizeof(bad)), 0);
	cr_expect_neq(sigsnoop_parse_list(",TERM", set, bad, sizeof(bad)), 0);
	cr_expect_neq(sigsnoop_parse_list("", set, bad, sizeof(bad)), 0);
}
