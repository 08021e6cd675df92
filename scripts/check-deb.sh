#!/bin/sh
# check-deb.sh [DEB_ARCH] - build the Debian package from a copy of the
# committed tree (for DEB_ARCH, default the host's: arm64 is a cross build,
# without the unit tests), run lintian (errors fail), unpack it in a
# scratch root and check its file list and that a tool runs.
set -eu
deb_arch=${1:-$(dpkg --print-architecture)}
build_opts=
[ "$deb_arch" = "$(dpkg --print-architecture)" ] || build_opts="-a$deb_arch -Pcross,nocheck"
top=$(git rev-parse --show-toplevel)
work=$(mktemp -d /tmp/coretrace-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT

git -C "$top" archive --format=tar --prefix=coretrace/ HEAD | tar -x -C "$work"
git -C "$top" describe --tags --always --dirty > "$work/coretrace/VERSION"
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
"$work/root/usr/sbin/syscount" --version
mkdir -p "$top/build"
cp "$deb" "$top/build/"
echo "check-deb: ok, $(basename "$deb") in build/"
