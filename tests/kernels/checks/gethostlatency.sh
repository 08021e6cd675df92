# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# gethostlatency: lookups of "localhost" (in /etc/hosts) and failures made
# locally, as tests/integration/test_gethostlatency.c, with ct-resolve-dyn on
# the host's glibc (copied in with its libraries) and ct-resolve, static.
# needs: /usr/bin/jq

NAME=localhost

# What ct-resolve must itself have seen; the counts of the AF_UNSPEC lookup
# and of gethostbyname depend on the hosts file and are checked apart.
WANT='[["getaddrinfo","ok",1,"NAME"],["getaddrinfo","ok",N,"NAME"],["getaddrinfo","EAI_NONAME",0,"NAME"],["getaddrinfo","EAI_SERVICE",0,"NAME"],["gethostbyname","ok",N,"NAME"],["gethostbyname_r","HOST_NOT_FOUND",0,"1.2.3.4.5"]]'
WANT=$(echo "$WANT" | sed "s/\"NAME\"/\"$NAME\"/g")

# gh_saw FILE: the workload's own results, checked against WANT.
gh_saw() {
	saw=$(cat "$1")
	shape=$(echo "$saw" | sed 's/"ok",[1-9][0-9]*,/"ok",N,/2; s/"ok",[1-9][0-9]*,/"ok",N,/2')
	ct_expect "the workload saw $saw, want $WANT" [ "$shape" = "$WANT" ]
}

# gh_events PID: that process's events as [func, result, addrs, host].
gh_events() {
	jq -sc "[.[] | select(.type == \"event\" and .pid == $1) | [.func, .result, .addrs, .host]]" "$CT_OUT"
}

# What -v says was attached: "FILE:N" functions per probed file.
gh_method() {
	ct_uprobe_kind sessions
	sed -n 's/^.*attached [a-z0-9_]* at \(.*\)+0x.*/\1/p' "$CT_ERR" | sort -u >"$CT_WORK/gh-files"
	while read -r f; do
		ct_method "$(basename "$f"):$(grep -c "attached [a-z0-9_]* at $f+" "$CT_ERR")"
	done <"$CT_WORK/gh-files"
}

# gh_run PROG [ARGS...]: run ct-resolve PROG on NAME gated, trace it with
# gethostlatency -j ARGS (PID in ARGS is its pid); sets $wpid, its results
# in $CT_WORK/saw.
gh_run() {
	prog=$1
	shift
	ct_gate
	"$prog" -g "$CT_GATE" "$NAME" >"$CT_WORK/saw" &
	wpid=$!
	args=
	for a in "$@"; do
		[ "$a" = PID ] && a=$wpid
		args="$args $a"
	done
	# shellcheck disable=SC2086
	if ! ct_start gethostlatency $args; then
		ct_open_gate
		wait "$wpid"
		return 1
	fi
	gh_method
	ct_open_gate
	wait "$wpid" || { ct_fail "$prog failed"; return 1; }
	ct_stop || return 1
	gh_saw "$CT_WORK/saw"
}

ct_case glibc_each_lookup_once
static=$(command -v ct-resolve)
if ct_start gethostlatency -j; then
	gh_method
	ct-resolve-dyn "$NAME" >"$CT_WORK/saw" &
	p=$!
	wait "$p" || ct_fail "ct-resolve-dyn failed"
	# Control: the static one has its own resolver, not the system libc's.
	ct-resolve "$NAME" >"$CT_WORK/saw-static" &
	ps=$!
	wait "$ps" || ct_fail "ct-resolve failed"
	if ct_stop && gh_saw "$CT_WORK/saw"; then
		v=$(gh_events "$p")
		ct_expect "events $v, want $saw" [ "$v" = "$saw" ]
		n=$(jq -s "[.[] | select(.pid == $p and .lat_ms >= 0 and .lat_ms < 5000 and .comm == \"ct-resolve-dyn\" and .tid == $p)] | length" "$CT_OUT")
		ct_expect "$n events with a latency, comm and tid, want 6" [ "$n" = 6 ]
		v=$(gh_events "$ps")
		ct_expect "static ct-resolve seen without -l: $v" [ "$v" = "[]" ]
	fi
fi

ct_case pid_filter
gate2=$CT_WORK/gate2
rm -f "$gate2"
mkfifo "$gate2"
ct-resolve-dyn -g "$gate2" "$NAME" >/dev/null &
other=$!
if gh_run ct-resolve-dyn -j -p PID; then
	v=$(gh_events "$wpid")
	ct_expect "events of $wpid $v, want $saw" [ "$v" = "$saw" ]
	v=$(jq -sc '[.[] | select(.type == "event") | .pid] | unique' "$CT_OUT")
	ct_expect "-p $wpid shows pids $v" [ "$v" = "[$wpid]" ]
fi
echo go >"$gate2"
wait "$other"

ct_case text_columns
if gh_run ct-resolve-dyn -p PID; then
	ct_expect "no header" grep -q 'LATms RESULT' "$CT_OUT"
	ct_expect "not 5 lines naming $NAME" [ "$(grep -c " $NAME\$" "$CT_OUT")" = 5 ]
	v=$(awk -v p="$wpid" '$2 == p { print $5, $6; exit }' "$CT_OUT")
	ct_expect "first line '$v', want 'ok(1) $NAME'" [ "$v" = "ok(1) $NAME" ]
fi

ct_case static_with_l
if gh_run ct-resolve -j -l "$static"; then
	ct_expect "-l $static not probed" grep -q "probing $static" "$CT_ERR"
	v=$(gh_events "$wpid")
	ct_expect "events $v, want $saw" [ "$v" = "$saw" ]
fi

ct_case static_by_pid
if gh_run ct-resolve -j -p PID; then
	v=$(gh_events "$wpid")
	ct_expect "events $v, want $saw" [ "$v" = "$saw" ]
fi

ct_case missing_library
ct_run gethostlatency -l /nonexistent/libct-foo.so
ct_expect "exit status $CT_RC for a missing library, want 1" [ "$CT_RC" = 1 ]
ct_expect "no error naming the library" grep -q "libct-foo" "$CT_ERR"
