# SPDX-License-Identifier: GPL-2.0
# Payload: B (EBX) rounds of A (EDI) CPUIDs on every vCPU, after each round
# vCPU 0 reads the VM's CPUID exit count through leaf 0x4FFFFFF1.
#include "payload.h"

/* The ABI header is C and assembler alike once __ASSEMBLY__ hides its types. */
#define __ASSEMBLY__
#include "probe.h"
#include <asm/svm.h>
#include <asm/vmx.h>

/*
 * vCPU 0 first reads leaf 0x4FFFFFF0 (one CPUID) for the reason numbering:
 * the CPUID exit is SVM_EXIT_CPUID (0x72) on SVM, EXIT_REASON_CPUID (10) on
 * VMX. Without the "KVMExitStats" signature it stops with FAIL (words: the
 * four registers).
 *
 * Each round: every vCPU runs A CPUIDs (EAX = ECX = 0) and checks in at a
 * barrier in guest memory; once all EBP vCPUs are in, vCPU 0 runs CPUID
 * 0x4FFFFFF1 with ECX = the CPUID exit code and prints
 *	"@rec 0 <round> <eax> <ebx> <ecx> <edx>"
 * (round from 1; EAX status, EBX:ECX count, EDX), then lets the others go
 * on. While vCPU 0 asks, no vCPU runs a CPUID, so in scope vm, where a
 * query does not see its own exit, round k reads exactly
 *	1 + k * EBP * A + (k - 1)  =  k * (EBP * A + 1)
 *
 * Exits, A = EDI (-a), B = EBX (-b):
 *	vCPU 0		CPUID	1 + B * A + B
 *			IO	6 * B + 1	(5 words + REC a round, 1 for DONE)
 *	vCPU n > 0	CPUID	B * A
 *			IO	1	(DONE)
 *	each vCPU	HLT	1	without -I; 0 with -I
 * vCPUs waiting at the barrier spin with PAUSE, which may exit (pause
 * intercept): those exits are not stated.
 */
#define SYNC_ARRIVED	0xF000	/* u32: check-ins so far, all rounds */
#define SYNC_GO		0xF040	/* u32: the last round vCPU 0 has read */

/* Stack frame (vCPU-private) */
#define F_A		0
#define F_ROUNDS	4
#define F_CODE		8
#define F_ROUND		12
#define F_VCPUS		16
#define F_SIZE		20

_start:
	movl	%ebp, %eax
	subw	$F_SIZE, %sp
	movw	%sp, %bp
	movl	%eax, F_VCPUS(%bp)
	movl	%edi, F_A(%bp)
	movl	%ebx, F_ROUNDS(%bp)
	movl	$0, F_ROUND(%bp)
	testl	%esi, %esi
	jnz	.Lnext_round

	PROBE_EXIT_STATS .Lno_interface
	movl	$EXIT_REASON_CPUID, F_CODE(%bp)
	testl	$(KVM_EXIT_STATS_INFO_VENDOR_MASK << KVM_EXIT_STATS_INFO_VENDOR_SHIFT), %eax
	jz	.Lnext_round
	movl	$SVM_EXIT_CPUID, F_CODE(%bp)

.Lnext_round:
	movl	F_ROUND(%bp), %eax
	cmpl	F_ROUNDS(%bp), %eax
	jae	.Lend
	incl	F_ROUND(%bp)

	movl	F_A(%bp), %edi
	testl	%edi, %edi
	jz	.Lcheck_in
.Lcpuid:
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	cpuid
	decl	%edi
	jnz	.Lcpuid

.Lcheck_in:
	lock incl SYNC_ARRIVED
	movl	F_ROUND(%bp), %edi
	testl	%esi, %esi
	jnz	.Lwait_go

	/* vCPU 0: wait for round * EBP check-ins, then ask. */
	movl	%edi, %edx
	imull	F_VCPUS(%bp), %edx
.Lwait_all:
	cmpl	%edx, SYNC_ARRIVED
	jae	.Lask
	pause
	jmp	.Lwait_all
.Lask:
	movl	$KVM_EXIT_STATS_LEAF_REASON_COUNT, %eax
	movl	F_CODE(%bp), %ecx
	cpuid
	REPORT	%edi
	REPORT	%eax
	REPORT	%ebx
	REPORT	%ecx
	REPORT	%edx
	REC
	movl	%edi, SYNC_GO
	jmp	.Lnext_round

.Lwait_go:
	cmpl	%edi, SYNC_GO
	jae	.Lnext_round
	pause
	jmp	.Lwait_go

.Lno_interface:
	REPORT	%eax
	REPORT	%ebx
	REPORT	%ecx
	REPORT	%edx
	FAIL

.Lend:
	DONE
