/* SPDX-License-Identifier: GPL-2.0 */
/* Assembler macros shared by the payloads: report words, REC, DONE, FAIL. */
#ifndef EXITSTAT_LAB_PAYLOAD_H
#define EXITSTAT_LAB_PAYLOAD_H

#include "../vmm/ports.h"

/*
 * Every payload is a flat 16-bit binary linked at PAYLOAD_ADDR; its first
 * byte is _start. testvmm enters it with CS = DS = ES = 0, a private stack
 * per vCPU, ESI = vCPU index, EDI = arg A (-a), EBX = arg B (-b) and
 * EBP = number of vCPUs; see lab/vmm/ports.h for the protocol.
 *
 * Exit cost of these macros (each OUT is one I/O exit):
 *	REPORT		1 OUT
 *	REC		1 OUT		(a record of k words: k + 1 OUTs)
 *	DONE		1 OUT, then 1 HLT exit without -I (none with -I)
 *	FAIL		1 OUT		(the vCPU stops there)
 * All of them preserve every register. The only memory they touch is the
 * vCPU's own stack.
 *
 * The counts each payload states are the exits its instructions cause.
 * Not stated, because no instruction decides them: NPF / EPT-violation
 * exits on the first touch of a guest page (page tables are per VM, so
 * which vCPU takes them varies) and external-interrupt exits from the host.
 */

	.code16
	.text
	.globl	_start

/* Append a 32-bit register or immediate (not %esp) to the record. */
.macro REPORT src
	pushl	%edx
	pushl	%eax
	movl	\src, %eax
	movw	$PORT_DATA, %dx
	outl	%eax, %dx
	popl	%eax
	popl	%edx
.endm

.macro COMMAND cmd
	pushl	%edx
	pushl	%eax
	movb	$\cmd, %al
	movw	$PORT_CMD, %dx
	outb	%al, %dx
	popl	%eax
	popl	%edx
.endm

/* Print the record as one "@rec" line and clear it. */
.macro REC
	COMMAND	CMD_REC
.endm

/* Finish: without -I testvmm ends the vCPU at the HLT, with -I at the OUT. */
.macro DONE
	COMMAND	CMD_DONE
.Ldone_hlt\@:
	hlt
	jmp	.Ldone_hlt\@
.endm

/* Report failure with the words sent so far; testvmm stops the vCPU. */
.macro FAIL
	COMMAND	CMD_FAIL
.Lfail_hlt\@:
	hlt
	jmp	.Lfail_hlt\@
.endm

#define APICBASE_X2APIC		0xFEE00C00	/* base, EN (11), EXTD (10) */
#define APICBASE_BSP		0x100
/* An x2APIC ICR write that KVM's MSR fastpath takes: assert, fixed, 0xF3 */
#define ICR_LOW			0x40F3

/*
 * Switch this vCPU's LAPIC to x2APIC mode: one WRMSR to IA32_APICBASE
 * (BSP bit for vCPU 0, from ESI). Clobbers EAX, ECX, EDX.
 */
.macro X2APIC_ON
	movl	$MSR_IA32_APICBASE, %ecx
	movl	$APICBASE_X2APIC, %eax
	xorl	%edx, %edx
	testl	%esi, %esi
	jnz	.Lap\@
	orl	$APICBASE_BSP, %eax
.Lap\@:
	wrmsr
.endm

#endif /* EXITSTAT_LAB_PAYLOAD_H */
