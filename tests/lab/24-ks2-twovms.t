#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: two VMs alive at once; in scope vm neither sees the other's
# exits, in scope host each sees exactly the sum, as the host-wide table.
#
# lab: modules = patched
# lab: run     = ks2-twovms
# lab: timeout = 120
exec "${0%/*}/../../lab/run-scenario" "$0"
