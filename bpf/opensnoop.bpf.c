// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * opensnoop: one record per open of a file by name (open, openat, openat2,
 * creat), carrying the path and the result.
 *
 * Why raw_syscalls (tp_btf sys_enter/sys_exit) and not the per-syscall
 * syscalls:sys_enter_openat events: the per-syscall events need tracefs
 * and CONFIG_FTRACE_SYSCALLS, and they are dispatched from the very same
 * raw sys_enter hook, so every syscall of the host pays for the hook
 * either way. Here that cost is one BPF call and a number compare (see
 * the OVERHEAD section of opensnoop.8 for what it measured); in exchange
 * we get the registers (the 64-bit openat2 flags, the dirfd) without a
 * tracefs format, and one program for all four syscalls.
 *
 * The path is read at exit, not entry: by then the kernel has copied it
 * with getname(), so the page is resident and the read cannot fault.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "lib/drops.bpf.h"
#include "lib/filter.bpf.h"
#include "lib/ringbuf.bpf.h"
#include "lib/syscall_regs.bpf.h"
#include "lib/task_state.bpf.h"
#include "opensnoop.h"

#define AT_FDCWD -100
#define NAME_MAX 255
/* open flags creat() implies: O_CREAT | O_WRONLY | O_TRUNC */
#define CREAT_FLAGS 01101

/* Syscall numbers of this architecture, -1 where it has no such syscall
 * (arm64 has no open or creat). Set by user space. */
const volatile long nr_open = -1;
const volatile long nr_openat = -1;
const volatile long nr_openat2 = -1;
const volatile long nr_creat = -1;

const volatile bool targ_failed = false; /* -x */
const volatile char targ_comm[OPENSNOOP_COMM_LEN] = {};
const volatile __u32 targ_comm_len = 0; /* -n; 0: any command */

struct open_args {
	__u32 armed;
	__u32 syscall; /* enum opensnoop_syscall */
	const char *fname;
	const void *how; /* openat2's struct open_how */
	__u64 flags;
	__u32 mode;
	__s32 dirfd;
};

TASK_STATE_DEFINE(open_state, struct open_args, 10240);

/* Per-CPU scratch: the record is built here and copied out with its real
 * length; a fixed worst-case ring buffer record would be 8 KiB. */
