#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# source-tree.sh DIR NAME - the source of coretrace as DIR/NAME: in a git
# checkout the committed tree (HEAD), in an unpacked tarball the files as
# they are, without build output. What make dist and make deb start from.
set -eu

dir=${1:?usage: source-tree.sh DIR NAME}
name=${2:?usage: source-tree.sh DIR NAME}
top=$(cd "$(dirname "$0")/.." && pwd)

if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
	[ "$(git -C "$top" rev-parse --show-toplevel)" = "$top" ]; then
	git -C "$top" archive --format=tar --prefix="$name/" HEAD | tar -x -C "$dir"
else
	mkdir -p "$dir/$name"
	tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$dir/$name" -xf -
fi
