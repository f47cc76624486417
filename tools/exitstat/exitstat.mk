# SPDX-License-Identifier: GPL-2.0
# Make fragment for the exitstat CLI and its unit test programs; included
# by the top Makefile.  Standalone: make -f tools/exitstat/exitstat.mk TARGET
#
#   $(EXITSTAT_OUT)/exitstat   the CLI, linked statically (copied into guests)
#   exitstat-tests             the C programs of tests/unit/exitstat-*.t

EXITSTAT_OUT ?= build/lab
EXITSTAT_TEST_OUT ?= build/tests

# Where this fragment lives, so sources are found however it is included.
EXITSTAT_SRC := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
EXITSTAT_TOP := $(patsubst %/tools/exitstat,%,$(abspath $(EXITSTAT_SRC)))
EXITSTAT_TESTS_SRC := $(EXITSTAT_TOP)/tests/unit/exitstat

# Including this fragment must not change the including Makefile's
# default goal; restored at the end.
EXITSTAT_SAVED_GOAL := $(.DEFAULT_GOAL)

ifeq ($(V),1)
Q ?=
else
Q ?= @
endif

EXITSTAT_CC ?= gcc
EXITSTAT_CFLAGS := -Wall -Wextra -Werror -O2 -D_GNU_SOURCE -MMD -MP \
	-I$(EXITSTAT_TOP)/kernel/include/uapi
EXITSTAT_OBJ_DIR := $(EXITSTAT_OUT)/exitstat-objs
EXITSTAT_TEST_OBJ_DIR := $(EXITSTAT_TEST_OUT)/exitstat-objs

# Everything but main.o: the unit tests link these too.
EXITSTAT_LIB_OBJS := \
	$(EXITSTAT_OBJ_DIR)/cpuid.o \
	$(EXITSTAT_OBJ_DIR)/csv.o \
	$(EXITSTAT_OBJ_DIR)/debugfs.o \
	$(EXITSTAT_OBJ_DIR)/debugfs_source.o \
	$(EXITSTAT_OBJ_DIR)/json.o \
	$(EXITSTAT_OBJ_DIR)/reasons.o \
	$(EXITSTAT_OBJ_DIR)/report.o \
	$(EXITSTAT_OBJ_DIR)/run.o \
	$(EXITSTAT_OBJ_DIR)/snapshot.o \
	$(EXITSTAT_OBJ_DIR)/source.o \
	$(EXITSTAT_OBJ_DIR)/table.o \
	$(EXITSTAT_OBJ_DIR)/trace_events.o \
	$(EXITSTAT_OBJ_DIR)/trace_format.o \
	$(EXITSTAT_OBJ_DIR)/trace_pair.o \
	$(EXITSTAT_OBJ_DIR)/trace_ring.o \
	$(EXITSTAT_OBJ_DIR)/trace_source.o \
	$(EXITSTAT_OBJ_DIR)/trace_target.o

EXITSTAT_OBJS := \
	$(EXITSTAT_OBJ_DIR)/main.o \
	$(EXITSTAT_LIB_OBJS)

EXITSTAT_TEST_PROGS := \
	cpuid \
	debugfs \
	output \
	snapshot \
	trace

EXITSTAT_TEST_BINS := \
	$(patsubst %,$(EXITSTAT_TEST_OUT)/exitstat-%,$(EXITSTAT_TEST_PROGS))

.PHONY: exitstat-tests

exitstat-tests: $(EXITSTAT_TEST_BINS)

$(EXITSTAT_OUT)/exitstat: $(EXITSTAT_OBJS)
	@echo "  LD      $@"
	$(Q)$(EXITSTAT_CC) -static -o $@ $^

$(EXITSTAT_OBJ_DIR)/%.o: $(EXITSTAT_SRC)/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(EXITSTAT_CC) $(EXITSTAT_CFLAGS) -c -o $@ $<

$(EXITSTAT_TEST_OBJ_DIR)/%.o: $(EXITSTAT_TESTS_SRC)/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(EXITSTAT_CC) $(EXITSTAT_CFLAGS) -I$(EXITSTAT_SRC) -c -o $@ $<

$(EXITSTAT_TEST_OUT)/exitstat-%: $(EXITSTAT_TEST_OBJ_DIR)/test-%.o \
		$(EXITSTAT_LIB_OBJS)
	@echo "  LD      $@"
	$(Q)$(EXITSTAT_CC) -o $@ $^

# Keep the test objects: make would delete them as intermediates.
.SECONDARY: $(patsubst %,$(EXITSTAT_TEST_OBJ_DIR)/test-%.o,$(EXITSTAT_TEST_PROGS))

-include $(EXITSTAT_OBJS:.o=.d)
-include $(patsubst %,$(EXITSTAT_TEST_OBJ_DIR)/test-%.d,$(EXITSTAT_TEST_PROGS))

.DEFAULT_GOAL := $(EXITSTAT_SAVED_GOAL)
