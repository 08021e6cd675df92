#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# check-repro.sh - reproducible builds: the same source (scripts/source-tree.sh)
# built in two directories of different names and depths must give
# byte-identical BPF objects, static binary and Debian packages. Prints the
# checksums; exits 1 naming the first file that differs.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/coretrace-repro.XXXXXX)
trap 'rm -rf "$work"' EXIT

build() { # build DIR NAME: a static build and the binary packages in DIR/NAME
	mkdir -p "$1"
	sh "$top/scripts/source-tree.sh" "$1" "$2"
	# The packages first: dpkg-buildpackage begins with make clean.
	(cd "$1/$2" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b >"$1/build.log" 2>&1 &&
		make -s -j"$(nproc)" static >>"$1/build.log" 2>&1) || {
		tail -30 "$1/build.log" >&2
		echo "check-repro: the build in $1/$2 failed" >&2
		exit 1
	}
}
build "$work/one" coretrace
build "$work/elsewhere/deeper/two" src

status=0
compare() { # compare PATH-IN-ONE PATH-IN-TWO
	for f in "$work/one/$1" "$work/elsewhere/deeper/two/$2"; do
		[ -f "$f" ] || { echo "check-repro: no $f" >&2; exit 1; }
	done
	a=$(sha256sum <"$work/one/$1" | cut -d' ' -f1)
	b=$(sha256sum <"$work/elsewhere/deeper/two/$2" | cut -d' ' -f1)
	if [ "$a" = "$b" ]; then
		echo "same  $a  $1"
	else
		echo "check-repro: $1 differs between the two builds ($a, $b)" >&2
		status=1
	fi
}
for f in "$work"/one/coretrace/build/static/bpf/*.bpf.o; do
	f=${f#"$work"/one/coretrace/}
	compare "coretrace/$f" "src/$f"
done
compare coretrace/build/static/bin/coretrace src/build/static/bin/coretrace
compare coretrace/build/static/debug/coretrace.debug src/build/static/debug/coretrace.debug
for deb in "$work"/one/*.deb; do
	deb=$(basename "$deb")
	compare "$deb" "$deb"
done
[ "$status" -eq 0 ] && echo "check-repro: ok, both builds byte-identical"
exit "$status"
