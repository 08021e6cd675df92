#!/bin/sh
# check-deb.sh [DEB_ARCH] - build the Debian package from a copy of the
# source (scripts/source-tree.sh: the committed tree, or an unpacked
# tarball's) (for DEB_ARCH, default the host's: arm64 is a cross build,
# without the unit tests), run lintian on the .changes (errors and
# warnings fail), unpack both packages in a scratch root, check their file
# lists, that they share no file with libbpf-tools, bpfcc-tools or
# bpftrace (but coretrace-names, with Conflicts:), and that a tool runs.
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
# The source package too where the build is native (lintian checks both).
build_what=
[ -n "$build_opts" ] && build_what=-b
# shellcheck disable=SC2086
(cd "$work/coretrace" && dpkg-buildpackage -us -uc $build_what $build_opts >"$work/build.log" 2>&1) || {
	tail -40 "$work/build.log" >&2
	echo "check-deb: dpkg-buildpackage failed" >&2
	exit 1
}
deb=$(ls "$work"/coretrace_*_"$deb_arch".deb)
names_deb=$(ls "$work"/coretrace-names_*_"$deb_arch".deb)
changes=$(ls "$work"/coretrace_*_"$deb_arch".changes)
echo "built $(basename "$deb") $(basename "$names_deb")"

# Errors and warnings fail; what is accepted is in debian/*lintian-overrides,
# each with its reason.
lintian -I --fail-on error,warning "$changes"

mkdir "$work/root"
dpkg -x "$deb" "$work/root"
dpkg -x "$names_deb" "$work/root"
# Kept aside: the host's units are copied over the root below.
cp "$work/root/lib/systemd/system/coretrace-metrics@.service" \
	"$work/root/lib/systemd/system/coretrace-metrics@.service.orig" 2>/dev/null || true
has() { # has DEB PATH: the package holds PATH
	dpkg -c "$1" | awk '{ print $6 }' | grep -qx "./$2"
}
missing=0
for f in usr/sbin/coretrace usr/share/man/man8/coretrace.8.gz; do
	has "$deb" "$f" || { echo "check-deb: $f missing from coretrace" >&2; missing=1; }
done
for tool in "$top"/tools/*.c; do
	name=$(basename "$tool" .c)
	for f in "usr/libexec/coretrace/$name" "usr/share/man/man8/$name.8.gz"; do
		has "$deb" "$f" || { echo "check-deb: $f missing from coretrace" >&2; missing=1; }
	done
	has "$names_deb" "usr/sbin/$name" ||
		{ echo "check-deb: usr/sbin/$name missing from coretrace-names" >&2; missing=1; }
	has "$deb" "usr/sbin/$name" &&
		{ echo "check-deb: coretrace itself has usr/sbin/$name" >&2; missing=1; }
done
[ "$missing" -eq 0 ]
# Debian's hardening flags reached the binary (CPPFLAGS, CFLAGS, LDFLAGS).
# Not control-flow protection's ELF note: bookworm's glibc start files
# (Scrt1.o, crti.o, crtn.o) carry no IBT/SHSTK property, so no binary
# linked there has one (ld -z cet-report=warning names them). Our code is
# built with -fcf-protection all the same (debian/rules).
hardening-check --nocfprotection "$work/root/usr/sbin/coretrace"

# Installable beside Debian's other BPF tools: coretrace shares no file with
# them; coretrace-names only with libbpf-tools, which it Conflicts: with.
files() { dpkg -c "$1" | awk '$1 !~ /^d/ { sub(/ ->.*/, ""); print $6 }' | sort -u; }
others="$work/others"
mkdir "$others"
(cd "$others" && apt-get download -o APT::Sandbox::User=root "libbpf-tools:$deb_arch" bpfcc-tools "bpftrace:$deb_arch" \
	>/dev/null) || { echo "check-deb: cannot fetch libbpf-tools, bpfcc-tools, bpftrace" >&2; exit 1; }
files "$deb" >"$work/ours"
files "$names_deb" >"$work/names"
for other in "$others"/*.deb; do
	pkg=$(dpkg-deb -f "$other" Package)
	files "$other" >"$work/theirs"
	shared=$(comm -12 "$work/ours" "$work/theirs")
	[ -z "$shared" ] || { echo "check-deb: coretrace and $pkg both ship: $shared" >&2; exit 1; }
	shared=$(comm -12 "$work/names" "$work/theirs")
	if [ -n "$shared" ] && ! dpkg-deb -f "$names_deb" Conflicts | grep -qw "$pkg"; then
		echo "check-deb: coretrace-names and $pkg both ship $shared, no Conflicts:" >&2
		exit 1
	fi
	echo "check-deb: coretrace installs beside $pkg$([ -n "$shared" ] && echo "; coretrace-names conflicts with it")"
done

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
"$work/root/usr/sbin/coretrace" syscount --version
"$work/root/usr/sbin/syscount" --version
"$work/root/usr/libexec/coretrace/syscount" --version
mkdir -p "$top/build"
cp "$deb" "$names_deb" "$top/build/"
echo "check-deb: ok, $(basename "$deb") and $(basename "$names_deb") in build/"
