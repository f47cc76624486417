#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: 100 VM lives (testvmm -r 100) leave exactly their exits in
# the host-wide table; the modules unload and reload cleanly.
#
# Single-threaded TCG: under QEMU's multi-threaded TCG a vCPU of a nested
# guest now and then runs with corrupted state (its RIP an L1 kernel
# address, or an OUT to port 0 it never executed), also with the stock
# modules; see 27-ks2-flip.t for that and the int3 text-patching crash.
#
# lab: modules = patched
# lab: run     = ks2-life
# lab: accel   = tcg,thread=single
# lab: timeout = 180
exec "${0%/*}/../../lab/run-scenario" "$0"
