#!/bin/sh
# make dist: a source tarball coretrace-VERSION.tar.gz of the committed tree,
# with a VERSION file so that a build from it knows its version without git.
set -eu
version=$1
out=${2:-build}
name=coretrace-$version
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

git archive --format=tar --prefix="$name/" HEAD | tar -x -C "$tmp"
echo "$version" > "$tmp/$name/VERSION"
mkdir -p "$out"
tar -C "$tmp" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
