# SPDX-License-Identifier: GPL-2.0
# Make fragment of make bench (bench/, docs/bench.md); included by the top
# Makefile.
#
#   bench          run every benchmark once, write docs/bench.md
#   bench-bins     bench-record (host) and bench-read (lab)
#   bench-images   the lab images with both module sets and the bench
#                  overlay: initramfs-patched-bench, -patched-linux-bench
#
# make check builds these and runs them once with tiny N
# (tests/unit/bench-smoke.t, tests/lab/70-bench-smoke.t).

BENCH_OUT ?= build/bench
LAB_OUT ?= build/lab

BENCH_SRC := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
BENCH_TOP := $(patsubst %/bench,%,$(abspath $(BENCH_SRC)))

ifeq ($(V),1)
Q ?=
else
Q ?= @
endif

BENCH_CC ?= gcc
BENCH_CFLAGS := -Wall -Wextra -Werror -O2 -D_GNU_SOURCE -pthread -MMD -MP

# The kernel's exit path, compiled as it is, with stand-ins for the
# kernel headers it includes
BENCH_RECORD_INCLUDES := -I$(BENCH_TOP)/bench/shim -I$(BENCH_TOP)/kernel/x86 \
	-I$(BENCH_TOP)/kernel/include/uapi

BENCH_BINS := $(BENCH_OUT)/bench-record $(BENCH_OUT)/bench-read
BENCH_IMAGES := $(LAB_OUT)/initramfs-patched-bench.cpio.gz \
	$(LAB_OUT)/initramfs-patched-linux-bench.cpio.gz

.PHONY: bench bench-bins bench-images

bench-bins: $(BENCH_BINS)

$(BENCH_OUT)/bench-record: $(BENCH_SRC)/record.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(BENCH_CC) $(BENCH_CFLAGS) $(BENCH_RECORD_INCLUDES) -o $@ $<

# These run in the lab and in its Linux guest, which have no libraries
$(BENCH_OUT)/bench-read: $(BENCH_SRC)/read.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(BENCH_CC) $(BENCH_CFLAGS) -static \
		-I$(BENCH_TOP)/kernel/include/uapi -o $@ $<

BENCH_MKIMAGE = $(Q)echo "  INITRD  $(BENCH_IMAGES)"; \
	BENCH_OUT=$(BENCH_OUT) $(BENCH_SRC)/mkimage.sh \
		$(LAB_OUT)/initramfs-patched.cpio.gz \
		$(LAB_OUT)/initramfs-patched-bench.cpio.gz \
		$(LAB_OUT)/initramfs-patched-linux.cpio.gz \
		$(LAB_OUT)/initramfs-patched-linux-bench.cpio.gz

# Always repacked, like lab-images (which they are made from)
bench-images: lab-images bench-bins
	$(BENCH_MKIMAGE)

# perf is optional: installed for make bench only (bench/perf-dep.sh)
bench: lab-images bench-bins
	$(Q)$(BENCH_SRC)/perf-dep.sh
	$(BENCH_MKIMAGE)
	$(Q)BENCH_OUT=$(BENCH_OUT) $(BENCH_SRC)/run.sh

check check-lab: bench-images
check check-unit: bench-bins

-include $(BENCH_BINS:=.d)
