# SPDX-License-Identifier: GPL-2.0
# Payload (needs -I): A (EDI) x2APIC ICR writes, then the VM's own MSR_WRITE
# count as CPUID leaves 0x4FFFFFF1 and 0x4FFFFFFD report it.
#include "payload.h"

/*
 * The writes are those of wrmsr_fast.S (see there why KVM 6.12 completes
 * each ICR write in handle_fastpath_set_msr_irqoff() and re-enters the
 * guest): 1 WRMSR to IA32_APIC_BASE (xAPIC -> x2APIC, normal path), then
 * A WRMSRs of ESI << 32 | 0x40F3 to the x2APIC ICR (0x830). The LAPIC
 * stays software-disabled, so the IPIs are dropped and cause no exits.
 *
 * Then the VM asks the exit statistics interface about itself, with
 * ECX = 32 (VMX basic exit reason MSR_WRITE; SVM numbers it differently,
 * so this payload is meant for VMX):
 *	CPUID 0x4FFFFFF1, ECX = 32: EAX status, EBX:ECX count, EDX
 *	CPUID 0x4FFFFFFD, ECX = 32: EAX count in course layout 2021
 * and prints both as one record:
 *	"@rec <vcpu> eax ebx ecx edx eax ebx ecx edx"
 * With the patched KVM in scope vm, layout 2021, one vCPU and every exit
 * counted (fastpath ones included), that is
 *	0 0 A+1 0  A+1 0 0 0
 * A build that counts only in the exit handler reports 1 (the APIC base
 * write) instead of A + 1.
 *
 * Exits per vCPU, A = EDI (-a):
 *	WRMSR	A + 1	(A of them fastpath-eligible ICR writes)
 *	CPUID	2
 *	IO	10	(8 words + REC, 1 for DONE; with -I DONE ends the vCPU)
 */
#define LEAF_REASON_COUNT	0x4FFFFFF1
#define LEAF_2021_REASON_EXITS	0x4FFFFFFD
#define VMX_MSR_WRITE		32

/* CPUID leaf, ECX = reason; append EAX, EBX, ECX, EDX to the record. */
.macro QUERY leaf, reason
	movl	$\leaf, %eax
	movl	$\reason, %ecx
	cpuid
	REPORT	%eax
	REPORT	%ebx
	REPORT	%ecx
	REPORT	%edx
.endm

_start:
	X2APIC_ON

	movl	$MSR_X2APIC_ICR, %ecx
	movl	%esi, %edx			/* destination: own x2APIC ID */
	movl	$ICR_LOW, %eax
	testl	%edi, %edi
	jz	.Lquery
.Lloop:
	wrmsr
	decl	%edi
	jnz	.Lloop

.Lquery:
	QUERY	LEAF_REASON_COUNT, VMX_MSR_WRITE
	QUERY	LEAF_2021_REASON_EXITS, VMX_MSR_WRITE
	REC
	DONE
