#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Bochs lab (Intel VMX): EPT, VPID and unrestricted guest in kvm_intel,
# exact kvm_exit counts of CPUID, I/O, HLT, RDMSR and WRMSR payloads with
# VMX reason numbers, and x2APIC ICR writes in KVM's MSR-write fastpath.
#
# lab: flavour = bochs
# lab: modules = stock
# lab: run     = vmx-basic 1000
# lab: timeout = 300
exec "${0%/*}/../../lab/run-scenario" "$0"
