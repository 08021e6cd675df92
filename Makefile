# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# coretrace build: bpf/NAME.bpf.c -> NAME.bpf.o -> NAME.skel.h -> tools/NAME.o
# -> build/bin/NAME, all tools linked against one common/ library.
# `make help` lists the targets.

OUTPUT ?= build
PREFIX ?= /usr/local
DESTDIR ?=

CC ?= cc
CLANG ?= clang
BPFTOOL ?= bpftool
CPP := $(CC) -E
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux

# Arch: the kernel's naming (x86, arm64), as __TARGET_ARCH_* and vmlinux/ want it.
ARCH ?= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')

VERSION := $(shell cat VERSION 2>/dev/null || git describe --tags --always --dirty 2>/dev/null || echo 0.0.0)

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
	override OUTPUT := $(OUTPUT)/static
endif
ifeq ($(SANITIZE),1)
	override OUTPUT := $(OUTPUT)/sanitize
	SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

WARNINGS := -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
ifeq ($(WERROR),1)
	WARNINGS += -Werror
endif

CFLAGS ?= -g -O2
LDFLAGS ?=
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=
ALL_CFLAGS := $(CFLAGS) $(WARNINGS) -std=gnu11 -D_GNU_SOURCE \
	-DCORETRACE_VERSION='"$(VERSION)"' \
	-I$(OUTPUT) -I$(OUTPUT)/gen -Icommon -Ibpf $(SAN_FLAGS) $(EXTRA_CFLAGS)
ALL_LDFLAGS := $(LDFLAGS) $(SAN_FLAGS) $(EXTRA_LDFLAGS)
ifeq ($(STATIC),1)
	ALL_LDFLAGS += -static
endif
LIBS := -lbpf -lelf -lz

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall \
	-Ivmlinux/$(ARCH) -Ibpf $(EXTRA_BPF_CFLAGS)

