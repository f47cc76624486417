# SPDX-License-Identifier: GPL-2.0
# Payload: one CPUID with EAX = A (EDI), ECX = B (EBX), reported as a record.
#include "payload.h"

/*
 * Prints one line "@rec <vcpu> A B eax ebx ecx edx".
 *
 * Exits per vCPU:
 *	CPUID	1
 *	IO	8	(6 words + REC, 1 for DONE)
 *	HLT	1	without -I; 0 with -I
 */
_start:
	REPORT	%edi
	REPORT	%ebx
	movl	%edi, %eax
	movl	%ebx, %ecx
	cpuid
	REPORT	%eax
	REPORT	%ebx
	REPORT	%ecx
	REPORT	%edx
	REC
	DONE
