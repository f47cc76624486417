#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exitstat -s trace under Bochs (Intel VMX): VMX numbering, exact counts,
# and fastpath exits (x2APIC ICR writes) passing kvm_exit and kvm_entry.
#
# lab: flavour = bochs
# lab: modules = stock
# lab: run     = trace-vmx 300
# lab: timeout = 300
exec "${0%/*}/../../lab/run-scenario" "$0"
