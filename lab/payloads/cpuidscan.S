# SPDX-License-Identifier: GPL-2.0
# Payload: CPUID over leaves 0x4FFFFFF0..0x4FFFFFFF x ECX in [A, A + B).
#include "payload.h"

/*
 * For each of the 16 leaves 0x4FFFFFF0..0x4FFFFFFF, for each ECX from A
 * (EDI) up to but not including A + B (EBX, count; mod 2^32), runs CPUID
 * and prints "@rec <vcpu> leaf ecx eax ebx ecx edx". Leaves outer, ECX
 * inner, so lines come in that order.
 *
 * Exits per vCPU, B = EBX (-b):
 *	CPUID	16 * B
 *	IO	112 * B + 1	(7 per CPUID: 6 words + REC; 1 for DONE)
 *	HLT	1	without -I; 0 with -I
 */
#define SCAN_FIRST	0x4FFFFFF0
#define SCAN_LEAVES	16

_start:
	movl	%edi, %eax
	addl	%ebx, %eax
	pushl	%eax			/* 4(%esp): ECX to stop at */
	pushl	%edi			/* 0(%esp): first ECX */
	movl	$SCAN_FIRST, %ebp
.Lleaf:
	movl	0(%esp), %esi
.Lsubleaf:
	cmpl	4(%esp), %esi
	je	.Lnext_leaf
	movl	%ebp, %eax
	movl	%esi, %ecx
	cpuid
	REPORT	%ebp
	REPORT	%esi
	REPORT	%eax
	REPORT	%ebx
	REPORT	%ecx
	REPORT	%edx
	REC
	incl	%esi
	jmp	.Lsubleaf
.Lnext_leaf:
	incl	%ebp
	cmpl	$SCAN_FIRST + SCAN_LEAVES, %ebp
	jne	.Lleaf
	DONE
