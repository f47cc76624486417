#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: two VMs alive at once; in scope vm neither sees the other's
# exits, in scope host each sees exactly the sum, as the host-wide table.
#
# Single-threaded TCG, whatever the runner's default: multi-threaded TCG
# now and then breaks nested guests and text patching (see 27-ks2-flip.t).
#
# lab: modules = patched
# lab: run     = ks2-twovms
# lab: accel   = tcg,thread=single
# lab: timeout = 120
exec "${0%/*}/../../lab/run-scenario" "$0"
