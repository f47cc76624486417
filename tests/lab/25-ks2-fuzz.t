#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: a hostile guest floods the CPUID leaves with random leaves
# and reasons; every answer keeps the ABI, the log stays quiet or rate
# limited, every CPUID is counted.
#
# lab: modules = patched
# lab: run     = ks2-fuzz
# lab: timeout = 150
exec "${0%/*}/../../lab/run-scenario" "$0"
