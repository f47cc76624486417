# SPDX-License-Identifier: GPL-2.0
# Payload: A (EDI) byte OUTs to PORT_SINK.
#include "payload.h"

/*
 * Exits per vCPU, A = EDI (-a):
 *	IO	A + 1	(A x "outb %al, %dx" to PORT_SINK 0x5E2, 1 for DONE)
 *	HLT	1	without -I; 0 with -I
 */
_start:
	movw	$PORT_SINK, %dx
	xorl	%eax, %eax
	testl	%edi, %edi
	jz	.Lend
.Lloop:
	outb	%al, %dx
	decl	%edi
	jnz	.Lloop
.Lend:
	DONE
