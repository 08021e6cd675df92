# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# opensnoop: opens of unique paths with known results, as tests/integration/test_opensnoop.c.
# needs: /usr/bin/jq

FLOOD=20000
dir=$CT_WORK/opensnoop-$$
file=$dir/target-file
missing=$dir/missing

# -v says how opensnoop attached and where it keeps entry arguments.
os_method() {
	ct_method "$(ct_info 's/.*method: \([a-z_]*\) on .*/\1/p')"
	case $(ct_info 's/.*entry state in //p') in
	"task storage") ct_method "state:task-storage" ;;
	"a tid hash") ct_method "state:tid-hash" ;;
	esac
}

# opensnoop ARGS... around ct-open WORKLOAD... (an argument PID is
# replaced by the workload's pid); the workload waits on a gate until the
# tool is attached. $wpid: the workload, $res: what it printed.
os_run() {
	workload=$1
	shift
	ct_gate
	# shellcheck disable=SC2086
	ct-open -g "$CT_GATE" $workload >"$CT_WORK/ct-open.res" &
	wpid=$!
	args=
	for a in "$@"; do
		[ "$a" = PID ] && a=$wpid
		args="$args $a"
	done
	# shellcheck disable=SC2086
	if ! ct_start opensnoop $args; then
		ct_open_gate
		wait "$wpid"
		return 1
	fi
	os_method
	ct_open_gate
	wait "$wpid" || { ct_fail "workload $workload failed"; return 1; }
	res=$(cat "$CT_WORK/ct-open.res")
	ct_stop
}

# JQ over the array of all event records matching SEL.
os_jq() { jq -sc "map(select(.type == \"event\" and ($1))) | $2" "$CT_OUT"; }

ct_case setup
rm -rf "$dir"
if ! mkdir -p "$dir" || ! : >"$file" || ! chmod 600 "$file"; then
	ct_fail "cannot make $file"
fi

