# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# coretrace check: on this kernel every tool runs up to attached, by its own
# code, and says how; the method each chose is this row's METHOD.
# needs: /usr/bin/jq

# Seven tools started one after another: under TCG that is minutes.
CT_TIMEOUT=600

reports_this_kernel() { jq -e --arg k "$(uname -r)" '.kernel == $k' "$CT_OUT" >/dev/null; }

ct_case check_all_ready
ct_run coretrace check -j
if ct_expect "coretrace check exited $CT_RC: $(head -c 600 "$CT_OUT")" [ "$CT_RC" -eq 0 ]; then
	n=$(jq '[.tools[] | select(.ok)] | length' "$CT_OUT")
	ct_expect "$n of 7 tools ready: $(jq -c '[.tools[] | select(.ok | not)]' "$CT_OUT")" [ "$n" = 7 ]
	ct_expect "the report is not of this kernel" reports_this_kernel
	ct_method "$(jq -r '[.tools[] | "\(.tool):\(.method | split(" ") | .[0] | rtrimstr(";"))"] | join(" ")' "$CT_OUT")"
fi

ct_case check_without_btf_file
ct_run coretrace check --btf /nonexistent
ct_expect "check --btf /nonexistent exited $CT_RC, want 1" [ "$CT_RC" -eq 1 ]
