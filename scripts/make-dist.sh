#!/bin/sh
# make dist: a source tarball coretrace-VERSION.tar.gz of the committed tree
# (or, in an unpacked tarball, of its files), reproducible: sorted, no
# owners, dated by SOURCE_DATE_EPOCH or the last commit.
set -eu
version=$1
out=${2:-build}
name=coretrace-$version
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sh "$(dirname "$0")/source-tree.sh" "$tmp" "$name"
mkdir -p "$out"
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
tar -C "$tmp" --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -cf - "$name" |
	gzip -n9 >"$out/$name.tar.gz"
echo "$out/$name.tar.gz"
