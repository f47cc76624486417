#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM on Intel VMX (Bochs): exact exits per SDM reason in debugfs,
# tracepoint and the guest's CPUID view, fastpath exits (x2APIC ICR
# writes, LAPIC timer on the VMX preemption timer) included; reason
# statuses in the three course layouts; scope vm vs host; then the same
# payloads with kvm_intel ept=0 (shadow paging, real mode in vm86).
#
# lab: flavour = bochs
# lab: modules = patched
# lab: run     = vmx2-stats 300
# lab: timeout = 400
exec "${0%/*}/../../lab/run-scenario" "$0"
