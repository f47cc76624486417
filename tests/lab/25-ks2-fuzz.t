#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: a hostile guest floods the CPUID leaves with random leaves
# and reasons; every answer keeps the ABI, the log stays quiet or rate
# limited, every CPUID is counted.
#
# Single-threaded TCG: under QEMU's multi-threaded TCG a vCPU of a nested
# guest now and then runs with corrupted state (its RIP an L1 kernel
# address, or an OUT to port 0 it never executed), also with the stock
# modules; see 27-ks2-flip.t for that and the int3 text-patching crash.
#
# lab: modules = patched
# lab: run     = ks2-fuzz
# lab: accel   = tcg,thread=single
# lab: timeout = 150
exec "${0%/*}/../../lab/run-scenario" "$0"
