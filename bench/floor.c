// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Loader for bench/floor.bpf.c: attach, say so, wait for Ctrl-C.
 * "floor -L": sys_enter too, the floor of a tool that needs both hooks.
 * "floor -LT": both hooks, each reading the clock: the floor of timing.
 * "floor -B": block_rq_issue and block_rq_complete, the floor of biolatency.
 * "floor -S": signal_generate, the floor of sigsnoop. */
#include <errno.h>
#include <string.h>

#include "args.h"
#include "tracer.h"

#include "floor.skel.h"

int main(int argc, char **argv)
{
	struct common_args args = {};
	struct floor_bpf *skel = NULL;
	struct tracer t;
	int err;

	err = tracer_init(&t, "floor", &args);
	if (err)
		return tracer_exit_status(err);
	skel = floor_bpf__open();
	if (skel) {
		const char *mode = argc > 1 ? argv[1] : "";
		bool clock = strcmp(mode, "-LT") == 0, block = strcmp(mode, "-B") == 0;
		bool signal = strcmp(mode, "-S") == 0;

		bpf_program__set_autoload(skel->progs.floor_sys_enter, strcmp(mode, "-L") == 0);
		bpf_program__set_autoload(skel->progs.floor_sys_exit, !clock && !block && !signal);
		bpf_program__set_autoload(skel->progs.floor_signal_generate, signal);
		bpf_program__set_autoload(skel->progs.floor_sys_enter_clock, clock);
		bpf_program__set_autoload(skel->progs.floor_sys_exit_clock, clock);
		bpf_program__set_autoload(skel->progs.floor_block_issue, block);
		bpf_program__set_autoload(skel->progs.floor_block_complete, block);
		if (floor_bpf__load(skel)) {
			floor_bpf__destroy(skel);
			skel = NULL;
		}
	}
	if (!skel) {
		err = tracer_load_error(&t, "load BPF programs", -errno);
		goto cleanup;
	}
	err = floor_bpf__attach(skel);
	if (err) {
		tracer_load_error(&t, "attach", err);
		goto cleanup;
	}
	tracer_ready(&t, "the floor (count only)");
	tracer_sleep(365.0 * 86400);
cleanup:
	floor_bpf__destroy(skel);
	return tracer_exit_status(err);
}
