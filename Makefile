# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# coretrace build: bpf/NAME.bpf.c -> NAME.bpf.o -> NAME.skel.h -> tools/NAME.o
# -> build/bin/NAME, all tools linked against one common/ library.
# `make help` lists the targets.

OUTPUT ?= build
BASE_OUTPUT := $(OUTPUT)
PREFIX ?= /usr/local
DESTDIR ?=

CC ?= cc
CLANG ?= clang
BPFTOOL ?= bpftool
CPP := $(CC) -E
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux

# Arch: the kernel's naming (x86, arm64), as __TARGET_ARCH_* and vmlinux/ want it.
HOST_ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
ARCH ?= $(HOST_ARCH)

# Another architecture: Debian's cross compiler (gcc-aarch64-linux-gnu) and
# that architecture's libraries from multiarch (libbpf-dev:arm64, ...);
# `make deps ARCH=arm64` installs them. Its objects live in build/ARCH
# (static: build/static-ARCH), never mixed with the host's.
ifneq ($(ARCH),$(HOST_ARCH))
	CROSS := 1
	GNU_ARCH_arm64 := aarch64
	GNU_ARCH_x86 := x86_64
	GNU_ARCH := $(GNU_ARCH_$(ARCH))
	CROSS_COMPILE ?= $(GNU_ARCH)-linux-gnu-
	ifeq ($(origin CC),default)
		CC := $(CROSS_COMPILE)gcc
	endif
	ifeq ($(origin AR),default)
		AR := $(CROSS_COMPILE)ar
	endif
	# Criterion of that architecture cannot be installed beside the host's:
	# the unit tests link against a private unpacked copy of it.
	SYSROOT ?= $(BASE_OUTPUT)/sysroot-$(ARCH)
	SYSROOT_LIBS := $(SYSROOT)/usr/lib/$(GNU_ARCH)-linux-gnu
	TEST_CFLAGS := -I$(SYSROOT)/usr/include
	TEST_LDFLAGS := -L$(SYSROOT_LIBS) -Wl,-rpath-link,$(SYSROOT_LIBS)
	# Programs of that architecture run here under QEMU user emulation.
	RUN := qemu-$(GNU_ARCH) -E CORETRACE_EMULATED=1 \
		-E LD_LIBRARY_PATH=$(SYSROOT_LIBS):$(SYSROOT)/lib/$(GNU_ARCH)-linux-gnu
endif
OBJCOPY ?= $(CROSS_COMPILE)objcopy

# One source of truth: the VERSION file (-V, tarballs, the package, whose
# changelog make deb checks against it).
VERSION := $(shell cat VERSION)

ifeq ($(V),1)
	Q =
	msg =
else
	Q = @
	msg = @printf '  %-8s %s\n' "$(1)" "$(patsubst $(abspath $(OUTPUT))/%,%,$(abspath $(2)))";
endif

# Static builds and sanitizer builds live in their own output trees so that
# switching never mixes objects.
ifeq ($(STATIC),1)
	override OUTPUT := $(OUTPUT)/static$(if $(CROSS),-$(ARCH))
else ifdef CROSS
	override OUTPUT := $(OUTPUT)/$(ARCH)
endif
# Fuzzing: clang with libFuzzer's instrumentation, and the sanitizers.
ifeq ($(FUZZ),1)
	override OUTPUT := $(OUTPUT)/fuzz
	override CC := clang
	SAN_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=undefined
endif
ifeq ($(SANITIZE),1)
	override OUTPUT := $(OUTPUT)/sanitize
	SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

WARNINGS := -Wall -Wextra -Wmissing-prototypes -Wno-unused-parameter -Wno-missing-field-initializers
ifeq ($(WERROR),1)
	WARNINGS += -Werror
endif

