#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: exit_stats_print_every reports in the kernel log, rate limited.
#
# lab: modules = patched
# lab: run     = ks-dmesg
# lab: timeout = 300
exec "${0%/*}/../../lab/run-scenario" "$0"
