# SPDX-License-Identifier: GPL-2.0
# Payload: A (EDI) RDMSRs, then ask leaf 0x4FFFFFF1 for the MSR exit count
# until it reaches B (EBX): a meeting point of VMs in scope host.
#include "payload.h"

/* The ABI header is C and assembler alike once __ASSEMBLY__ hides its types. */
#define __ASSEMBLY__
#include "probe.h"
#include <asm/svm.h>
#include <asm/vmx.h>

/*
 * Reads leaf 0x4FFFFFF0 (one CPUID) for the reason numbering: RDMSR exits
 * are SVM_EXIT_MSR (0x7c) on SVM, EXIT_REASON_MSR_READ (31) on VMX; without
 * the "KVMExitStats" signature it stops with FAIL (words: the four
 * registers). Then A RDMSRs of IA32_APIC_BASE (rdmsr.S), then CPUID
 * 0x4FFFFFF1 with ECX = that exit code, again and again, until the count
 * in EBX:ECX is at least B. It prints
 *	"@rec <vcpu> <polls> <eax> <ebx> <ecx> <edx>"
 * with the number of those queries and the registers of the last one, and
 * stops with FAIL at a status other than 0 (same words).
 *
 * The queries are CPUID exits, never MSR exits, and nothing after the last
 * query causes an MSR exit: VMs in scope host that each run A_i RDMSRs and
 * wait for B = (MSR exits so far) + sum of A_i meet there, and each reads
 * exactly B, whatever the order they ran in.
 *
 * Exits per vCPU, A = EDI (-a), P = the polls printed:
 *	RDMSR	A
 *	CPUID	1 + P
 *	IO	7	(5 words + REC, 1 for DONE)
 *	HLT	1	without -I; 0 with -I
 */
_start:
	movl	%ebx, %ebp		/* B */

	PROBE_EXIT_STATS .Lno_interface
	movl	$EXIT_REASON_MSR_READ, %esi
	testl	$(KVM_EXIT_STATS_INFO_VENDOR_MASK << KVM_EXIT_STATS_INFO_VENDOR_SHIFT), %eax
	jz	.Lrdmsr
	movl	$SVM_EXIT_MSR, %esi

.Lrdmsr:
	movl	$MSR_IA32_APICBASE, %ecx
	testl	%edi, %edi
	jz	.Lpoll
.Lloop:
	rdmsr
	decl	%edi
	jnz	.Lloop

	/* EDI counts the polls from here. */
.Lpoll:
	incl	%edi
	movl	$KVM_EXIT_STATS_LEAF_REASON_COUNT, %eax
	movl	%esi, %ecx
	cpuid
	testl	%eax, %eax
	jnz	.Lbad_status
	testl	%ebx, %ebx
	jnz	.Lmet
	cmpl	%ebp, %ecx
	jb	.Lpoll
.Lmet:
	REPORT	%edi
	REPORT	%eax
	REPORT	%ebx
	REPORT	%ecx
	REPORT	%edx
	REC
	DONE

.Lbad_status:
	REPORT	%edi
.Lno_interface:
	REPORT	%eax
	REPORT	%ebx
	REPORT	%ecx
	REPORT	%edx
	FAIL
