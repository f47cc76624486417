# SPDX-License-Identifier: GPL-2.0
# Payload: A (EDI) rounds of 3 CPUID, 2 OUT, 1 IN, 1 RDMSR, 1 WRMSR.
#include "payload.h"

/*
 * One round: CPUID x3 (EAX = ECX = 0), OUT x2 and IN x1 on PORT_SINK,
 * RDMSR of IA32_APIC_BASE (0x1B), WRMSR of 0 to IA32_UCODE_REV (0x8B, the
 * normal-path write of wrmsr.S).
 *
 * Exits per vCPU, A = EDI (-a):
 *	CPUID	3 * A
 *	IO	3 * A + 1	(2A OUT + A IN on PORT_SINK, 1 OUT for DONE)
 *	RDMSR	A
 *	WRMSR	A	(normal path)
 *	HLT	1	without -I; 0 with -I
 * A wrong IN value stops the payload with FAIL right after that IN; @fail
 * words: the byte read, the rounds still to do (3 more OUTs).
 */
_start:
	testl	%edi, %edi
	jz	.Lend
.Lloop:
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	cpuid
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	cpuid
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	cpuid

	movw	$PORT_SINK, %dx
	outb	%al, %dx
	outb	%al, %dx
	inb	%dx, %al
	cmpb	$PORT_SINK_BYTE, %al
	jne	.Lbad

	movl	$MSR_IA32_APICBASE, %ecx
	rdmsr
	movl	$MSR_IA32_UCODE_REV, %ecx
	xorl	%eax, %eax
	xorl	%edx, %edx
	wrmsr

	decl	%edi
	jnz	.Lloop
.Lend:
	DONE

.Lbad:
	movzbl	%al, %eax
	REPORT	%eax
	REPORT	%edi
	FAIL
