#!/bin/sh
# install-deps.sh [all] - install what coretrace needs: with no argument
# what `make` and `make check` need (make deps), as few packages as that
# takes; with "all" also the kernel matrix, arm64, packaging and the
# benchmarks' references (make deps-all). Idempotent: apt-get skips what is
# already there.
set -eu
what=${1:-check}

BUILD="make clang llvm gcc libc6-dev libbpf-dev libelf-dev zlib1g-dev linux-libc-dev pkg-config"
# bpftool has its own package from bookworm on; older releases ship it in linux-tools.
BPFTOOL_PKG=bpftool
TEST="libcriterion-dev jq groff-base util-linux clang-format cppcheck prometheus prometheus-node-exporter bc"
# sslsnoop's tests: TLS peers and OpenSSL to build our own (also statically).
TLS_TEST="openssl gnutls-bin libssl-dev"
# The container tests: a real runtime, running a busybox rootfs we build
# (podman import, no registry); runc, as crun refuses hybrid cgroups.
CONTAINERS="podman runc busybox-static"
# make check-kernels: Debian kernels booted under QEMU from a busybox initramfs.
KERNELS="qemu-system-x86 busybox-static cpio xz-utils zstd"
# make deb and make deb-chroot: the Debian packages, their checks, the
# clean chroot they are built in.
PACKAGING="debhelper dpkg-dev lintian systemd file debootstrap devscripts"
# make bench: the references measured against.
BENCH="libbpf-tools bpftrace"
# ARCH=arm64: the cross compiler, arm64's libraries next to ours
# (multiarch), QEMU to run its programs and boot its kernels.
CROSS_ARM64="gcc-aarch64-linux-gnu libc6-dev:arm64 libbpf-dev:arm64 libelf-dev:arm64
	zlib1g-dev:arm64 linux-libc-dev:arm64 libssl-dev:arm64 qemu-user qemu-system-arm"

if command -v apt-get >/dev/null 2>&1; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "make deps: run as root (sudo make deps)" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	more=
	if [ "$what" = all ]; then
		# arm64 builds here need arm64's -dev packages: Debian multiarch.
		dpkg --print-foreign-architectures | grep -qx arm64 ||
			dpkg --add-architecture arm64
		more="$KERNELS $PACKAGING $CROSS_ARM64 $BENCH"
	fi
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $BUILD $BPFTOOL_PKG $TEST $TLS_TEST $CONTAINERS $more
	exit 0
fi

cat >&2 <<'MSG'
make deps knows apt (Debian, Ubuntu). On other distributions install:
  Fedora/RHEL:  dnf install make clang llvm gcc libbpf-devel elfutils-libelf-devel zlib-devel
                kernel-headers bpftool criterion-devel jq clang-tools-extra cppcheck
  Arch:         pacman -S make clang llvm gcc libbpf libelf zlib linux-api-headers bpf
                criterion jq cppcheck
  Alpine:       apk add make clang llvm gcc musl-dev libbpf-dev elfutils-dev zlib-dev
                linux-headers bpftool jq cppcheck   (static: zlib-static elfutils-dev)
MSG
exit 1
