# SPDX-License-Identifier: GPL-2.0
# Payload: the course experiment in small: A (EDI) CPUIDs, then B (EBX) OUTs.
#include "payload.h"

/*
 * Exits per vCPU, A = EDI (-a), B = EBX (-b):
 *	CPUID	A	(EAX = 0, ECX = 0)
 *	IO	B + 1	(B x "outb %al, %dx" to PORT_SINK 0x5E2, 1 for DONE)
 *	HLT	1	without -I; 0 with -I
 */
_start:
	testl	%edi, %edi
	jz	.Lout
.Lcpuid:
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	pushl	%ebx		/* CPUID writes EBX */
	cpuid
	popl	%ebx
	decl	%edi
	jnz	.Lcpuid
.Lout:
	movw	$PORT_SINK, %dx
	xorl	%eax, %eax
	testl	%ebx, %ebx
	jz	.Lend
.Lsink:
	outb	%al, %dx
	decl	%ebx
	jnz	.Lsink
.Lend:
	DONE
