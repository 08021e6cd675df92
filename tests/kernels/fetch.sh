#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# fetch.sh SERIES...  - download Debian's own kernel package for each kernel
# series (5.10, 6.1, 6.12; arm64-6.1, arm64-6.12 for Debian's arm64 kernels)
# and unpack what a guest needs: vmlinuz, the modules the checks ask for
# (decompressed: busybox insmod can't read .ko.xz/.ko.zst) and the modules
# they depend on. SERIES "uapi" is the newest uapi headers instead: sid's
# linux-libc-dev, unpacked in $CORETRACE_KERNELS_CACHE/uapi/root.
#
# Everything lives in $CORETRACE_KERNELS_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/coretrace-kernels), outside the source tree.
# apt runs on a private sources list, lists and package cache there, so the
# host's apt state is never touched. A kernel already unpacked is not fetched
# again: a second run downloads nothing. CORETRACE_KERNELS_REFRESH=1 re-resolves
# the newest package of each series.
#
# Modules wanted: $CORETRACE_KERNEL_MODULES (space separated names), plus any
# "# modules:" line in tests/kernels/checks/*.sh.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${CORETRACE_KERNELS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/cache}/.cache}/coretrace-kernels}
host_arch=$(dpkg --print-architecture)

# Series -> Debian suite whose linux-image-ARCH metapackage is that series.
suite_of() {
	case ${1#arm64-} in
	5.10) echo bullseye ;;
	6.1) echo bookworm ;;
	6.12) echo trixie ;;
	*) echo "fetch.sh: unknown kernel series '$1' (known: [arm64-]5.10 6.1 6.12)" >&2; exit 2 ;;
	esac
}

# "arm64-6.1" is Debian's arm64 kernel; a bare series, the host's.
arch_of() {
	case $1 in
	arm64-*) echo arm64 ;;
	*) echo "$host_arch" ;;
	esac
}

# Reuse the Debian mirror the host is configured with.
mirror() {
	m=$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null |
		grep -v security | head -n1 | tr -d ' ')
	echo "${CORETRACE_DEBIAN_MIRROR:-${m%/}}"
}

