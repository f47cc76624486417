# SPDX-License-Identifier: GPL-2.0
# Payload (needs -I): x2APIC mode, then A (EDI) fastpath WRMSRs to the ICR.
#include "payload.h"

/*
 * Needs -I (in-kernel LAPIC) and x2APIC in the guest CPUID, which testvmm
 * sets from KVM_GET_SUPPORTED_CPUID. Without -I the ICR write raises #GP
 * and testvmm reports the exception.
 *
 * 1. WRMSR IA32_APIC_BASE = 0xFEE00C00 (| BSP bit 8 on vCPU 0): xAPIC ->
 *    x2APIC, allowed by kvm_apic_set_base(); normal exit path. KVM then
 *    sets the x2APIC ID to the vCPU index (= ESI).
 * 2. A x WRMSR x2APIC ICR (0x830) = ESI << 32 | 0x40F3: fixed delivery,
 *    physical destination, no shorthand, level assert, vector 0xF3, sent
 *    to this vCPU's own x2APIC ID (never 0xFFFFFFFF broadcast). In 6.12
 *    handle_fastpath_set_msr_irqoff() takes case 0x830, and
 *    handle_fastpath_set_x2apic_icr_irqoff() accepts exactly this form
 *    (x2APIC mode, NOSHORT, PHYSICAL, DM_FIXED, not broadcast), then
 *    kvm_x2apic_icr_write() finds no reserved bits set. The write is
 *    completed without leaving the irqs-off fastpath.
 *    No further exits: the LAPIC stays software-disabled (SVR bit 8 is
 *    clear after reset), so __apic_accept_irq() drops the fixed IPI;
 *    nothing becomes pending, no interrupt window is opened. (Were it
 *    enabled, IF = 0 would still keep the vector pending without exits.)
 *
 * On SVM the fastpath needs NRIPS (kvm_amd.nrips=1 and a CPU with it);
 * without it the same writes take the normal path, same exit counts.
 *
 * Exits per vCPU, A = EDI (-a):
 *	WRMSR	A + 1	(A of them fastpath-eligible ICR writes)
 *	IO	1	(DONE; with -I it ends the vCPU, so no HLT exit)
 */

_start:
	X2APIC_ON

	movl	$MSR_X2APIC_ICR, %ecx
	movl	%esi, %edx			/* destination: own x2APIC ID */
	movl	$ICR_LOW, %eax
	testl	%edi, %edi
	jz	.Lend
.Lloop:
	wrmsr
	decl	%edi
	jnz	.Lloop
.Lend:
	DONE
