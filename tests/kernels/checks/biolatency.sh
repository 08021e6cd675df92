# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# biolatency: O_DIRECT writes to loop devices, as tests/integration/test_biolatency.c.
# modules: loop
# needs: /usr/bin/jq

N=200

# -v says which argument layout block_rq_issue has and where start times
# are kept: slots where BPF has compare-and-swap (5.12+), else a hash.
bio_method() {
	case $(ct_info '/block_rq_issue takes/p') in
	*"(q, rq)"*) layout="(q,rq)" ;;
	*"(rq)"*) layout="(rq)" ;;
	*) layout="?" ;;
	esac
	ct_method "$(ct_info 's/.*start times in slots.*/slots/p; s/.*start times in a hash.*/hash/p') issue$layout"
}

# biolatency ARGS... while we write N blocks to $dev.
bio_trace() {
	ct_start biolatency "$@" || return 1
	bio_method
	ct-blk dio "$dev" "$N" || { ct_fail "direct writes to $dev"; return 1; }
	ct_stop
}

ct_case setup
if ! dev=$(ct-blk loop "$CT_WORK/bio-a.img" 8) || ! other=$(ct-blk loop "$CT_WORK/bio-b.img" 8); then
	ct_fail "cannot set up loop devices"
fi

if [ -z "$CT_FAILED" ]; then
	# The default, one histogram for the host: its programs name the keyed
	# map too, which before 6.1 must be preallocated or the kernel WARNs.
	ct_case whole_host
	if bio_trace -j; then
		n=$(jq -r 'select(.type == "hist") | .count' "$CT_OUT" | head -n1)
		ct_expect "whole-host count '$n', want >= $N" ct_between "$n" "$N" 1000000000
	fi

	ct_case per_disk_json
	if bio_trace -D -j; then
		n=$(jq -r "select(.type == \"hist\" and .labels.disk == \"$dev\") | .count" "$CT_OUT")
		ct_expect "count for $dev is '$n', want >= $N" ct_between "$n" "$N" 1000000000
		json=$CT_OUT
		ct_case json_buckets_add_up
		ok=$(jq -s '[.[] | select(.type == "hist") | ([.buckets[].count] | add) == .count and
			all(.buckets[]; .low <= .high) and .p50 <= .p90 and .p90 <= .p99 and
			.p99 <= .max and .unit == "us"] | length > 0 and all' "$json")
		ct_expect "inconsistent histogram records" [ "$ok" = true ]
	fi

	ct_case disk_filter
	if bio_trace -D -j -d "$dev"; then
		disks=$(jq -sc '[.[] | select(.type == "hist") | .labels.disk] | unique' "$CT_OUT")
		ct_expect "-d $dev shows $disks" [ "$disks" = "[\"$dev\"]" ]
	fi
	ct_case disk_filter_other
	if bio_trace -D -j -d "$other"; then
		ct_expect "I/O to $dev shown under -d $other" [ "$(grep -c "\"$dev\"" "$CT_OUT")" -eq 0 ]
	fi

	ct_case text_histogram
	if bio_trace -D -d "$dev"; then
		ct_expect "no 'disk = $dev' label" grep -q "disk = $dev" "$CT_OUT"
		ct_expect "no histogram header" grep -q 'usecs  *: count  *distribution' "$CT_OUT"
		n=$(awk '$1 == "count" { print $2; exit }' "$CT_OUT")
		ct_expect "summary count '$n', want >= $N" ct_between "$n" "$N" 1000000000
	fi

	# -Q adds block_rq_insert, which also took (q, rq) before 5.11.
	ct_case queued_ms
	if bio_trace -Q -m -j -D; then
		v=$(jq -c "select(.labels.disk == \"$dev\") | [.unit, (.count >= $N)]" "$CT_OUT")
		ct_expect "-Q -m on $dev gave '$v'" [ "$v" = '["ms",true]' ]
	fi

	# -F decodes enum req_flag_bits, whose values moved between kernels.
	ct_case per_flag
	if bio_trace -F -j -d "$dev"; then
		n=$(jq -s '[.[] | select(.type == "hist") | select(.labels.flags | test("Write$")) | .count] | add' "$CT_OUT")
		ct_expect "Write histograms count '$n', want >= $N" ct_between "$n" "$N" 1000000000
	fi

	# --btf FILE is how kernels without their own BTF are traced; with the
	# kernel's own file we can test that path everywhere.
	ct_case btf_file
	if bio_trace -D -j --btf /sys/kernel/btf/vmlinux; then
		n=$(jq -r "select(.type == \"hist\" and .labels.disk == \"$dev\") | .count" "$CT_OUT")
		ct_expect "--btf count for $dev is '$n', want >= $N" ct_between "$n" "$N" 1000000000
	fi

	# The hash alone, as before 5.12, forced where slots would be used.
	ct_case hash_store
	export BIOLATENCY_START_SLOTS=0
	if bio_trace -D -j -d "$dev"; then
		n=$(jq -r "select(.type == \"hist\") | .count" "$CT_OUT")
		ct_expect "hash count for $dev is '$n', want >= $N" ct_between "$n" "$N" 1000000000
		ct_expect "-v does not say 'a hash'" grep -q 'start times in a hash' "$CT_ERR"
	fi
	unset BIOLATENCY_START_SLOTS

	# interval and count end the run by themselves.
	ct_case interval_count
	if ct_start biolatency -j -D 1 2; then
		ct-blk dio "$dev" 10 || ct_fail "direct writes to $dev"
		if ct_wait; then
			ct_expect "no histogram in interval output" grep -q '"type":"hist"' "$CT_OUT"
		fi
	fi

	ct_case unknown_disk
	ct_run biolatency -d nosuchdisk0
	ct_expect "exit status $CT_RC for an unknown disk, want 1" [ "$CT_RC" = 1 ]
	ct_expect "no clear error" grep -q "no disk named 'nosuchdisk0'" "$CT_ERR"

	ct-blk unloop "$dev"
	ct-blk unloop "$other"
fi
rm -f "$CT_WORK/bio-a.img" "$CT_WORK/bio-b.img"
