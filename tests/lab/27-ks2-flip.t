#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: 300 VMs, each the only one alive (no keepers): every first
# VM and every last one flips static keys, and every exit is still counted.
#
# Single-threaded TCG: flipping a static key patches kernel text through
# int3 (text_poke_bp), and QEMU's multi-threaded TCG now and then lets
# the other vCPU run the stale int3 after the patch is done: "Oops: int3"
# in __schedule. Seen in 6 of 7 multi-threaded boots of this scenario
# (800 VM lives each; 0 of 6 single-threaded), and without KVM at all by
# toggling the sched_switch tracepoint: an emulator artefact, not KVM's.
#
# lab: modules = patched
# lab: run     = ks2-flip 3
# lab: accel   = tcg,thread=single
# lab: timeout = 300
exec "${0%/*}/../../lab/run-scenario" "$0"
