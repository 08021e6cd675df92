#!/bin/sh
# check-deb.sh [DEB_ARCH] - build the Debian package from a copy of the
# source (scripts/source-tree.sh: the committed tree, or an unpacked
# tarball's) (for DEB_ARCH, default the host's: arm64 is a cross build,
# without the unit tests), run lintian (errors fail), unpack it in a
# scratch root and check its file list and that a tool runs.
set -eu
deb_arch=${1:-$(dpkg --print-architecture)}
build_opts=
[ "$deb_arch" = "$(dpkg --print-architecture)" ] || build_opts="-a$deb_arch -Pcross,nocheck"
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/coretrace-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT

sh "$top/scripts/source-tree.sh" "$work" coretrace
# One version: the package's is VERSION's.
version=$(cat "$work/coretrace/VERSION")
pkg_version=$(cd "$work/coretrace" && dpkg-parsechangelog -S Version)
[ "$pkg_version" = "$version" ] || {
	echo "check-deb: debian/changelog says $pkg_version, VERSION says $version" >&2
	exit 1
}
# shellcheck disable=SC2086
(cd "$work/coretrace" && dpkg-buildpackage -us -uc -b $build_opts >"$work/build.log" 2>&1) || {
	tail -40 "$work/build.log" >&2
	echo "check-deb: dpkg-buildpackage failed" >&2
	exit 1
}
deb=$(ls "$work"/coretrace_*_"$deb_arch".deb)
echo "built $(basename "$deb")"

lintian --fail-on error "$deb"

mkdir "$work/root"
dpkg -x "$deb" "$work/root"
# Kept aside: the host's units are copied over the root below.
cp "$work/root/lib/systemd/system/coretrace-metrics@.service" \
	"$work/root/lib/systemd/system/coretrace-metrics@.service.orig" 2>/dev/null || true
missing=0
for tool in "$top"/tools/*.c; do
	name=$(basename "$tool" .c)
	for f in "usr/sbin/$name" "usr/share/man/man8/$name.8.gz"; do
		if [ ! -e "$work/root/$f" ]; then
			echo "check-deb: $f missing from the package" >&2
			missing=1
		fi
	done
done
[ "$missing" -eq 0 ]
# The metrics service: systemd-analyze verify, for every tool, in the
# unpacked root beside this host's own units (it needs sysinit.target).
unit=lib/systemd/system/coretrace-metrics@.service
[ -f "$work/root/$unit" ] || { echo "check-deb: $unit missing from the package" >&2; exit 1; }
if command -v systemd-analyze >/dev/null 2>&1 && [ -d /lib/systemd/system ]; then
	cp -a /lib/systemd/system/. "$work/root/lib/systemd/system/"
	cp "$work/root/$unit.orig" "$work/root/$unit" 2>/dev/null || true
	for tool in "$top"/tools/*.c; do
		name=$(basename "$tool" .c)
		said=$(systemd-analyze verify --man=no --root="$work/root" \
			"/lib/systemd/system/coretrace-metrics@$name.service" 2>&1) || true
		[ -z "$said" ] || { echo "check-deb: systemd-analyze verify: $said" >&2; exit 1; }
	done
	echo "check-deb: coretrace-metrics@.service verified for every tool"
fi
"$work/root/usr/sbin/syscount" --version
mkdir -p "$top/build"
cp "$deb" "$top/build/"
echo "check-deb: ok, $(basename "$deb") in build/"
