#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: 8 vCPUs x 10,000 CPUIDs are exactly 80,000 more CPUID exits,
# per VM, per vCPU, host-wide and through the CPUID leaves.
#
# Single-threaded TCG, whatever the runner's default: multi-threaded TCG
# now and then breaks nested guests and text patching (see 27-ks2-flip.t).
#
# lab: modules = patched
# lab: run     = ks2-smp
# lab: accel   = tcg,thread=single
# lab: timeout = 120
exec "${0%/*}/../../lab/run-scenario" "$0"
