# SPDX-License-Identifier: GPL-2.0
# Make fragment for the lab's testvmm and its payloads; included by the top Makefile.

LAB_OUT ?= build/lab

# Where this fragment lives, so sources are found however it is included.
LAB_SRC := $(patsubst %/vmm/,%,$(dir $(lastword $(MAKEFILE_LIST))))

ifeq ($(V),1)
Q ?=
else
Q ?= @
endif

LAB_CC ?= gcc
LAB_LD ?= ld
LAB_OBJCOPY ?= objcopy

LAB_CFLAGS := -Wall -Wextra -Werror -O2 -static -pthread -D_GNU_SOURCE \
	-MMD -MP
LAB_ASFLAGS := -m16 -nostdlib -ffreestanding -Wall -Werror -MMD -MP

LAB_VMM_OBJS := \
	$(LAB_OUT)/vmm/exit.o \
	$(LAB_OUT)/vmm/guest.o \
	$(LAB_OUT)/vmm/kvm.o \
	$(LAB_OUT)/vmm/main.o \
	$(LAB_OUT)/vmm/proto.o \
	$(LAB_OUT)/vmm/run.o \
	$(LAB_OUT)/vmm/vcpu.o

LAB_PAYLOADS := \
	bench \
	course \
	cpuid \
	cpuidfuzz \
	cpuidq \
	cpuidscan \
	cpuidself \
	hlt \
	icrq \
	in \
	mixed \
	msrmeet \
	out \
	rdmsr \
	timer \
	wrmsr \
	wrmsr_fast

LAB_PAYLOAD_BINS := $(patsubst %,$(LAB_OUT)/payloads/%.bin,$(LAB_PAYLOADS))

.PHONY: lab-bins
lab-bins: $(LAB_OUT)/testvmm $(LAB_PAYLOAD_BINS)

$(LAB_OUT)/testvmm: $(LAB_VMM_OBJS)
	@echo "  LD      $@"
	$(Q)$(LAB_CC) $(LAB_CFLAGS) -o $@ $^

$(LAB_OUT)/vmm/%.o: $(LAB_SRC)/vmm/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(LAB_CC) $(LAB_CFLAGS) -c -o $@ $<

# Payloads: preprocess and assemble, link at 0x1000, keep only .text.
$(LAB_OUT)/payloads/%.o: $(LAB_SRC)/payloads/%.S
	@mkdir -p $(@D)
	@echo "  AS      $@"
	$(Q)$(LAB_CC) $(LAB_ASFLAGS) -c -o $@ $<

$(LAB_OUT)/payloads/%.elf: $(LAB_OUT)/payloads/%.o
	@echo "  LD      $@"
	$(Q)$(LAB_LD) -m elf_i386 -Ttext=0x1000 -e _start --build-id=none \
		-o $@ $<

$(LAB_OUT)/payloads/%.bin: $(LAB_OUT)/payloads/%.elf
	@echo "  OBJCOPY $@"
	$(Q)$(LAB_OBJCOPY) -O binary -j .text $< $@

# Keep the .elf files: 'objdump -D -m i8086' on them shows the code.
.SECONDARY: $(patsubst %,$(LAB_OUT)/payloads/%.elf,$(LAB_PAYLOADS)) \
	$(patsubst %,$(LAB_OUT)/payloads/%.o,$(LAB_PAYLOADS))

-include $(LAB_VMM_OBJS:.o=.d)
-include $(patsubst %,$(LAB_OUT)/payloads/%.d,$(LAB_PAYLOADS))