if [ -z "$CT_FAILED" ]; then
	ct_case exact_path_and_fd
	if os_run "file $file" -p PID -j; then
		v=$(os_jq ".path == \"$file\"" 'map([.pid, .fd, .err, .uid])')
		ct_expect "events for $file: $v, want [[$wpid,$res,0,0]]" [ "$v" = "[[$wpid,$res,0,0]]" ]
		v=$(os_jq ".pid != $wpid" length)
		ct_expect "$v events of other processes under -p" [ "$v" = 0 ]
	fi

	ct_case failed_open_text
	if os_run "missing $missing" -p PID; then
		ct_expect "no header" grep -q 'PID COMM  *FD ERR PATH' "$CT_OUT"
		v=$(awk -v p="$wpid" '$1 == p { print $3, $4, $5 }' "$CT_OUT")
		ct_expect "line for $wpid: '$v', want '-1 2 $missing' (errno $res)" [ "$v" = "-1 2 $missing" ]
	fi

	ct_case failed_only
	if os_run "both $file $missing" -p PID -x -j; then
		v=$(os_jq true 'map([.fd, .err, .path])')
		ct_expect "-x shows $v, want [[-1,2,\"$missing\"]]" [ "$v" = "[[-1,2,\"$missing\"]]" ]
	fi

	# openat2 came in 5.6; its flags are 64 bits read from struct open_how.
	ct_case openat2
	if os_run "openat2 $file" -p PID -j; then
		if [ "$res" = ENOSYS ]; then
			ct_na "no openat2 syscall in this kernel (5.6+)"
		else
			v=$(os_jq ".path == \"$file\"" 'map([.fd, .err, .flags])')
			# O_RDONLY | O_CLOEXEC = 02000000
			ct_expect "openat2 $v, want [[$res,0,524288]]" [ "$v" = "[[$res,0,524288]]" ]
		fi
	fi

	# -F walks dentries and mounts ($CT_WORK is on its own tmpfs in the guest).
	ct_case full_path
	if os_run "relative $dir target-file" -p PID -F -j; then
		v=$(os_jq ".path == \"$file\"" 'map(.err)')
		ct_expect "-F: no absolute $file ($v)" [ "$v" = "[0]" ]
		v=$(os_jq '.path == "/tmp/../tmp"' 'map(.err)')
		ct_expect "-F: dirfd-relative path $v, want [0]" [ "$v" = "[0]" ]
	fi
	ct_case relative_path
	if os_run "relative $dir target-file" -p PID -j; then
		v=$(os_jq '.path == "target-file"' 'map(.err)')
		ct_expect "without -F: path as passed $v, want [0]" [ "$v" = "[0]" ]
	fi

	ct_case tid_filter
	if os_run "threads $file" -t PID -j; then
		v=$(os_jq ".path == \"$file\"" 'map(.pid)')
		ct_expect "-t shows $v, want the main thread's open only [$wpid]" [ "$v" = "[$wpid]" ]
	fi
	if os_run "threads $file" -p PID -j; then
		v=$(os_jq ".path == \"$file\"" 'length')
		ct_expect "-p shows $v opens, want both threads' 2" [ "$v" = 2 ]
	fi

	ct_case uid_filter
	if os_run "uid $file" -u 54321 -j; then
		v=$(os_jq ".pid == $wpid or .uid != 54321" 'map([.uid, .pid, .fd, .err, .path])')
		ct_expect "-u 54321 shows $v, want [[54321,$wpid,-1,13,\"$file\"]]" \
			[ "$v" = "[[54321,$wpid,-1,13,\"$file\"]]" ]
	fi

	ct_case name_filter
	if os_run "file $file" -n t-ope -j; then
		v=$(os_jq ".path == \"$file\"" 'map([.pid, .comm])')
		ct_expect "-n t-ope shows $v, want [[$wpid,\"ct-open\"]]" [ "$v" = "[[$wpid,\"ct-open\"]]" ]
		v=$(os_jq '.comm | contains("t-ope") | not' length)
		ct_expect "$v events of other commands under -n" [ "$v" = 0 ]
	fi

	ct_case json_fields
	if os_run "both $file $missing" -j -T -e -F; then
		v=$(os_jq true 'map(.ts > 0 and (.pid | type) == "number" and (.path | type) == "string"
			and (.flags | type) == "number" and (.uid | type) == "number") | (length > 0 and all)')
		ct_expect "JSON events incomplete ($v)" [ "$v" = true ]
	fi

	# A small ring buffer: every open of the workload is shown or counted
	# lost (with -p the kernel counts only the workload's).
	ct_case flood
	if os_run "flood $FLOOD" -p PID -b 4096 -j; then
		shown=$(os_jq ".pid == $wpid and .path == \"/dev/null\"" length)
		v=$(os_jq ".pid != $wpid" length)
		ct_expect "$v events of other processes under -p" [ "$v" = 0 ]
		lost=$(jq -s 'map(select(.type == "lost") | .count) | add // 0' "$CT_OUT")
		told=$(sed -n 's/^opensnoop: lost \([0-9]*\) .*/\1/p' "$CT_ERR" | awk '{ n += $1 } END { print n + 0 }')
		ct_log "flood: $shown shown + $lost lost of $FLOOD"
		ct_expect "lost $lost in JSON, $told on stderr" [ "$lost" = "$told" ]
		ct_expect "shown $shown + lost $lost != $FLOOD opens" [ $((shown + lost)) -eq "$FLOOD" ]
	fi

	# --btf FILE makes the tool use raw_tp (for kernels without their own
	# BTF); with the kernel's own file we can test that path everywhere.
	ct_case raw_tp
	if os_run "file $file" -p PID -j --btf /sys/kernel/btf/vmlinux; then
		v=$(os_jq ".path == \"$file\"" 'map([.pid, .fd, .err, .uid])')
		ct_expect "raw_tp: events for $file: $v, want [[$wpid,$res,0,0]]" [ "$v" = "[[$wpid,$res,0,0]]" ]
	fi
	ct_case raw_tp_full_path
	if os_run "relative $dir target-file" -p PID -F -j --btf /sys/kernel/btf/vmlinux; then
		v=$(os_jq ".path == \"$file\"" 'map(.err)')
		ct_expect "raw_tp -F: no absolute $file ($v)" [ "$v" = "[0]" ]
	fi

	# -- COMMAND: the tree's own object (bpf/tree.bpf.c) on this kernel, a
	# child and a grandchild counted, the command's exit status passed on;
	# -C records cgroup ids (all "-" here: the root cgroup).
	for btf in "" "--btf /sys/kernel/btf/vmlinux"; do
		ct_case "command_tree${btf:+_raw_tp}"
		# shellcheck disable=SC2086
		ct_run opensnoop -j -C $btf -- sh -c "ct-open file $file >/dev/null; sh -c 'ct-open file $file >/dev/null; (ct-open file $file >/dev/null &); sleep 1'; exit 5"
		ct_expect "exit status $CT_RC, want the command's 5" [ "$CT_RC" = 5 ]
		v=$(os_jq ".path == \"$file\"" 'map(.container)')
		ct_expect "opens of $file by the tree: $v, want three in \"-\"" [ "$v" = '["-","-","-"]' ]
	done

	ct_case bad_buffer
	ct_run opensnoop -b 12Q
	ct_expect "exit status $CT_RC for -b 12Q, want 2" [ "$CT_RC" = 2 ]
	ct_expect "no 'invalid buffer size' message" grep -q 'opensnoop: invalid buffer size' "$CT_ERR"
fi
rm -rf "$dir"
