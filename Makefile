# SPDX-License-Identifier: GPL-2.0
#
# exitstat: count and time the VM exits of KVM guests.
#
#   make demo     build the patched KVM, boot the lab, show exit statistics
#   make check    the whole test suite (unit tests and lab scenarios), TAP
#
# Downloads and builds are cached under $(EXITSTAT_CACHE)
# (default ~/.cache/exitstat); build products of this tree go to build/.

ifeq ($(V),1)
Q =
else
Q = @
endif

BUILD   := build
LAB_OUT := $(BUILD)/lab
EXITSTAT_OUT := $(LAB_OUT)
export LAB_OUT

MODULE_SETS := stock
MODULE_SETS += patched
MODULE_SETS += broken

LAB_IMAGES := $(foreach s,$(MODULE_SETS),$(LAB_OUT)/initramfs-$(s).cpio.gz)

UNIT_TESTS := $(wildcard tests/unit/*.t)
LAB_TESTS  := $(wildcard tests/lab/*.t)

.PHONY: all deps lab-inputs modules series lab-images check check-unit check-lab demo clean
.PHONY: exp-boot exp-npt exp-vcpus results

all: lab-bins $(EXITSTAT_OUT)/exitstat

include lab/vmm/vmm.mk
include tools/exitstat/exitstat.mk
include bench/bench.mk
include lab/selftests/selftests.mk

ABI_INCLUDE := -Ikernel/include/uapi

# The reason tables of the ABI header, as text for the lab's shell scripts.
$(LAB_OUT)/reasons.tsv: lab/reasons.c kernel/include/uapi/asm/kvm_exit_stats.h
	@mkdir -p $(@D)
	$(Q)$(CC) -Wall -Wextra -Werror $(ABI_INCLUDE) -o $(LAB_OUT)/reasons lab/reasons.c
	$(Q)$(LAB_OUT)/reasons >$@

deps:
	$(Q)lab/install-deps.sh

lab-inputs: deps
	$(Q)lab/kernel-inputs.sh

modules: lab-inputs
	$(Q)lab/build-kvm.sh stock >/dev/null
	$(Q)lab/build-kvm.sh patched >/dev/null

# The kernel changes as a "git am" series for the lab kernel, in build/series/
series: lab-inputs
	$(Q)lab/series.sh $(BUILD)/series

# Always repacked: packing takes seconds, and the module sets behind it
# are cached by lab/build-kvm.sh.
lab-images: lab-bins $(EXITSTAT_OUT)/exitstat modules $(LAB_OUT)/reasons.tsv
	$(Q)for s in $(MODULE_SETS); do \
		echo "  INITRD  $(LAB_OUT)/initramfs-$$s.cpio.gz"; \
		lab/mkinitramfs.sh $$s $(LAB_OUT)/initramfs-$$s.cpio.gz || exit 1; \
	done
	@echo "  INITRD  $(LAB_OUT)/initramfs-patched-linux.cpio.gz"
	$(Q)lab/mkinitramfs.sh patched $(LAB_OUT)/initramfs-patched-linux.cpio.gz linux

check: deps lab-bins exitstat-tests lab-images
	prove $(PROVE_FLAGS) $(UNIT_TESTS) $(LAB_TESTS)

check-unit: deps lab-bins exitstat-tests $(EXITSTAT_OUT)/exitstat
	prove $(PROVE_FLAGS) $(UNIT_TESTS)

check-lab: lab-images
	prove $(PROVE_FLAGS) $(LAB_TESTS)

demo: lab-images
	$(Q)lab/demo.sh

# The course experiments; results in build/results/, docs/results.md
exp-boot exp-npt exp-vcpus: lab-images
	$(Q)lab/experiment.sh $(@:exp-%=%)

results: lab-images
	$(Q)lab/experiment.sh results

clean:
	rm -rf $(BUILD)
