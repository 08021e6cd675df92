#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# make-release.sh VERSION OUTPUT - what a fleet copies to its hosts: for
# each architecture, coretrace-VERSION-linux-ARCH.tar.gz with the static
# coretrace (stripped) and its links, the man pages and the licences of all they contain
# (LICENSE, LICENSES/), and SHA256SUMS over them, in
# OUTPUT/release. Expects `make static` and `make static ARCH=arm64` done.
# The tarballs are reproducible: sorted, no owners, dated by the last commit.
set -eu

version=${1:?usage: make-release.sh VERSION OUTPUT}
out=${2:?usage: make-release.sh VERSION OUTPUT}
top=$(cd "$(dirname "$0")/.." && pwd)
rel=$out/release
# Dated by the last commit, or in an unpacked tarball by the changelog's
# last entry: never by the clock, so the bytes depend on the source only.
changelog_date() {
	date -d "$(sed -n 's/^ -- .*>  //p' "$top/debian/changelog" | head -n1)" +%s
}
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
	epoch=$SOURCE_DATE_EPOCH
elif [ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$top" ]; then
	epoch=$(git -C "$top" log -1 --format=%ct)
else
	epoch=$(changelog_date)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -rf "$rel"
mkdir -p "$rel"
for pair in x86_64:static aarch64:static-arm64; do
	machine=${pair%%:*}
	dir=$out/${pair#*:}/bin
	name=coretrace-$version-linux-$machine
	[ -d "$dir" ] || { echo "make-release: no $dir (make static first)" >&2; exit 1; }
	mkdir -p "$tmp/$name/bin" "$tmp/$name/man/man8"
	cp -P "$dir"/* "$tmp/$name/bin/" # coretrace, stripped by make static, and its links
	cp "$top"/man/man8/*.8 "$tmp/$name/man/man8/"
	cp "$top/README.md" "$top/LICENSE" "$tmp/$name/"
	cp -r "$top/LICENSES" "$tmp/$name/"
	tar -C "$tmp" --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
		-cf - "$name" | gzip -n9 >"$rel/$name.tar.gz"
done
(cd "$rel" && sha256sum -- *.tar.gz >SHA256SUMS)
echo "make-release: in $rel:"
ls -l "$rel"
