#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: 300 VMs, each the only one alive (no keepers): every first
# VM and every last one flips static keys, and every exit is still counted.
#
# Single-threaded TCG. QEMU 7.2's multi-threaded TCG shows two emulator
# faults that are not KVM's (numbers from this lab on 2 busy cores):
# - Flipping a static key patches kernel text through int3 (text_poke_bp)
#   and another vCPU still runs the int3 after the patch is complete:
#   "Oops: int3" in __schedule. This scenario (500 or 800 VM lives a
#   boot) crashed 6 of 7 multi-threaded boots and none of 6 single-threaded
#   ones (4800 VM lives); toggling the sched_switch tracepoint without any
#   VM, stock modules, crashed 2 of 4 multi-threaded boots, none of 3.
# - A nested guest's vCPU now and then runs with corrupted state: its RIP
#   an L1 kernel address (0xffffffffc04cf000), or an OUT to port 0 that
#   the payload never executes. 8 vCPUs x 10000 CPUIDs (cpuid.bin,
#   cpuidself.bin) failed 9 of 170 runs with the patched modules and 7 of
#   145 with the stock ones multi-threaded; 0 of 110 and 0 of 85
#   single-threaded.
#
# lab: modules = patched
# lab: run     = ks2-flip 3
# lab: accel   = tcg,thread=single
# lab: timeout = 300
exec "${0%/*}/../../lab/run-scenario" "$0"
