# SPDX-License-Identifier: GPL-2.0
# Payload: A (EDI) byte INs from PORT_SINK, each checked to read 0xE5.
#include "payload.h"

/*
 * Exits per vCPU, A = EDI (-a):
 *	IO	A + 1	(A x "inb %dx, %al" from PORT_SINK 0x5E2, 1 for DONE)
 *	HLT	1	without -I; 0 with -I
 * If a read is not PORT_SINK_BYTE the payload stops after that IN with
 * FAIL; @fail words: the byte read, the INs still to do (3 more OUTs).
 */
_start:
	movw	$PORT_SINK, %dx
	testl	%edi, %edi
	jz	.Lend
.Lloop:
	inb	%dx, %al
	cmpb	$PORT_SINK_BYTE, %al
	jne	.Lbad
	decl	%edi
	jnz	.Lloop
.Lend:
	DONE

.Lbad:
	movzbl	%al, %eax
	REPORT	%eax
	REPORT	%edi
	FAIL
