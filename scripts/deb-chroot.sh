#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# deb-chroot.sh DIR - build the Debian packages as a distribution's builder
# does: in a clean chroot (debootstrap --variant=minbase, Debian's
# registry) that gets only build-essential and debian/control's
# Build-Depends, unit tests included. A missing Build-Depends fails here.
# The minbase root is kept as DIR/minbase.tar and unpacked afresh each run.
# Needs root. DEBIAN_MIRROR and DEBIAN_SUITE (default bookworm) override.
set -eu
dir=${1:?usage: deb-chroot.sh DIR}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${DEBIAN_SUITE:-bookworm}
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "deb-chroot: needs root (chroot, debootstrap)" >&2; exit 1; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
root=$dir/root

if [ ! -f "$dir/minbase.tar" ]; then
	echo "deb-chroot: debootstrap --variant=minbase $suite from $mirror"
	rm -rf "$dir/new"
	debootstrap --variant=minbase "$suite" "$dir/new" "$mirror" >"$dir/debootstrap.log" 2>&1 || {
		tail -20 "$dir/debootstrap.log" >&2
		echo "deb-chroot: debootstrap failed" >&2
		exit 1
	}
	tar -C "$dir/new" -cf "$dir/minbase.tar.tmp" . && mv "$dir/minbase.tar.tmp" "$dir/minbase.tar"
	rm -rf "$dir/new"
fi
cleanup() {
	umount "$root/proc" 2>/dev/null || true
	rm -rf "$root"
}
cleanup
trap cleanup EXIT
mkdir "$root"
tar -C "$root" -xf "$dir/minbase.tar"
mount -t proc proc "$root/proc"
mkdir -p "$root/src"
sh "$top/scripts/source-tree.sh" "$root/src" coretrace
cat >"$root/src/build.sh" <<'SCRIPT'
set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
apt-get update -qq
# build-essential and exactly the Build-Depends of debian/control
apt-get build-dep -y -qq --no-install-recommends ./coretrace >/dev/null
cd coretrace
dpkg-buildpackage -us -uc
SCRIPT
echo "deb-chroot: building in $root (log: $dir/build.log)"
chroot "$root" sh -c 'cd /src && sh build.sh' >"$dir/build.log" 2>&1 || {
	tail -40 "$dir/build.log" >&2
	echo "deb-chroot: the build in the clean chroot failed" >&2
	exit 1
}
grep -E '^\[====\] Synthesis' "$dir/build.log" || {
	echo "deb-chroot: the unit tests did not run in the package build" >&2
	exit 1
}
rm -f "$dir"/*.deb
cp "$root"/src/*.deb "$dir/"
echo "deb-chroot: ok, built in a clean $suite chroot:"
ls "$dir"/*.deb