TOOLS := $(sort $(patsubst tools/%.c,%,$(wildcard tools/*.c)))
BINS := $(addprefix $(OUTPUT)/bin/,$(TOOLS))
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
# Tool objects with main() renamed, so unit tests can call each tool's parser.
TESTABLE_TOOL_OBJS := $(patsubst %,$(OUTPUT)/tests/tool_%.o,$(TOOLS))

.DELETE_ON_ERROR:
.SECONDARY:
.PHONY: all static check check-unit check-integration check-kernels bench \
	install dist clean deps vmlinux lint format help

all: $(BINS)

help:
	@echo 'Targets: all (default) static check check-unit check-integration check-kernels'
	@echo '         bench install dist clean deps vmlinux lint format'
	@echo 'Variables: OUTPUT= V=1 ARCH= PREFIX= DESTDIR= CC= CLANG= BPFTOOL= CFLAGS= LDFLAGS='
	@echo '           EXTRA_CFLAGS= EXTRA_LDFLAGS= WERROR=1 SANITIZE=1 REQUIRE_BPF=1'

static:
	$(Q)$(MAKE) --no-print-directory STATIC=1 all
	@echo "static binaries in $(OUTPUT)/static/bin"

# --- kernel halves -----------------------------------------------------------

$(OUTPUT)/bpf/%.bpf.o: bpf/%.bpf.c | $(OUTPUT)/bpf
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -MMD -MP -c $< -o $@.tmp
	$(Q)$(BPFTOOL) gen object $@ $@.tmp && rm -f $@.tmp

$(OUTPUT)/%.skel.h: $(OUTPUT)/bpf/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf > $@

# --- generated name tables (from the kernel's uapi headers) ------------------

$(OUTPUT)/gen/%_table.c: common/gen-names.sh | $(OUTPUT)/gen
	$(call msg,GEN,$@)
	$(Q)CPP="$(CPP)" sh common/gen-names.sh $*s $(ARCH) > $@

# --- user space --------------------------------------------------------------

$(OUTPUT)/common/%.o: common/%.c | $(OUTPUT)/common
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(OUTPUT)/gen/%.o: $(OUTPUT)/gen/%.c
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(COMMON_LIB): $(COMMON_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(OUTPUT)/tools/%.o: tools/%.c $(OUTPUT)/%.skel.h | $(OUTPUT)/tools
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(OUTPUT)/bin/%: $(OUTPUT)/tools/%.o $(COMMON_LIB) | $(OUTPUT)/bin
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -o $@

# --- tests -------------------------------------------------------------------

$(OUTPUT)/tests/tool_%.o: $(OUTPUT)/tools/%.o | $(OUTPUT)/tests
	$(Q)objcopy --redefine-sym main=$(subst -,_,$*)_main $< $@

$(OUTPUT)/tests/unit/%.o: tests/unit/%.c $(GEN_SRCS) | $(OUTPUT)/tests/unit
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -c $< -o $@

$(OUTPUT)/tests/integration/%.o: tests/integration/%.c | $(OUTPUT)/tests/integration/helpers
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/integration -MMD -MP -c $< -o $@

$(UNIT_BIN): $(patsubst tests/unit/%.c,$(OUTPUT)/tests/unit/%.o,$(UNIT_SRCS)) \
		$(TESTABLE_TOOL_OBJS) $(COMMON_LIB)
	$(call msg,TEST,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -lcriterion -o $@

$(INTEG_BIN): $(patsubst tests/%.c,$(OUTPUT)/tests/%.o,$(INTEG_SRCS) $(TEST_HELPER_SRCS))
	$(call msg,TEST,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ -lcriterion -o $@

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
check: check-unit check-integration

check-unit: $(UNIT_BIN)
	$(UNIT_BIN) --jobs 2 $(CRITERION_ARGS)

check-integration: $(BINS) $(INTEG_BIN) $(TEST_PROGS)
	CORETRACE_BIN=$(abspath $(OUTPUT)/bin) REQUIRE_BPF=$(REQUIRE_BPF) \
		$(INTEG_BIN) --jobs 1 $(CRITERION_ARGS)

check-kernels: static
	tests/kernels/run.sh

bench: $(BINS)
	bench/run.sh $(abspath $(OUTPUT)/bin)

# --- housekeeping ------------------------------------------------------------

vmlinux:
	$(call msg,GEN,vmlinux/$(ARCH)/vmlinux.h)
	$(Q)mkdir -p vmlinux/$(ARCH)
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > vmlinux/$(ARCH)/vmlinux.h

deps:
	sh scripts/install-deps.sh

install: $(BINS)
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0755 $(BINS) $(DESTDIR)$(PREFIX)/sbin/
	install -m 0644 $(wildcard man/man8/*.8) $(DESTDIR)$(PREFIX)/share/man/man8/

dist:
	sh scripts/make-dist.sh $(VERSION) $(OUTPUT)

LINT_SRCS := $(wildcard common/*.[ch] tools/*.c bpf/*.bpf.c bpf/*.h bpf/lib/*.h \
	tests/unit/*.c tests/integration/*.[ch] tests/integration/helpers/*.[ch])

format:
	clang-format -i $(LINT_SRCS)

lint: $(GEN_SRCS)
	clang-format --dry-run --Werror $(LINT_SRCS)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -D__x86_64__ \
		-Icommon -I$(OUTPUT)/gen common tools tests/unit tests/integration

clean:
	rm -rf $(OUTPUT)

$(OUTPUT) $(OUTPUT)/bpf $(OUTPUT)/gen $(OUTPUT)/common $(OUTPUT)/tools $(OUTPUT)/bin \
$(OUTPUT)/tests $(OUTPUT)/tests/unit $(OUTPUT)/tests/integration/helpers:
	$(Q)mkdir -p $@

# Generated headers every user-space object may include.
$(patsubst common/%.c,$(OUTPUT)/common/%.o,$(COMMON_SRCS)): | $(OUTPUT)/gen
$(OUTPUT)/tools/%.o $(OUTPUT)/common/%.o: | $(GEN_SRCS)

-include $(wildcard $(OUTPUT)/*/*.d $(OUTPUT)/tests/*/*.d $(OUTPUT)/tests/integration/helpers/*.d)
