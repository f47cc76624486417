#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exitstat -s trace on the stock KVM (perf_event_open on kvm_exit and
# kvm_entry): exact counts per VM and vCPU, exit-to-entry latencies,
# intervals, VMs that come and go, lost events, Ctrl-C, error messages.
#
# lab: modules = stock
# lab: run     = trace-stock
# lab: timeout = 300
exec "${0%/*}/../../lab/run-scenario" "$0"
