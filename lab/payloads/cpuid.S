# SPDX-License-Identifier: GPL-2.0
# Payload: A (EDI) CPUID instructions with EAX = 0, ECX = 0.
#include "payload.h"

/*
 * Exits per vCPU, A = EDI (-a):
 *	CPUID	A
 *	IO	1	(DONE)
 *	HLT	1	without -I; 0 with -I
 * Nothing else executes an exit-causing instruction.
 */
_start:
	testl	%edi, %edi
	jz	.Lend
.Lloop:
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	cpuid
	decl	%edi
	jnz	.Lloop
.Lend:
	DONE
