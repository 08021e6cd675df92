#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# check.sh CHECKS_DIR BIN_DIR WORK_DIR - run every checks/TOOL.sh whose tool
# is in BIN_DIR, each in a subshell, and print one result line per tool:
#   @@CT-RESULT|TOOL|pass|fail|n/a|METHOD|DETAIL
# Runs as the guest's /init payload and natively on the host, so a tool
# faces the same checks on every kernel.
checks=$1
CT_BIN=$2
CT_WORK=$3
export CT_BIN CT_WORK
here=$(dirname "$0")
mkdir -p "$CT_WORK"

# A load can succeed and still make the kernel warn: before 6.1 the
# verifier WARN_ONCEs when a tracing program uses a hash map without
# preallocation. The guest console is quiet (loglevel=3), so look in the
# kernel log: a warning or oops while a tool's checks ran fails the tool.
trouble='WARNING:|BUG:|Call Trace:|run-time allocation'
kernel_trouble() {
	dmesg 2>/dev/null | grep -c -E "$trouble"
}
for check in "$checks"/*.sh; do
	CT_TOOL=$(basename "$check" .sh)
	if [ ! -x "$CT_BIN/$CT_TOOL" ]; then
		echo "@@CT-RESULT|$CT_TOOL|missing||no binary in $CT_BIN"
		continue
	fi
	echo "@@CT-BEGIN|$CT_TOOL"
	(
		# shellcheck source=tests/kernels/lib.sh
		. "$here/lib.sh"
		# shellcheck disable=SC1090
		trouble0=$(kernel_trouble)
		. "$check"
		if [ "$(kernel_trouble)" -gt "$trouble0" ]; then
			dmesg | grep -E -A12 "$trouble" | tail -40
			CT_FAILED="$CT_FAILED kernel-log"
		fi
		if [ -n "$CT_FAILED" ]; then
			status=fail
			detail="failed:$CT_FAILED"
		elif [ "$CT_NNA" -gt 0 ] && [ "$CT_NNA" -ge "$CT_N" ]; then
			status=n/a
			detail="n/a: $CT_NA"
		else
			status=pass
			detail="$CT_N cases${CT_NA:+; n/a: $CT_NA}"
		fi
		echo "@@CT-RESULT|$CT_TOOL|$status|$CT_METHOD|$detail"
	)
done
echo "@@CT-DONE"
