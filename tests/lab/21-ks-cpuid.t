#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: CPUID leaves 0x4ffffff0..0x4fffffff, layouts, scopes, statuses.
#
# lab: modules = patched
# lab: run     = ks-cpuid
# lab: timeout = 300
exec "${0%/*}/../../lab/run-scenario" "$0"