struct scratch {
	struct opensnoop_event e;
	char buf[OPENSNOOP_DIR_MAX + OPENSNOOP_PATH_MAX];
	const unsigned char *names[OPENSNOOP_DIR_DEPTH]; /* -F: leaf first */
	__u32 depth;
	__u32 at_root;
	char comm[OPENSNOOP_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

/* Size set by user space (-b). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

static __always_inline int which_syscall(long nr)
{
	if (nr == nr_openat)
		return OPENSNOOP_OPENAT;
	if (nr == nr_open)
		return OPENSNOOP_OPEN;
	if (nr == nr_openat2)
		return OPENSNOOP_OPENAT2;
	if (nr == nr_creat)
		return OPENSNOOP_CREAT;
	return -1;
}

static __always_inline struct scratch *get_scratch(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&scratch, &zero);
}

/* -n: the command name contains targ_comm. Compared in the per-CPU map
 * value, where variable offsets are allowed on every kernel we support. */
static __always_inline bool comm_matches(void)
{
	struct scratch *s;
	__u32 i, j;

	if (!targ_comm_len)
		return true;
	s = get_scratch();
	if (!s)
		return false;
	bpf_get_current_comm(s->comm, sizeof(s->comm));
	for (i = 0; i < OPENSNOOP_COMM_LEN; i++) {
		for (j = 0; j < OPENSNOOP_COMM_LEN; j++) {
			if (j >= targ_comm_len)
				return true;
			if (i + j >= OPENSNOOP_COMM_LEN || s->comm[i + j] != targ_comm[j])
				break;
		}
	}
	return false;
}

static __always_inline int on_enter(struct pt_regs *regs, long id, bool by_task)
{
	struct open_args *a;
	int sys = which_syscall(id);

	if (sys < 0 || syscall_is_compat() || filter_skip_current() || !comm_matches())
		return 0;
	a = open_state_get(by_task, true);
	if (!a) {
		count_lost(); /* this open will not be shown */
		return 0;
	}
	a->syscall = sys;
	a->how = NULL;
	a->dirfd = AT_FDCWD;
	switch (sys) {
	case OPENSNOOP_OPEN:
		a->fname = (const char *)syscall_arg1(regs);
		a->flags = (__u32)syscall_arg2(regs);
		a->mode = (__u32)syscall_arg3(regs);
		break;
	case OPENSNOOP_CREAT:
		a->fname = (const char *)syscall_arg1(regs);
		a->flags = CREAT_FLAGS;
		a->mode = (__u32)syscall_arg2(regs);
		break;
	case OPENSNOOP_OPENAT2:
		a->dirfd = (int)syscall_arg1(regs);
		a->fname = (const char *)syscall_arg2(regs);
		a->how = (const void *)syscall_arg3(regs);
		a->flags = 0;
		a->mode = 0;
		break;
	default:
		a->dirfd = (int)syscall_arg1(regs);
		a->fname = (const char *)syscall_arg2(regs);
		a->flags = (__u32)syscall_arg3(regs);
		a->mode = (__u32)syscall_arg4(regs);
	}
	a->armed = 1;
	return 0;
}

/* The directory a relative path starts from: the dirfd's, or the cwd. */
static __always_inline int start_dir(int dirfd, struct path *p)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct file **fds, *file = NULL;
	struct fs_struct *fs;
	struct fdtable *fdt;

	if (dirfd == AT_FDCWD) {
		fs = BPF_CORE_READ(task, fs);
		return bpf_core_read(p, sizeof(*p), &fs->pwd);
	}
	fdt = BPF_CORE_READ(task, files, fdt);
	if (dirfd < 0 || (unsigned int)dirfd >= BPF_CORE_READ(fdt, max_fds))
		return -1;
	fds = BPF_CORE_READ(fdt, fd);
	if (bpf_core_read(&file, sizeof(file), &fds[dirfd]) || !file)
		return -1;
	return bpf_core_read(p, sizeof(*p), &file->f_path);
}

/*
 * -F: write "/dir/of/cwd/" into s->buf by walking dentries up to the root
 * of the mount namespace, crossing mount points. Returns its length, or
 * 0 (path left relative, OPENSNOOP_F_DIR_CUT set) when the directory is
 * deeper or longer than we walk.
 */
static __always_inline __u32 dir_prefix(struct scratch *s, int dirfd)
{
	struct dentry *d, *parent, *mnt_root;
	struct mount *mnt, *mnt_parent;
	__u32 depth, off = 0, i, idx;
	struct path p;
	long n;

	if (start_dir(dirfd, &p))
		return 0;
	d = p.dentry;
	mnt = (void *)p.mnt - bpf_core_field_offset(struct mount, mnt);
	/*
	 * The depth lives in the map value, not a register: the verifier then
	 * sees one state per iteration instead of one per path through the
	 * mount-crossing branch, which would explode past its limit.
	 */
	s->depth = 0;
	s->at_root = 0;
	/* Mount crossings take a step each, hence the extra 16. */
	for (i = 0; i < OPENSNOOP_DIR_DEPTH + 16; i++) {
		mnt_root = BPF_CORE_READ(mnt, mnt.mnt_root);
		if (d == mnt_root) {
			mnt_parent = BPF_CORE_READ(mnt, mnt_parent);
			if (mnt_parent == mnt) {
				s->at_root = 1;
				break;
			}
			d = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = mnt_parent;
			continue;
		}
		parent = BPF_CORE_READ(d, d_parent);
		if (parent == d) {
			s->at_root = 1;
			break;
		}
		depth = *(volatile __u32 *)&s->depth;
		if (depth >= OPENSNOOP_DIR_DEPTH)
			break;
		s->names[depth] = BPF_CORE_READ(d, d_name.name);
		*(volatile __u32 *)&s->depth = depth + 1;
		d = parent;
	}
	if (!*(volatile __u32 *)&s->at_root)
		goto cut;
	depth = *(volatile __u32 *)&s->depth;
	/* Names were collected leaf first: write them root first. */
	for (i = 0; i < OPENSNOOP_DIR_DEPTH; i++) {
		if (i >= depth)
			break;
		/* depth <= OPENSNOOP_DIR_DEPTH, a power of two: the mask only
		 * shows the verifier the bound. */
		idx = (depth - 1 - i) & (OPENSNOOP_DIR_DEPTH - 1);
		/* Room for '/', a whole name and the final '/'. */
		if (off + NAME_MAX + 3 > OPENSNOOP_DIR_MAX)
			goto cut;
		s->buf[off & (OPENSNOOP_DIR_MAX - 1)] = '/';
		off++;
		n = bpf_probe_read_kernel_str(s->buf + (off & (OPENSNOOP_DIR_MAX - 1)),
					      NAME_MAX + 1, s->names[idx]);
		if (n <= 1)
			goto cut;
		off += n - 1;
	}
	s->buf[off & (OPENSNOOP_DIR_MAX - 1)] = '/';
	s->e.flags_out |= OPENSNOOP_F_RESOLVED;
	return off + 1;
cut:
	s->e.flags_out |= OPENSNOOP_F_DIR_CUT;
	return 0;
}

/* Path into s->buf (with -F, @full, after its directory); returns the
 * bytes used including the NUL. */
static __always_inline __u32 read_path(struct scratch *s, const struct open_args *a, bool full)
{
	__u32 off = 0;
	char first = 0;
	long n;

	if (full && !bpf_probe_read_user(&first, 1, a->fname) && first && first != '/')
		off = dir_prefix(s, a->dirfd) & (OPENSNOOP_DIR_MAX - 1);
	n = bpf_probe_read_user_str(s->buf + off, OPENSNOOP_PATH_MAX, a->fname);
	if (n <= 0) {
		s->buf[off] = '\0';
		n = 1;
	}
	/* A full buffer: the path ended there, or went on (the kernel
	 * refuses it with ENAMETOOLONG). The byte after says which. */
	if (n == OPENSNOOP_PATH_MAX &&
	    !bpf_probe_read_user(&first, 1, a->fname + OPENSNOOP_PATH_MAX - 1) && first)
		s->e.flags_out |= OPENSNOOP_F_PATH_CUT;
	return off + (__u32)n;
}

static __always_inline void emit(const struct open_args *a, long ret, bool full)
{
	struct scratch *s = get_scratch();
	struct opensnoop_event *e;
	__u64 id = bpf_get_current_pid_tgid();
	__u32 len;

	if (!s) {
		count_lost();
		return;
	}
	e = &s->e;
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->cgroup_id = filter_cgroup_id();
	e->ret = (__s32)ret;
	e->syscall = (__u8)a->syscall;
	e->flags = a->flags;
	e->mode = a->mode;
	e->flags_out = 0;
	if (a->how) {
		/* struct open_how { __u64 flags, mode, resolve; }: copied in by
		 * the kernel already, so resident. */
		__u64 how[2] = {};

		bpf_probe_read_user(how, sizeof(how), a->how);
		e->flags = how[0];
		e->mode = (__u32)how[1];
	}
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	len = read_path(s, a, full);
	if (len > sizeof(s->buf))
		len = sizeof(s->buf);
	e->path_len = (__u16)len;
	if (bpf_ringbuf_output(&events, s, sizeof(*e) + len,
			       rb_commit_flags(&events, sizeof(*e) + len)))
		count_lost();
}

/* @btf_regs: tp_btf, whose @regs the verifier lets us load from directly;
 * a raw_tp must copy the number out. @full: -F. Only the _full programs
 * contain the directory walk: its kernel types cost libbpf a search of the
 * kernel's BTF each at load (~1 ms apiece), which plain runs don't pay. */
static __always_inline int on_exit(struct pt_regs *regs, long ret, bool by_task, bool btf_regs,
				   bool full)
{
	struct open_args *a, args;
	long nr = btf_regs ? syscall_nr_of(regs) : syscall_nr_of_core(regs);

	if (which_syscall(nr) < 0)
		return 0;
	a = open_state_get(by_task, false);
	if (!a || !a->armed)
		return 0; /* not traced, or entered before we attached */
	args = *a;
	open_state_put(by_task, a);
	if (targ_failed && ret >= 0)
		return 0;
	emit(&args, ret, full);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter_task, struct pt_regs *regs, long id)
{
	return on_enter(regs, id, true);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_task, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, true, true, false);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_task_full, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, true, true, true);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter_tid, struct pt_regs *regs, long id)
{
	return on_enter(regs, id, false);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_tid, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, false, true, false);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_tid_full, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, false, true, true);
}

/* Raw tracepoints, for kernels whose BTF comes from --btf (tp_btf needs the
 * kernel's own). Entry state then goes in the tid hash: task storage
 * helpers need kernel BTF too. */
SEC("raw_tp/sys_enter")
int BPF_PROG(raw_sys_enter_tid, struct pt_regs *regs, long id)
{
	return on_enter(regs, id, false);
}

SEC("raw_tp/sys_exit")
int BPF_PROG(raw_sys_exit_tid, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, false, false, false);
}

SEC("raw_tp/sys_exit")
int BPF_PROG(raw_sys_exit_tid_full, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, false, false, true);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
