#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A full Linux guest boots under the patched KVM; its own exit table (CPUID)
# is consistent and bracketed by the host's (debugfs).
#
# lab: modules = patched
# lab: image   = linux
# lab: run     = linux-boot 1 0
# lab: check   = lab/checks/linux-boot.sh boot
# lab: timeout = 240
exec "${0%/*}/../../lab/run-scenario" "$0"