modules_wanted() {
	{
		echo "${CORETRACE_KERNEL_MODULES:-}"
		sed -n 's/^# modules://p' "$here"/checks/*.sh 2>/dev/null
	} | tr ' ' '\n' | grep -v '^$' | sort -u
}

apt_dir=$cache/apt
apt_opts() {
	echo "-o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=$apt_dir/empty" \
		"-o Dir::State::Lists=$apt_dir/lists -o Dir::State::status=$apt_dir/status" \
		"-o Dir::Cache=$apt_dir/cache -o Debug::NoLocking=1 -o APT::Sandbox::User=root -o APT::Get::List-Cleanup=0" \
		"-o Dir::Etc::Preferences=$apt_dir/empty/prefs -o Dir::Etc::PreferencesParts=$apt_dir/empty" \
		"-o APT::Architecture=$host_arch -o APT::Architectures::=$host_arch -o APT::Architectures::=arm64"
}

apt_updated=
apt_update() {
	[ -n "$apt_updated" ] && return 0
	m=$(mirror)
	[ -n "$m" ] || { echo "fetch.sh: no Debian mirror in /etc/apt/sources.list*" >&2; exit 1; }
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/empty"
	: >"$apt_dir/status"
	# sid's lists only when its headers are wanted: they are the largest.
	for s in bullseye bookworm trixie ${want_sid:+sid}; do
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $m $s main"
	done >"$apt_dir/sources.list"
	echo "fetch: apt-get update (private lists in $apt_dir)" >&2
	# shellcheck disable=SC2046
	apt-get -q $(apt_opts) update >&2
	apt_updated=1
}

fetch_one() {
	series=$1
	arch=$(arch_of "$series")
	dest=$cache/$series
	if [ -f "$dest/ready" ] && [ -z "${CORETRACE_KERNELS_REFRESH:-}" ]; then
		missing=
		for mod in $(modules_wanted); do
			grep -qx "$mod" "$dest/modules.wanted" || missing=1
		done
		[ -z "$missing" ] && return 0
	fi
	suite=$(suite_of "$series")
	debdir=$cache/debs
	mkdir -p "$debdir"
	# Only more modules wanted: unpack the package we have again, offline.
	deb=
	if [ -f "$dest/package" ] && [ -z "${CORETRACE_KERNELS_REFRESH:-}" ]; then
		deb=$(find "$debdir" -name "$(cat "$dest/package")" | head -n1)
	fi
	if [ -z "$deb" ]; then
		apt_update
		# shellcheck disable=SC2046
		pkg=$(apt-cache $(apt_opts) depends "linux-image-$arch/$suite" 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | grep -v unsigned | head -n1)
		pkg=${pkg%%:*} # a foreign architecture's name says it: ":arm64"
		case $pkg in
		linux-image-"${series#arm64-}".*) ;;
		*) echo "fetch.sh: $suite's linux-image-$arch is '$pkg', not a $series kernel" >&2; exit 1 ;;
		esac
		deb=$(find "$debdir" -name "${pkg}_*.deb" | head -n1)
	fi
	if [ -z "$deb" ]; then
		echo "fetch: downloading $pkg ($suite)" >&2
		# shellcheck disable=SC2046
		(cd "$debdir" && apt-get -q $(apt_opts) download "$pkg:$arch/$suite" >&2)
		deb=$(find "$debdir" -name "${pkg}_*.deb" | head -n1)
	fi

	echo "fetch: unpacking $(basename "$deb")" >&2
	tmp=$(mktemp -d "$cache/unpack.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	# Debian's packages carry no modules.dep (depmod runs at install):
	# unpack the modules and follow each one's "depends" field.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' '*/modules/*'
	moddir=$(dirname "$(find "$tmp" -name modules.builtin | head -n1)")
	kver=$(basename "$moddir")

	rm -rf "$dest.new"
	mkdir -p "$dest.new/modules"
	cp "$tmp"/boot/vmlinuz-* "$dest.new/vmlinuz"
	wanted=$(modules_wanted)
	order=
	need=$wanted
	while [ -n "$need" ]; do
		next=
		for mod in $need; do
			ko=$dest.new/modules/$mod.ko
			[ -f "$ko" ] && continue
			f=$(find "$moddir/kernel" -name "$mod.ko*" | head -n1)
			if [ -z "$f" ]; then
				grep -qE "/$mod\.ko\$" "$moddir/modules.builtin" ||
					echo "fetch: warning: no module '$mod' in $kver" >&2
				continue
			fi
			case $f in
			*.ko.xz) xz -dc "$f" >"$ko" ;;
			*.ko.zst) zstd -qdc "$f" >"$ko" ;;
			*.ko.gz) gzip -dc "$f" >"$ko" ;;
			*) cp "$f" "$ko" ;;
			esac
			order="$mod $order" # dependencies end up first
			# The .modinfo section's "depends=a,b" names what must load first.
			deps=$(tr '\0' '\n' <"$ko" | sed -n 's/^depends=//p' | head -n1)
			next="$next $(echo "$deps" | tr ',' ' ')"
		done
		need=$next
	done
	: >"$dest.new/modules.order"
	for mod in $order; do
		grep -qx "$mod.ko" "$dest.new/modules.order" || echo "$mod.ko" >>"$dest.new/modules.order"
	done
	echo "$kver" >"$dest.new/release"
	basename "$deb" >"$dest.new/package"
	echo "$wanted" >"$dest.new/modules.wanted"
	touch "$dest.new/ready"
	rm -rf "$dest"
	mv "$dest.new" "$dest"
	rm -rf "$tmp"
	trap - EXIT
	echo "fetch: $series -> $kver" >&2
}

# The newest uapi headers: linux-libc-dev is one package for every
# architecture, each one's asm/ under usr/lib/linux/uapi/ARCH.
fetch_uapi() {
	dest=$cache/uapi
	[ -f "$dest/ready" ] && [ -z "${CORETRACE_KERNELS_REFRESH:-}" ] && return 0
	apt_update
	debdir=$cache/debs
	mkdir -p "$debdir"
	echo "fetch: downloading linux-libc-dev (sid)" >&2
	# shellcheck disable=SC2046
	(cd "$debdir" && apt-get -q $(apt_opts) download linux-libc-dev/sid >&2)
	# shellcheck disable=SC2012
	deb=$(ls -t "$debdir"/linux-libc-dev_*.deb | head -n1)
	rm -rf "$dest.new"
	mkdir -p "$dest.new"
	dpkg-deb -x "$deb" "$dest.new/root"
	basename "$deb" .deb >"$dest.new/package"
	touch "$dest.new/ready"
	rm -rf "$dest"
	mv "$dest.new" "$dest"
	echo "fetch: uapi -> $(cat "$dest/package")" >&2
}

[ $# -gt 0 ] || set -- 5.10 6.1 6.12
want_sid=
case " $* " in *" uapi "*) want_sid=1 ;; esac
for series; do
	case $series in
	uapi) fetch_uapi ;;
	*) fetch_one "$series" ;;
	esac
done
