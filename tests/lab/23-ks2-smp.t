#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: 8 vCPUs x 10,000 CPUIDs are exactly 80,000 more CPUID exits,
# per VM, per vCPU, host-wide and through the CPUID leaves.
#
# lab: modules = patched
# lab: run     = ks2-smp
# lab: timeout = 120
exec "${0%/*}/../../lab/run-scenario" "$0"
