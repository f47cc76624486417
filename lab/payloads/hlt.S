# SPDX-License-Identifier: GPL-2.0
# Payload: A (EDI) HLT instructions, resumed one by one by testvmm (no -I).
#include "payload.h"

/*
 * Without -I only: with an in-kernel irqchip KVM handles HLT itself and,
 * as IF = 0, the vCPU would sleep forever (testvmm then times out).
 *
 * Exits per vCPU, A = EDI (-a):
 *	HLT	A + 1	(A counted, 1 after DONE that ends the vCPU)
 *	IO	1	(DONE)
 */
_start:
	testl	%edi, %edi
	jz	.Lend
.Lloop:
	hlt
	decl	%edi
	jnz	.Lloop
.Lend:
	DONE
