#!/bin/sh
# Follows the README's "Adding a tool" literally, on a copy of the tree:
# the example tool here (forksnoop) goes where the steps say, the tree's
# own Makefile builds it with everything else (tools, unit tests, the fuzz
# target's seed check), and, where BPF works, it runs against a fork this
# script makes and must show it. If this passes, the steps are the ones
# that work; if the steps change, change this script with them.
set -eu
# A build of its own: nothing of the make that runs this (SANITIZE=1, an
# OUTPUT; make exports what its command line set) reaches the copy's make.
unset MAKEFLAGS MFLAGS MAKELEVEL OUTPUT ARCH STATIC SANITIZE FUZZ

SRC=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$SRC/tests/newtool"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
TREE="$WORK/tree"

say() { printf 'newtool: %s\n' "$*"; }
fail() { printf 'newtool: FAIL: %s\n' "$*" >&2; exit 1; }

mkdir "$TREE"
tar -C "$SRC" --exclude=./build --exclude=./.git -cf - . | tar -C "$TREE" -xf -
[ ! -e "$TREE/tools/forksnoop.c" ] || fail "the tree already has a forksnoop"

# Steps 1-3: the ABI header, the kernel half, the user half and its header.
cp "$HERE/bpf/forksnoop.h" "$HERE/bpf/forksnoop.bpf.c" "$TREE/bpf/"
cp "$HERE/tools/forksnoop.h" "$HERE/tools/forksnoop.c" "$TREE/tools/"
# Step 4: a fuzz seed that names the tool.
printf 'forksnoop\n-p\n1\n-d\n5\n-j' > "$TREE/tests/fuzz/corpus/args/forksnoop"

say "building the tree with forksnoop in it"
make -C "$TREE" -j"$(nproc)" WERROR=1 all "build/tests/unit_tests" fuzz-seeds \
	>"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; fail "make"; }
# The fuzz target takes its parsers from the build's tool list.
make -C "$TREE" -j"$(nproc)" FUZZ=1 build/fuzz/fuzz_args >>"$WORK/build.log" 2>&1 ||
	{ tail -40 "$WORK/build.log"; fail "make FUZZ=1 build/fuzz/fuzz_args"; }
BIN="$TREE/build/bin/forksnoop"
[ -x "$BIN" ] || fail "make built no build/bin/forksnoop"
"$TREE/build/bin/coretrace" --help | grep -q ' forksnoop' || fail "coretrace --help has no forksnoop"
grep -q 'CORETRACE_TOOL(forksnoop)' "$TREE/build/fuzz/gen/tools.h" ||
	fail "the generated tool list has no forksnoop"
ASAN_OPTIONS=detect_leaks=0 "$TREE/build/fuzz/fuzz_args" -runs=2000 -detect_leaks=0 \
	-close_fd_mask=3 "$TREE/tests/fuzz/corpus/args/forksnoop" >"$WORK/fuzz.log" 2>&1 ||
	{ tail -20 "$WORK/fuzz.log"; fail "fuzz_args on the forksnoop seed"; }
"$BIN" -h | grep -q -- '-p, --pid=PID' || fail "forksnoop -h lists no -p"
"$BIN" -p 0 >/dev/null 2>&1 && fail "forksnoop -p 0 was accepted"
"$TREE/build/tests/unit_tests" --jobs 2 >"$WORK/unit.log" 2>&1 ||
	{ tail -20 "$WORK/unit.log"; fail "unit tests of the tree with forksnoop"; }

if [ "$(id -u)" -ne 0 ] || [ ! -r /sys/kernel/btf/vmlinux ]; then
	[ "${REQUIRE_BPF:-0}" = 1 ] && fail "cannot run BPF here (root and kernel BTF needed)"
	say "built; not run: needs root and kernel BTF"
	exit 0
fi

say "coretrace check runs it up to attached"
"$TREE/build/bin/coretrace" check >"$WORK/check" 2>&1 || true
grep -Eq '^forksnoop +ok +tp_btf on sched_process_fork$' "$WORK/check" ||
	fail "coretrace check has no ready forksnoop: $(cat "$WORK/check")"

say "running forksnoop -p $$ -j"
"$BIN" -p $$ -d 10 -j >"$WORK/out" 2>"$WORK/err" &
tool=$!
i=0
until grep -q '^Tracing' "$WORK/err"; do
	i=$((i + 1))
	[ $i -le 300 ] || { kill $tool; fail "not attached after 30 s: $(cat "$WORK/err")"; }
	kill -0 $tool 2>/dev/null || fail "exited before attaching: $(cat "$WORK/err")"
	sleep 0.1
done
/bin/true &
child=$!
wait $child
kill -INT $tool
wait $tool || fail "exit status $? ($(cat "$WORK/err"))"
jq -e --argjson p $$ --argjson c $child \
	'select(.type == "event" and .ppid == $p and .pid == $c)' "$WORK/out" >/dev/null ||
	fail "the fork of $child by $$ is not in: $(cat "$WORK/out")"
say "ok: forksnoop built from the README's steps and saw pid $child"
