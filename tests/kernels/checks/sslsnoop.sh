# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# sslsnoop: TLS conversations on loopback with unique messages, as
# tests/integration/test_sslsnoop.c: openssl s_client/s_server, gnutls-cli/
# gnutls-serv (the host's programs and libraries, copied in), and tls_ex
# (SSL_write_ex/SSL_read_ex) on the shared libssl and with OpenSSL static.
# needs: /usr/bin/jq /usr/bin/openssl /usr/lib/ssl/openssl.cnf
# needs: /usr/bin/gnutls-cli /usr/bin/gnutls-serv

tls=$CT_WORK/tls
mkdir -p "$tls"
cert=$tls/cert.pem
key=$tls/key.pem

# Hundredths of a second since boot, for how long a stop takes.
ss_now() { sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1\2/' /proc/uptime; }

# A unique message.
ss_msg() { echo "$1-$$-$(ss_now)"; }

# ss_wait FILE TEXT: TEXT shows up in FILE within 30 s (and before
# ss_pair is done).
ss_wait() {
	i=0
	while ! grep -qF -- "$2" "$1" 2>/dev/null; do
		[ ! -e "${done_:-/nonexistent}" ] || return 1
		i=$((i + 1))
		[ "$i" -lt 300 ] || return 1
		sleep 0.1
	done
}

# ss_listen PORT: something listens on PORT within 30 s.
ss_listen() {
	hex=$(printf ':%04X ' "$1")
	i=0
	while ! grep -q "${hex}[0-9A-F]*:0000 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 300 ] || return 1
		sleep 0.1
	done
}

# ss_stop: SIGINT, and log how long the tool took to detach and exit.
ss_stop() {
	t0=$(ss_now)
	ct_stop || return 1
	t1=$(ss_now)
	ct_log "exit after SIGINT: $(((t1 - t0) / 100)).$(printf '%02d' $(((t1 - t0) % 100))) s"
}

# ss_events PID|0 [COMM]: [func, data] of those events, sorted (the two
# ends of a connection return from their calls in no fixed order).
ss_events() {
	jq -sc "[.[] | select(.type == \"event\" and ($1 == 0 or .pid == $1) and
		(\"${2:-}\" == \"\" or .comm == \"${2:-}\")) | [.func, .data]] | sort" "$CT_OUT"
}

# -v says which file has which functions: "libssl.so.3:4".
ss_method() {
	ct_uprobe_kind
	sed -n 's/^sslsnoop: \(\/[^:]*\): .*: \([A-Za-z_ ]*\)$/\1 \2/p' "$CT_ERR" >"$CT_WORK/ss-method"
	while read -r f funcs; do
		# shellcheck disable=SC2086
		set -- $funcs
		ct_method "$(basename "$f"):$#"
	done <"$CT_WORK/ss-method"
}

# ss_calls TEXT N: N events of the tool carry TEXT within 30 s.
ss_calls() {
	i=0
	while [ "$(grep -c -F -- "$1" "$CT_OUT")" -lt "$2" ]; do
		i=$((i + 1))
		[ "$i" -lt 300 ] || return 1
		sleep 0.1
	done
}

# ss_pair SERVER_CMD CLIENT_CMD TO_SERVER TO_CLIENT READY N_S N_C: a server
# and a client fed by loops that say TO_SERVER on the client side (after
# READY shows in its output, if not empty) and TO_CLIENT on the server side
# once the server got TO_SERVER; ends once the client got TO_CLIENT and the
# tool showed N_S events with TO_SERVER and N_C with TO_CLIENT. Sets $spid
# and $cpid. (The feeders read the logs their programs write: on purpose.)
# shellcheck disable=SC2094
ss_pair() {
	log_s=$tls/server.log
	log_c=$tls/client.log
	done_=$tls/done
	rm -f "$log_s" "$log_c" "$done_"
	(
		ss_wait "$log_s" "$3" && echo "$4"
		while [ ! -e "$done_" ]; do sleep 0.1; done
	) | $1 >"$log_s" 2>&1 &
	spid=$!
	if ! ss_listen "$port"; then
		touch "$done_"
		kill "$spid"
		ct_fail "the server does not listen on $port"
		return 1
	fi
	(
		[ -z "$5" ] || ss_wait "$log_c" "$5"
		echo "$3"
		while [ ! -e "$done_" ]; do sleep 0.1; done
	) | $2 >"$log_c" 2>&1 &
	cpid=$!
	ok=1
	ss_wait "$log_c" "$4" || ok=
	# Killed inside SSL_write (the peer may read the data first, one CPU),
	# a side would make no event: wait until the tool saw every call.
	[ -z "$ok" ] || ss_calls "$3" "$6" || ok=
	[ -z "$ok" ] || ss_calls "$4" "$7" || ok=
	touch "$done_"
	kill "$cpid" "$spid" 2>/dev/null
	wait "$cpid" "$spid" 2>/dev/null
	if [ -z "$ok" ]; then
		ct_fail "no '$4' at the client or not every call seen; server: $(tail -n 3 "$log_s"); client: $(tail -n 3 "$log_c")"
		return 1
	fi
}

ct_case certificate
if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-subj /CN=localhost -days 1 -keyout "$key" -out "$cert" >"$tls/req.log" 2>&1; then
	ct_fail "cannot make a certificate: $(tail -n 3 "$tls/req.log")"
fi
port=$((20000 + $$ % 20000))

ct_case openssl_s_client_s_server
if ct_start sslsnoop -j; then
	ss_method
	to_s=$(ss_msg to-s_server)
	to_c=$(ss_msg to-s_client)
	if ss_pair "openssl s_server -accept $port -cert $cert -key $key -quiet" \
		"openssl s_client -connect 127.0.0.1:$port -quiet" "$to_s" "$to_c" "" 2 2 &&
		ss_stop; then
		v=$(ss_events "$spid")
		w="[[\"SSL_read\",\"$to_s\\n\"],[\"SSL_write\",\"$to_c\\n\"]]"
		ct_expect "s_server events $v, want $w" [ "$v" = "$w" ]
		v=$(ss_events "$cpid")
		w="[[\"SSL_read\",\"$to_c\\n\"],[\"SSL_write\",\"$to_s\\n\"]]"
		ct_expect "s_client events $v, want $w" [ "$v" = "$w" ]
	fi
fi

ct_case gnutls_cli_serv
port=$((port + 1))
if ct_start sslsnoop -j; then
	msg=$(ss_msg gnutls-echo)
	if ss_pair "gnutls-serv --echo -p $port --x509certfile=$cert --x509keyfile=$key" \
		"gnutls-cli --insecure -p $port 127.0.0.1" "$msg" "$msg" \
		"Handshake was completed" 4 4 && ss_stop; then
		w="[[\"gnutls_record_recv\",\"$msg\\n\"],[\"gnutls_record_send\",\"$msg\\n\"]]"
		v=$(ss_events "$spid")
		ct_expect "gnutls-serv events $v, want $w" [ "$v" = "$w" ]
		v=$(ss_events "$cpid")
		ct_expect "gnutls-cli events $v, want $w" [ "$v" = "$w" ]
	fi
fi

# ss_tls_ex PROG: run PROG (tls_ex, tls_ex-static) under the tool; sets
# $c_msg and $s_msg.
ss_tls_ex() {
	c_msg=$(ss_msg "$1-client")
	s_msg=$(ss_msg "$1-server")
	"$1" "$cert" "$key" "$c_msg" "$s_msg" >"$tls/tls_ex.log" 2>&1 ||
		{ ct_fail "$1 failed: $(tail -n 3 "$tls/tls_ex.log")"; return 1; }
	ss_stop
}

# The four _ex calls of both halves, by comm.
ss_ex_calls() {
	v=$(ss_events 0 "$1")
	w="[[\"SSL_read_ex\",\"$c_msg\"],[\"SSL_read_ex\",\"$s_msg\"],[\"SSL_write_ex\",\"$c_msg\"],[\"SSL_write_ex\",\"$s_msg\"]]"
	ct_expect "$1 events $v, want $w" [ "$v" = "$w" ]
}

ct_case tls_ex_shared_libssl
if ct_start sslsnoop -j -c tls_ex && ss_tls_ex tls_ex; then
	ss_ex_calls tls_ex
fi

static=$(command -v tls_ex-static)
ct_case static_without_binary
if ct_start sslsnoop -j && ss_tls_ex tls_ex-static; then
	v=$(ss_events 0 tls_ex-static)
	ct_expect "static OpenSSL seen without --binary: $v" [ "$v" = "[]" ]
fi

ct_case static_binary
if ct_start sslsnoop -j --binary "$static" && ss_tls_ex tls_ex-static; then
	ss_method
	ss_ex_calls tls_ex-static
	ct_expect "$static not reported as OpenSSL" grep -q "tls_ex-static: OpenSSL [13]" "$CT_ERR"
fi

# -p finds the OpenSSL inside the process's own binary. tls_ex waits for a
# byte on stdin (a FIFO the shell holds open) before it starts.
ct_case static_by_pid
fifo=$tls/go
mkfifo "$fifo"
exec 7<>"$fifo"
c_msg=$(ss_msg pid-client)
s_msg=$(ss_msg pid-server)
tls_ex-static "$cert" "$key" "$c_msg" "$s_msg" wait <&7 >"$tls/tls_ex.log" 2>&1 &
wpid=$!
i=0
while ! grep -q tls_ex-static "/proc/$wpid/maps" 2>/dev/null && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
if ct_start sslsnoop -j -p "$wpid"; then
	ct_expect "tls_ex-static not found in the process" grep -q "tls_ex-static: OpenSSL" "$CT_ERR"
	echo g >&7
	if ! wait "$wpid"; then
		ct_fail "tls_ex-static failed: $(tail -n 3 "$tls/tls_ex.log")"
	elif ss_stop; then
		# Only the client: the server half runs in a forked child.
		v=$(ss_events 0)
		w="[[\"SSL_read_ex\",\"$s_msg\"],[\"SSL_write_ex\",\"$c_msg\"]]"
		ct_expect "events $v, want $w" [ "$v" = "$w" ]
	fi
else
	kill "$wpid" 2>/dev/null
	wait "$wpid"
fi
exec 7<&-

ct_case check_lists
ct_run sslsnoop --check
ct_expect "--check exit status $CT_RC, want 0" [ "$CT_RC" = 0 ]
ct_expect "--check does not list libssl with SSL_write_ex" grep -q 'libssl\.so.*: OpenSSL .*SSL_write_ex' "$CT_OUT"
ct_expect "--check does not list libgnutls" grep -q 'libgnutls\.so.*gnutls_record_send' "$CT_OUT"
ct_expect "--check gives no total" grep -q '^[1-9][0-9]* functions attached in [1-9][0-9]* files$' "$CT_OUT"

ct_case check_static_binary
ct_run sslsnoop --check --binary "$static"
ct_expect "--check --binary exit status $CT_RC, want 0" [ "$CT_RC" = 0 ]
ct_expect "--check --binary does not list $static" grep -q "^$static: OpenSSL [13].*SSL_write_ex" "$CT_OUT"

rm -rf "$tls"