CFLAGS ?= -g -O2
LDFLAGS ?=
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=
# Build paths stay out of the objects (debug info, __FILE__): two trees
# give the same bytes. CPPFLAGS too, where distributions put their
# hardening (-D_FORTIFY_SOURCE).
PREFIX_MAP := -ffile-prefix-map=$(CURDIR)=.
ALL_CFLAGS := $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -std=gnu11 -D_GNU_SOURCE $(PREFIX_MAP) \
	-DCORETRACE_VERSION='"$(VERSION)"' \
	-I$(OUTPUT) -I$(OUTPUT)/gen -I. -Icommon -Ibpf $(SAN_FLAGS) $(EXTRA_CFLAGS)
ALL_LDFLAGS := $(LDFLAGS) $(SAN_FLAGS) $(EXTRA_LDFLAGS)
ifeq ($(STATIC),1)
	# Position independent where glibc has static-pie (x86_64, arm64).
	ALL_LDFLAGS += -static-pie
	ALL_CFLAGS += -fPIE -DCORETRACE_STATIC # no NSS: see args_user()
endif
LIBS := -lbpf -lelf -lz

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall $(PREFIX_MAP) \
	-Ivmlinux/$(ARCH) -Ibpf $(EXTRA_BPF_CFLAGS)

TOOLS := $(sort $(patsubst tools/%.c,%,$(wildcard tools/*.c)))
TOOL_OBJS := $(patsubst %,$(OUTPUT)/tools/%.o,$(TOOLS))
# One program for all the tools (cli/): coretrace, and under each tool's
# name a link to it that behaves as that tool.
CLI_OBJS := $(patsubst cli/%.c,$(OUTPUT)/cli/%.o,$(wildcard cli/*.c))
CORETRACE := $(OUTPUT)/bin/coretrace
TOOL_LINKS := $(addprefix $(OUTPUT)/bin/,$(TOOLS))
BINS := $(CORETRACE) $(TOOL_LINKS)
COMMON_SRCS := $(wildcard common/*.c)
GEN_TABLES := syscall errno signal
GEN_SRCS := $(patsubst %,$(OUTPUT)/gen/%_table.c,$(GEN_TABLES))
COMMON_OBJS := $(patsubst common/%.c,$(OUTPUT)/common/%.o,$(COMMON_SRCS)) \
	$(patsubst $(OUTPUT)/gen/%.c,$(OUTPUT)/gen/%.o,$(GEN_SRCS))
COMMON_LIB := $(OUTPUT)/libcoretrace.a

UNIT_SRCS := $(wildcard tests/unit/*.c)
INTEG_SRCS := $(wildcard tests/integration/test_*.c)
TEST_HELPER_SRCS := $(wildcard tests/integration/helpers/*.c)
UNIT_BIN := $(OUTPUT)/tests/unit_tests
INTEG_BIN := $(OUTPUT)/tests/integration_tests

.DELETE_ON_ERROR:
.SECONDARY:
.PHONY: all static check check-unit check-integration check-newtool check-kernels soak bench \
	install dist release deb deb-chroot check-repro clean deps deps-all vmlinux syscall-names lint format help fuzz fuzz-run fuzz-seeds FORCE

all: $(BINS)

help:
	@echo 'Targets: all (default) static check check-unit check-integration check-kernels'
	@echo '         bench install dist release deb deb-chroot check-repro clean deps deps-all vmlinux'
	@echo '         syscall-names lint format'
	@echo 'Variables: OUTPUT= V=1 ARCH= PREFIX= DESTDIR= LIBEXECDIR= NAMES=0 CC= CLANG= BPFTOOL= CFLAGS= LDFLAGS='
	@echo '           EXTRA_CFLAGS= EXTRA_LDFLAGS= WERROR=1 SANITIZE=1 REQUIRE_BPF=1'

static:
	$(Q)$(MAKE) --no-print-directory STATIC=1 all
	@echo "static binaries in $(BASE_OUTPUT)/static$(if $(CROSS),-$(ARCH))/bin"

# --- kernel halves -----------------------------------------------------------

define compile_bpf
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -MMD -MP -MT $@ -c $< -o $@.tmp
	$(Q)$(BPFTOOL) gen object $@ $@.tmp && rm -f $@.tmp
endef

$(OUTPUT)/bpf/%.bpf.o: bpf/%.bpf.c vmlinux/$(ARCH)/vmlinux.h | $(OUTPUT)/bpf
	$(compile_bpf)

# Committed for every architecture the tools are built for.
vmlinux/%/vmlinux.h:
	@echo "no vmlinux/$*/vmlinux.h: 'make vmlinux ARCH=$*' generates it" >&2; exit 1

$(OUTPUT)/%.skel.h: $(OUTPUT)/bpf/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf > $@

# The benchmark's floor program: built like a tool, but not installed.
$(OUTPUT)/bench/floor.bpf.o: bench/floor.bpf.c | $(OUTPUT)/bench
	$(compile_bpf)

$(OUTPUT)/bench/floor.skel.h: $(OUTPUT)/bench/floor.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name floor_bpf > $@

$(OUTPUT)/bench/floor: bench/floor.c $(OUTPUT)/bench/floor.skel.h $(COMMON_LIB)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(OUTPUT)/bench $(ALL_LDFLAGS) $< $(COMMON_LIB) $(LIBS) -o $@

# --- generated name tables (from the kernel's uapi headers) ------------------

$(OUTPUT)/gen/%_table.c: common/gen-names.sh | $(OUTPUT)/gen
	$(call msg,GEN,$@)
	$(Q)CPP="$(CPP)" sh common/gen-names.sh $*s $(ARCH) > $@

# Syscall names are committed, made from the newest uapi headers Debian has
# (make syscall-names), not from the build host's: new syscalls keep their
# names on an older distribution, and every build has the same table.
$(OUTPUT)/gen/syscall_table.c: common/syscall_names/$(ARCH).c | $(OUTPUT)/gen
	$(call msg,GEN,$@)
	$(Q)cp $< $@

syscall-names:
	sh scripts/syscall-names.sh

# The list of tools, for code that covers every tool (the fuzz target):
# CORETRACE_TOOL(NAME) lines, and an #include of each tools/NAME.h.
# Rewritten only when the list changes, so nothing rebuilds needlessly.
TOOL_LIST := $(OUTPUT)/gen/tools.h $(OUTPUT)/gen/tool_headers.h

$(OUTPUT)/gen/tools.h: FORCE | $(OUTPUT)/gen
	$(Q)printf 'CORETRACE_TOOL(%s)\n' $(TOOLS) > $@.tmp && \
		{ cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@; }

$(OUTPUT)/gen/tool_headers.h: FORCE | $(OUTPUT)/gen
	$(Q)printf '#include "tools/%s.h"\n' $(TOOLS) > $@.tmp && \
		{ cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@; }

FORCE:

# --- user space --------------------------------------------------------------

$(OUTPUT)/common/%.o: common/%.c | $(OUTPUT)/common
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# The process tree filter's own BPF object, embedded in the library.
$(OUTPUT)/common/filter.o: $(OUTPUT)/tree.skel.h

$(OUTPUT)/gen/%.o: $(OUTPUT)/gen/%.c
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(COMMON_LIB): $(COMMON_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(OUTPUT)/tools/%.o: tools/%.c $(OUTPUT)/%.skel.h | $(OUTPUT)/tools
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(OUTPUT)/cli/%.o: cli/%.c | $(OUTPUT)/cli $(TOOL_LIST) $(GEN_SRCS)
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(CORETRACE): $(CLI_OBJS) $(TOOL_OBJS) $(COMMON_LIB) | $(OUTPUT)/bin $(OUTPUT)/debug
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -o $@
ifeq ($(STATIC),1)
	$(Q)$(OBJCOPY) --only-keep-debug $@ $(OUTPUT)/debug/coretrace.debug
	$(Q)$(OBJCOPY) --strip-all --add-gnu-debuglink=$(OUTPUT)/debug/coretrace.debug $@
endif

# Relative, so the directory can move (a tarball, a container image).
$(TOOL_LINKS): $(CORETRACE)
	$(call msg,LINK,$@)
	$(Q)ln -sfn coretrace $@

# --- tests -------------------------------------------------------------------

ifdef CROSS
SYSROOT_READY := $(SYSROOT)/ready
$(SYSROOT_READY):
	$(call msg,SYSROOT,$(SYSROOT))
	$(Q)sh scripts/cross-sysroot.sh $(ARCH) $(SYSROOT) libcriterion-dev
endif

$(OUTPUT)/tests/unit/%.o: tests/unit/%.c $(GEN_SRCS) $(SYSROOT_READY) | $(OUTPUT)/tests/unit
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests -MMD -MP -c $< -o $@

$(OUTPUT)/tests/integration/%.o: tests/integration/%.c | $(OUTPUT)/tests/integration/helpers
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/integration -MMD -MP -c $< -o $@

$(UNIT_BIN): $(patsubst tests/unit/%.c,$(OUTPUT)/tests/unit/%.o,$(UNIT_SRCS)) \
		$(TOOL_OBJS) $(COMMON_LIB)
	$(call msg,TEST,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) $(TEST_LDFLAGS) $^ $(LIBS) -lcriterion -o $@


$(INTEG_BIN): $(patsubst tests/%.c,$(OUTPUT)/tests/%.o,$(INTEG_SRCS) $(TEST_HELPER_SRCS))
	$(call msg,TEST,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -lcriterion -o $@

# Programs the integration tests run: tests/integration/progs/NAME.c, built
# against libssl and, as NAME-static, with OpenSSL linked in statically.
TEST_PROG_SRCS := $(wildcard tests/integration/progs/*.c)
TEST_PROGS := $(patsubst tests/integration/progs/%.c,$(OUTPUT)/tests/progs/%,$(TEST_PROG_SRCS)) \
	$(patsubst tests/integration/progs/%.c,$(OUTPUT)/tests/progs/%-static,$(TEST_PROG_SRCS))

$(OUTPUT)/tests/progs/%-static: tests/integration/progs/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D) && $(CC) $(CFLAGS) $(WARNINGS) $< \
		-Wl,-Bstatic -lssl -lcrypto -Wl,-Bdynamic -lpthread -ldl -o $@

$(OUTPUT)/tests/progs/%: tests/integration/progs/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D) && $(CC) $(CFLAGS) $(WARNINGS) $< -lssl -lcrypto -o $@

# Criterion runs each test in its own process; -j1 keeps BPF tests from
# seeing each other's workloads.
# The copy of the tree check-newtool builds is the same under SANITIZE=1.
check: check-unit check-integration $(if $(SANITIZE),,check-newtool)

# With ARCH= another architecture, under QEMU user emulation ($(RUN)); its
# test processes are exec'd, so binfmt_misc learns about QEMU (root).
check-unit: $(UNIT_BIN)
	$(if $(CROSS),$(Q)sh scripts/qemu-binfmt.sh $(ARCH))
	$(RUN) $(UNIT_BIN) --jobs 2 $(CRITERION_ARGS)

check-integration: $(BINS) $(INTEG_BIN) $(TEST_PROGS)
	CORETRACE_BIN=$(abspath $(OUTPUT)/bin) REQUIRE_BPF=$(REQUIRE_BPF) \
		$(INTEG_BIN) --jobs 1 $(CRITERION_ARGS)

# libFuzzer targets in tests/fuzz/fuzz_NAME.c, each run for FUZZ_SECONDS from
# its committed seed corpus tests/fuzz/corpus/NAME/ (new inputs go to a
# scratch copy). A crash fails the target; crashing inputs belong in unit tests.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
# argp keeps its parser state on the heap; the args target longjmps out of
# argp on every usage error, so that memory is never freed: no leak checks
# there, and room for what piles up in FUZZ_SECONDS.
FUZZ_ENV_args := ASAN_OPTIONS=detect_leaks=0
FUZZ_OPTS_args := -detect_leaks=0 -close_fd_mask=3 -rss_limit_mb=8192

fuzz:
	$(Q)$(MAKE) --no-print-directory FUZZ=1 fuzz-run

fuzz-run: fuzz-seeds $(addprefix fuzz-run-,$(FUZZ_TARGETS))

# Every tool has a seed that names it (the args target picks the parser by
# the input's first line).
fuzz-seeds:
	$(Q)for t in $(TOOLS); do \
		ls tests/fuzz/corpus/args/$$t* >/dev/null 2>&1 || \
		{ echo "no seed for $$t in tests/fuzz/corpus/args/" >&2; exit 1; }; \
	done

# Seeds made from others rather than committed: an ELF cut short after its
# program headers (a binary with no source of its own in the tree).
FUZZ_SEEDS_elf := head -c 200 libtiny.so > truncated

fuzz-run-%: $(OUTPUT)/fuzz_%
	$(Q)work=$$(mktemp -d) && cp tests/fuzz/corpus/$*/* $$work/ && \
	(cd $$work && $(or $(FUZZ_SEEDS_$*),:)) && \
	echo "fuzz $* for $(FUZZ_SECONDS)s" && \
	if ! env $(FUZZ_ENV_$*) $< -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-artifact_prefix=$(OUTPUT)/crash-$*- \
		$(FUZZ_OPTS_$*) $$work > $<.log 2>&1; then \
		tail -40 $<.log; rm -rf $$work; exit 1; \
	fi; \
	grep -E '^stat::number_of_executed_units|^Done' $<.log; rm -rf $$work

$(OUTPUT)/fuzz_%: tests/fuzz/fuzz_%.c $(TOOL_OBJS) $(COMMON_LIB) | $(TOOL_LIST)
	$(call msg,FUZZ,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) $(filter-out %.h,$^) $(LIBS) -o $@

# README's "Adding a tool", followed on a copy of the tree (tests/newtool).
check-newtool:
	REQUIRE_BPF=$(REQUIRE_BPF) tests/newtool/run.sh

check-kernels: static
	$(Q)$(MAKE) --no-print-directory ARCH=arm64 static
	tests/kernels/run.sh

# Endurance, not in CI: each tool for SOAK_SECONDS under a mixed workload;
# RSS and maps of calls in flight must not grow (tests/soak/run.sh).
SOAK_SECONDS ?= 600
soak: $(BINS)
	SOAK_SECONDS=$(SOAK_SECONDS) tests/soak/run.sh $(OUTPUT)/bin

# Measured: the static binaries (what fleets copy; libbpf linked in, as in
# Debian's libbpf-tools); the dynamic build's start-up and memory too.
bench: $(BINS) $(OUTPUT)/bench/floor
	$(Q)$(MAKE) --no-print-directory STATIC=1 all
	FLOOR=$(abspath $(OUTPUT)/bench/floor) DYNAMIC_BINDIR=$(abspath $(OUTPUT)/bin) \
		bench/run.sh $(abspath $(OUTPUT)/static/bin)

# --- housekeeping ------------------------------------------------------------

# The host's from its own kernel BTF (VMLINUX_BTF); another architecture's
# from the BTF inside Debian's kernel package for it (scripts/vmlinux.sh).
VMLINUX_SERIES ?= $(ARCH)-6.12
vmlinux:
	$(call msg,GEN,vmlinux/$(ARCH)/vmlinux.h)
	$(Q)mkdir -p vmlinux/$(ARCH) $(OUTPUT)
ifdef CROSS
	$(Q)BPFTOOL=$(BPFTOOL) sh scripts/vmlinux.sh $(VMLINUX_SERIES) $(OUTPUT)/vmlinux.btf \
		vmlinux/$(ARCH)/vmlinux.h
else
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > vmlinux/$(ARCH)/vmlinux.h
endif

# What make and make check need; deps-all adds the kernel matrix, arm64,
# packaging and the benchmarks' references.
deps:
	sh scripts/install-deps.sh

deps-all:
	sh scripts/install-deps.sh all

# coretrace in sbin, each tool's link in LIBEXECDIR (for scripts that want
# one tool without taking its name in PATH), and, unless NAMES=0, the plain
# names in sbin too (what Debian's coretrace-names package ships).
LIBEXECDIR ?= $(PREFIX)/libexec/coretrace
NAMES ?= 1
install: $(BINS)
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(LIBEXECDIR) \
		$(DESTDIR)$(PREFIX)/share/man/man8 $(DESTDIR)$(PREFIX)/share/doc/coretrace/LICENSES
	install -m 0755 $(CORETRACE) $(DESTDIR)$(PREFIX)/sbin/coretrace
	$(Q)for t in $(TOOLS); do \
		ln -sfnr $(DESTDIR)$(PREFIX)/sbin/coretrace $(DESTDIR)$(LIBEXECDIR)/$$t || exit 1; \
		if [ "$(NAMES)" = 1 ]; then ln -sfn coretrace $(DESTDIR)$(PREFIX)/sbin/$$t || exit 1; fi; \
	done
	install -m 0644 $(wildcard man/man8/*.8) $(DESTDIR)$(PREFIX)/share/man/man8/
	install -m 0644 LICENSE $(DESTDIR)$(PREFIX)/share/doc/coretrace/
	install -m 0644 $(wildcard LICENSES/*) $(DESTDIR)$(PREFIX)/share/doc/coretrace/LICENSES/

dist:
	sh scripts/make-dist.sh $(VERSION) $(OUTPUT)

# The static tools of both architectures, in one tarball each, with
# SHA256SUMS: build/release (scripts/make-release.sh).
release:
	$(Q)$(MAKE) --no-print-directory static
	$(Q)$(MAKE) --no-print-directory static ARCH=arm64
	sh scripts/make-release.sh $(VERSION) $(BASE_OUTPUT)

# Debian package of the committed tree, checked with lintian; with
# ARCH=arm64 cross-built (dpkg-buildpackage -aarm64).
deb:
	sh scripts/check-deb.sh $(if $(filter arm64,$(ARCH)),arm64,$(shell dpkg --print-architecture))

# The package built in a clean Debian chroot (debootstrap --variant=minbase,
# then only its Build-Depends), which proves them complete.
deb-chroot:
	sh scripts/deb-chroot.sh $(BASE_OUTPUT)/chroot

# Two builds of the same source in different directories: byte-identical.
check-repro:
	sh scripts/check-repro.sh

LINT_SRCS := $(wildcard cli/*.[ch] common/*.[ch] tools/*.[ch] tests/fuzz/*.[ch] bench/*.c bpf/*.bpf.c bpf/*.h bpf/lib/*.h \
	tests/unit/*.c tests/integration/*.[ch] tests/integration/helpers/*.[ch] \
	tests/newtool/tools/*.[ch] tests/newtool/bpf/*.[ch])

format:
	clang-format -i $(LINT_SRCS)

# cppcheck skips the Criterion test files (its parser does not know the
# Test() macros) and the BPF side (vmlinux.h); clang checks those.
lint: $(GEN_SRCS)
	clang-format --dry-run --Werror $(LINT_SRCS)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -D__x86_64__ \
		-I. -Icommon -Ibpf -I$(OUTPUT) -I$(OUTPUT)/gen cli common tools tests/integration/helpers

clean:
	rm -rf $(OUTPUT)

$(OUTPUT) $(OUTPUT)/bpf $(OUTPUT)/gen $(OUTPUT)/common $(OUTPUT)/tools $(OUTPUT)/cli $(OUTPUT)/bin $(OUTPUT)/debug \
$(OUTPUT)/tests $(OUTPUT)/tests/unit $(OUTPUT)/tests/integration/helpers $(OUTPUT)/bench:
	$(Q)mkdir -p $@

# Generated headers every user-space object may include.
$(patsubst common/%.c,$(OUTPUT)/common/%.o,$(COMMON_SRCS)): | $(OUTPUT)/gen
$(OUTPUT)/tools/%.o $(OUTPUT)/common/%.o: | $(GEN_SRCS)

-include $(wildcard $(OUTPUT)/*/*.d $(OUTPUT)/tests/*/*.d $(OUTPUT)/tests/integration/helpers/*.d)
