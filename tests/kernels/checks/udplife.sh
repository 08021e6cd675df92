# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# udplife: loopback pairs with known bytes, as tests/integration/test_udplife.c.
# needs: /usr/bin/jq

# ul_mapped [ARGS...]: a v4-mapped peer of an IPv6 socket, counted once.
ul_mapped() {
	if ct_start udplife -j "$@"; then
		ports=$(ct-udp mapped) || { ct_fail "workload failed"; return 1; }
		ct_stop || return 1
		set -- $ports
		v=$(jq -c "select(.type == \"event\" and .lport == $1) | [.laddr, .raddr, .rport, .tx_b]" "$CT_OUT")
		ct_expect "mapped $v, want [\"::\",\"::ffff:127.0.0.1\",$2,33]" [ "$v" = "[\"::\",\"::ffff:127.0.0.1\",$2,33]" ]
		v=$(jq -c "select(.type == \"event\" and .lport == $2) | [.raddr, .rx_b]" "$CT_OUT")
		ct_expect "mapped peer $v, want [\"*\",33]" [ "$v" = '["*",33]' ]
	fi
}

# ul_pair FAMILY LOOPBACK [ARGS...]: both ends' peer, bytes, partial flag.
ul_pair() {
	fam=$1
	loop=$2
	shift 2
	if ct_start udplife -j "$@"; then
		ct_method "$(ct_info 's/.*attached with \([a-z]*\):.*/\1/p')"
		ports=$(ct-udp pair "$fam") || { ct_fail "workload failed"; return 1; }
		ct_stop || return 1
		c=${ports% *}
		s=${ports#* }
		v=$(jq -c "select(.type == \"event\" and .lport == $c) | [.raddr, .rport, .tx_b, .rx_b, .partial]" "$CT_OUT")
		ct_expect "client $v, want [\"$loop\",$s,600,120,false]" [ "$v" = "[\"$loop\",$s,600,120,false]" ]
		v=$(jq -c "select(.type == \"event\" and .lport == $s) | [.raddr, .rport, .tx_b, .rx_b, .partial]" "$CT_OUT")
		ct_expect "server $v, want [\"$loop\",$c,120,600,false]" [ "$v" = "[\"$loop\",$c,120,600,false]" ]
		ms=$(jq "select(.type == \"event\" and .lport == $s) | .lifetime_ms | floor" "$CT_OUT")
		ct_expect "server lived $ms ms, want >= 200" ct_between "$ms" 200 60000
	fi
}

ct_case pair_v4
ul_pair 4 127.0.0.1
ct_case pair_v6
ul_pair 6 ::1

ct_case mapped
ul_mapped

ct_case unconnected
if ct_start udplife -j; then
	ports=$(ct-udp unconnected) || ct_fail "workload failed"
	ct_stop
	set -- $ports
	v=$(jq -c "select(.type == \"event\" and .lport == $1) | [.raddr, .rport, .tx_b]" "$CT_OUT")
	ct_expect "unconnected $v, want [\"127.0.0.1\",$2,33]" [ "$v" = "[\"127.0.0.1\",$2,33]" ]
	v=$(jq -c "select(.type == \"event\" and .lport == $3) | [.raddr, .tx_b]" "$CT_OUT")
	ct_expect "silent $v, want [\"*\",0]" [ "$v" = '["*",0]' ]
fi

# Each method forced, where this kernel has it.
for m in cgroup fentry kprobe; do
	ct_case "forced_$m"
	"$CT_BIN/udplife" --method "$m" >"$CT_OUT" 2>"$CT_ERR" &
	p=$!
	i=0
	while ! grep -q '^Tracing' "$CT_ERR" && kill -0 "$p" 2>/dev/null && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if grep -q '^Tracing' "$CT_ERR"; then
		kill -INT "$p"
		wait "$p"
		ul_pair 4 127.0.0.1 --method "$m" && ul_pair 6 ::1 --method "$m" &&
			ul_mapped --method "$m" && ct_log "$m: pass"
		ct_method "$m:ok"
	else
		wait "$p"
		ct_log "$m: does not attach: $(tail -n1 "$CT_ERR")"
		ct_method "$m:no"
	fi
done
