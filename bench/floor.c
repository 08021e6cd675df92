// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Loader for bench/floor.bpf.c: attach, say so, wait for Ctrl-C.
 * "floor -L": sys_enter too, the floor of a tool that needs both hooks.
 * "floor -LT": both hooks, each reading the clock: the floor of timing.
 * "floor -B": block_rq_issue and block_rq_complete, the floor of biolatency.
 * "floor -S": signal_generate, the floor of sigsnoop.
 * "floor -U": udplife's hooks (cgroup method), the floor of udplife. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cgroup2.h"
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
		bool signal = strcmp(mode, "-S") == 0, udp = strcmp(mode, "-U") == 0;
		struct bpf_program *p;

		bpf_object__for_each_program(p, skel->obj) bpf_program__set_autoload(p, false);
		bpf_program__set_autoload(skel->progs.floor_sys_enter, strcmp(mode, "-L") == 0);
		bpf_program__set_autoload(skel->progs.floor_sys_exit,
					  !clock && !block && !signal && !udp);
		bpf_program__set_autoload(skel->progs.floor_signal_generate, signal);
		bpf_program__set_autoload(skel->progs.floor_sock_create, udp);
		bpf_program__set_autoload(skel->progs.floor_sock_release, udp);
		bpf_program__set_autoload(skel->progs.floor_sendmsg4, udp);
		bpf_program__set_autoload(skel->progs.floor_sendmsg6, udp);
		bpf_program__set_autoload(skel->progs.floor_recvmsg4, udp);
		bpf_program__set_autoload(skel->progs.floor_recvmsg6, udp);
		bpf_program__set_autoload(skel->progs.floor_send_length, udp);
		bpf_program__set_autoload(skel->progs.floor_recv_length, udp);
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
	/* The skeleton attaches the tracepoints; cgroup programs go on the
	 * cgroup v2 root by hand, as udplife attaches its own. */
	err = floor_bpf__attach(skel);
	if (!err && strcmp(argv[argc > 1 ? 1 : 0], "-U") == 0) {
		struct bpf_program *cg[] = {
			skel->progs.floor_sock_create, skel->progs.floor_sock_release,
			skel->progs.floor_sendmsg4,    skel->progs.floor_sendmsg6,
			skel->progs.floor_recvmsg4,    skel->progs.floor_recvmsg6,
		};
		char root[4096];
		int fd = cgroup2_root_open(&t, root, sizeof(root));
		size_t i;

		for (i = 0; fd >= 0 && i < sizeof(cg) / sizeof(cg[0]) && !err; i++)
			if (!bpf_program__attach_cgroup(cg[i], fd))
				err = -errno;
		err = fd < 0 ? fd : err;
		if (fd >= 0)
			close(fd);
	}
	if (err) {
		tracer_load_error(&t, "attach", err);
		goto cleanup;
	}
	tracer_ready(&t, "the floor (count only)");
	tracer_sleep(365.0 * 86400);
cleanup:
	/* The cgroup links go with the process. */
	floor_bpf__destroy(skel);
	return tracer_exit_status(err);
}
