# SPDX-License-Identifier: GPL-2.0
# Make fragment for the kernel's KVM selftests as a peer suite of the lab
# (lab/selftests/, tests/lab/60-selftests.t); included by the top Makefile.
#
#   selftests-build    build the selftests of the lab kernel's source (cached)
#   selftests-images   $(LAB_OUT)/initramfs-{stock,patched}-selftests.cpio.gz
#   check-selftests    only the selftests suite: two lab boots, compared
#
# check and check-lab need the images, so this fragment adds them there.

LAB_OUT ?= build/lab
SELFTESTS_SRC := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

ifeq ($(V),1)
Q ?=
else
Q ?= @
endif

.PHONY: selftests-build selftests-images check-selftests

# The build script is cached by itself (kernel version and script), so
# calling it is cheap once it has run.
selftests-build: lab-inputs
	$(Q)$(SELFTESTS_SRC)/build.sh >/dev/null

# Repacked every time, like lab-images: the base images are.
selftests-images: lab-images selftests-build
	@echo "  INITRD  $(LAB_OUT)/initramfs-{stock,patched}-selftests.cpio.gz"
	$(Q)$(SELFTESTS_SRC)/mkimage.sh stock patched

check-selftests: selftests-images
	prove $(PROVE_FLAGS) tests/lab/60-selftests.t

check check-lab: selftests-images
