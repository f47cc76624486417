# SPDX-License-Identifier: GPL-2.0
# Payload (needs -I): A (EDI) one-shot LAPIC timer periods, each waited out.
#include "payload.h"

/*
 * Needs -I (in-kernel LAPIC) and x2APIC in the guest CPUID (testvmm takes
 * it from KVM_GET_SUPPORTED_CPUID). A is at most 223.
 *
 * 1. WRMSR IA32_APIC_BASE = 0xFEE00C00 (| BSP on vCPU 0): x2APIC mode.
 * 2. WRMSR x2APIC SVR (0x80F) = 0x1FF: LAPIC software-enabled, so that an
 *    expired timer sets its vector in the IRR.
 * 3. WRMSR x2APIC TDCR (0x83E) = 0xB: divide by 1.
 * 4. For period k = 0 .. A-1, with vector V = 0x20 + k:
 *    WRMSR x2APIC LVT timer (0x832) = V: one-shot, not masked;
 *    WRMSR x2APIC TMICT (0x838) = B (EBX; 0 means 1000000, i.e. 1 ms at
 *    KVM's 1 GHz APIC bus);
 *    RDMSR x2APIC IRR (0x820 + V / 32) until bit V % 32 is set: the
 *    timer has expired. Each RDMSR is counted.
 *    IF stays 0, so no vector is ever delivered: each stays pending in
 *    the IRR (hence a new vector per period), and as the guest never
 *    sets IF, KVM's interrupt-window request causes no exit.
 * 5. CPUID 0x4FFFFFF1 with ECX = 52 (VMX PREEMPTION_TIMER): this VM's own
 *    count as the exit statistics interface reports it.
 * It prints one record: "@rec <vcpu> reads eax ebx ecx edx".
 * With A > 223 it stops at once with FAIL (@fail word: A).
 *
 * What KVM 6.12 (kvm_intel with preemption_timer=Y, APICv off) does: the
 * TMICT write starts the LAPIC timer on the "hv timer", the VMX
 * preemption timer (start_hv_timer(); kvm_can_use_hv_timer() only
 * excludes posted timer interrupts and MWAIT in the guest). It expires
 * in the guest, or at the first VM entry after an exit during which the
 * deadline passed (vmx_update_hv_timer() then loads 0): one
 * PREEMPTION_TIMER exit, handled in the fastpath
 * (handle_fastpath_preemption_timer(): REENTER_GUEST), which marks the
 * timer expired. With APICv off, marking it expired requests
 * KVM_REQ_UNBLOCK, so vcpu_enter_guest() leaves its fastpath loop
 * (EXIT_FASTPATH_EXIT_HANDLED, vmx_handle_exit() runs) and vcpu_run()
 * puts the vector in the IRR before the next VM entry.
 * Waiting for the IRR bit (not for TMCCT = 0, which counts on the host's
 * clock while the preemption timer counts on the TSC) makes sure that no
 * period is re-armed before its exit.
 * One exception: when the vCPU thread is scheduled back in
 * (kvm_arch_vcpu_load()) after the deadline passed during an exit, the
 * restarted hv timer is found expired and the period ends in software,
 * without an exit; kvm:kvm_hv_timer_state then traces hv_timer 0.
 *
 * Exits per vCPU, A = EDI (-a), R = the reads reported:
 *	WRMSR			2A + 3	(normal path: no fastpath MSRs)
 *	RDMSR			R	(>= A)
 *	PREEMPTION_TIMER	A	(VMX, kvm_intel preemption_timer=Y;
 *					 less the periods ended in software)
 *	CPUID			1
 *	IO			7	(5 words + REC, 1 for DONE)
 */
#define MSR_X2APIC_SVR		0x80F
#define MSR_X2APIC_IRR0		0x820
#define MSR_X2APIC_LVTT		0x832
#define MSR_X2APIC_TMICT	0x838
#define MSR_X2APIC_TDCR		0x83E
#define SVR_ENABLED		0x1FF		/* APIC enable (8), spurious 0xFF */
#define TDCR_DIVIDE_BY_1	0xB
#define DEFAULT_COUNT		1000000
#define FIRST_VECTOR		0x20
#define MAX_PERIODS		(0xFF - FIRST_VECTOR)	/* up to vector 0xFE */
#define LEAF_REASON_COUNT	0x4FFFFFF1
#define VMX_PREEMPTION_TIMER	52

_start:
	cmpl	$MAX_PERIODS, %edi
	jbe	.Lgo
	REPORT	%edi
	FAIL
.Lgo:
	X2APIC_ON

	movl	$MSR_X2APIC_SVR, %ecx
	movl	$SVR_ENABLED, %eax
	wrmsr
	movl	$MSR_X2APIC_TDCR, %ecx
	movl	$TDCR_DIVIDE_BY_1, %eax
	wrmsr

	testl	%ebx, %ebx
	jnz	.Lcount
	movl	$DEFAULT_COUNT, %ebx
.Lcount:
	xorl	%ebp, %ebp			/* IRR reads */
	movl	$FIRST_VECTOR, %esi		/* vector of this period */
	testl	%edi, %edi
	jz	.Lquery
.Larm:
	movl	$MSR_X2APIC_LVTT, %ecx
	movl	%esi, %eax			/* one-shot, not masked */
	xorl	%edx, %edx
	wrmsr
	movl	$MSR_X2APIC_TMICT, %ecx
	movl	%ebx, %eax
	wrmsr
.Lwait:
	movl	%esi, %ecx
	shrl	$5, %ecx
	addl	$MSR_X2APIC_IRR0, %ecx
	rdmsr
	incl	%ebp
	movl	%esi, %ecx
	andl	$31, %ecx
	shrl	%cl, %eax
	testl	$1, %eax
	jz	.Lwait
	incl	%esi
	decl	%edi
	jnz	.Larm

.Lquery:
	REPORT	%ebp
	movl	$LEAF_REASON_COUNT, %eax
	movl	$VMX_PREEMPTION_TIMER, %ecx
	cpuid
	REPORT	%eax
	REPORT	%ebx
	REPORT	%ecx
	REPORT	%edx
	REC
	DONE
