# SPDX-License-Identifier: GPL-2.0
# Payload: A (EDI) RDMSRs of IA32_APIC_BASE (0x1B).
#include "payload.h"

/*
 * KVM intercepts RDMSR of IA32_APIC_BASE on both SVM and VMX and answers
 * it from vcpu->arch.apic_base, with or without -I.
 *
 * Exits per vCPU, A = EDI (-a):
 *	RDMSR	A
 *	IO	1	(DONE)
 *	HLT	1	without -I; 0 with -I
 */
_start:
	movl	$MSR_IA32_APICBASE, %ecx
	testl	%edi, %edi
	jz	.Lend
.Lloop:
	rdmsr
	decl	%edi
	jnz	.Lloop
.Lend:
	DONE
