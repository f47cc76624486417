# SPDX-License-Identifier: GPL-2.0
# Payload (needs -I): timed batches of exits; cycles per iteration per batch.
#include "payload.h"

/*
 * The exit round trip as the guest sees it (bench/, make bench). B (EBX)
 * selects what one iteration does and how many batches run; A (EDI) is
 * the number of iterations of a batch:
 *
 *	B = MODE | BATCHES << 8		BATCHES 1..BENCH_MAX_BATCHES
 *	MODE 0	CPUID with EAX = 0, ECX = 0	(KVM emulates it in the kernel)
 *	MODE 1	OUTB 0xff to port 0x21: the IMR of the master PIC, which
 *		KVM emulates in the kernel when the VMM created the in-kernel
 *		irqchip (-I): the exit never reaches testvmm
 *	MODE 2	WRMSR x2APIC ICR = own ID << 32 | 0x40f3, as in
 *		wrmsr_fast.S: the write KVM's irqs-off fastpath takes where
 *		it can (VMX; SVM with NRIPS). The switch to x2APIC mode before
 *		the first batch is one more WRMSR, not timed.
 *	MODE 3	nothing: the loop and the two RDTSCs alone
 *	MODE 4	the batches take turns: batch b runs MODE b mod 4 (CPUID,
 *		OUT, WRMSR, the loop, CPUID, ...), so that all kinds are
 *		measured within the same fraction of a second; the loop's
 *		batches run 1024 * A iterations (a reference of how fast the
 *		machine runs the guest at that moment: no exits), reported as
 *		cycles per 1024 iterations. The switch to x2APIC mode is made
 *		before the first batch, as for MODE 2
 *
 * A batch is: RDTSC; A iterations; RDTSC. (t1 - t0) / A, the TSC cycles
 * of one iteration, is kept on the vCPU's own stack; 0xffffffff if it
 * does not fit in 32 bits. Only once the last batch is done (the timed
 * part is over) the results go out on the port protocol:
 *	record 1: BENCH_MAGIC | MODE, A, BATCHES		REC
 *	then the batches in order, 16 words a record		REC
 * so the output is "@rec V be4c000M A K" and ceil(K / 16) lines of
 * per-iteration cycles. A = 0, BATCHES outside 1..BENCH_MAX_BATCHES or
 * MODE > 4 fail with the words A, B.
 *
 * Exits per vCPU, A = EDI (-a), K = BATCHES, n = A * K:
 *	MODE 0	CPUID	n
 *	MODE 1	IO	n	(handled in the kernel with -I)
 *	MODE 2	WRMSR	n + 1
 *	MODE 4	CPUID	A * floor((K + 3) / 4)
 *		IO	A * floor((K + 2) / 4)
 *		WRMSR	A * floor((K + 1) / 4) + 1
 *	all	IO	K + ceil(K / 16) + 5	(3 words + REC, the batch words,
 *					 a REC per record, DONE)
 *		HLT	1 without -I; 0 with -I
 * Modes 1, 2 and 4 need -I (without it testvmm rejects port 0x21, and the
 * ICR write raises #GP).
 */
#define BENCH_MAGIC		0xbe4c0000
#define BENCH_MAX_BATCHES	512
#define BENCH_PER_REC		16
#define PIC_MASTER_IMR		0x21

/* The frame on the vCPU's stack, from %ebp (SS-relative) */
#define F_ITERS		0
#define F_BATCHES	4
#define F_MODE		8
#define F_T0_LO		12
#define F_T0_HI		16
#define F_VCPU		20
#define F_HEADER	24
#define F_CYCLES	28
#define F_SIZE		(F_CYCLES + 4 * BENCH_MAX_BATCHES)

_start:
	movl	%ebx, %eax
	shrl	$8, %eax
	jz	.Lbad
	cmpl	$BENCH_MAX_BATCHES, %eax
	ja	.Lbad
	testl	%edi, %edi
	jz	.Lbad
	movl	%ebx, %edx
	andl	$0xff, %edx
	cmpl	$4, %edx
	ja	.Lbad

	subw	$F_SIZE, %sp
	movzwl	%sp, %ebp
	movl	%edi, F_ITERS(%ebp)
	movl	%eax, F_BATCHES(%ebp)
	movl	%edx, F_MODE(%ebp)
	movl	%esi, F_VCPU(%ebp)
	orl	$BENCH_MAGIC, %edx
	movl	%edx, F_HEADER(%ebp)

	cmpl	$2, F_MODE(%ebp)
	je	.Lx2apic
	cmpl	$4, F_MODE(%ebp)
	jne	.Lsetup_done
.Lx2apic:
	X2APIC_ON
.Lsetup_done:

	xorl	%esi, %esi			/* batch index */
.Lbatch:
	movl	F_MODE(%ebp), %eax
	cmpl	$4, %eax
	jne	.Lkind
	movl	%esi, %eax			/* MODE 4: batch mod 4 */
	andl	$3, %eax
.Lkind:
	cmpl	$1, %eax
	jb	.Lcpuid
	je	.Lout
	cmpl	$2, %eax
	je	.Lwrmsr

	/* MODE 3: the loop alone; in MODE 4, 1024 times as many iterations */
	movl	F_ITERS(%ebp), %edi
	cmpl	$4, F_MODE(%ebp)
	jne	.Lempty_start
	shll	$10, %edi
.Lempty_start:
	rdtsc
	movl	%eax, F_T0_LO(%ebp)
	movl	%edx, F_T0_HI(%ebp)
.Lempty_loop:
	decl	%edi
	jnz	.Lempty_loop
	jmp	.Ltimed

.Lcpuid:
	movl	F_ITERS(%ebp), %edi
	rdtsc
	movl	%eax, F_T0_LO(%ebp)
	movl	%edx, F_T0_HI(%ebp)
.Lcpuid_loop:
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	cpuid
	decl	%edi
	jnz	.Lcpuid_loop
	jmp	.Ltimed

.Lout:
	movl	F_ITERS(%ebp), %edi
	movw	$PIC_MASTER_IMR, %bx
	rdtsc
	movl	%eax, F_T0_LO(%ebp)
	movl	%edx, F_T0_HI(%ebp)
	movw	%bx, %dx
	movb	$0xff, %al
.Lout_loop:
	outb	%al, %dx
	decl	%edi
	jnz	.Lout_loop
	jmp	.Ltimed

.Lwrmsr:
	movl	F_ITERS(%ebp), %edi
	rdtsc
	movl	%eax, F_T0_LO(%ebp)
	movl	%edx, F_T0_HI(%ebp)
	movl	$MSR_X2APIC_ICR, %ecx
	movl	F_VCPU(%ebp), %edx		/* destination: own x2APIC ID */
	movl	$ICR_LOW, %eax
.Lwrmsr_loop:
	wrmsr
	decl	%edi
	jnz	.Lwrmsr_loop

.Ltimed:
	rdtsc
	subl	F_T0_LO(%ebp), %eax
	sbbl	F_T0_HI(%ebp), %edx
	cmpl	F_ITERS(%ebp), %edx
	jae	.Loverflow
	divl	F_ITERS(%ebp)
	jmp	.Lstore
.Loverflow:
	movl	$0xffffffff, %eax
.Lstore:
	movl	%eax, F_CYCLES(%ebp,%esi,4)
	incl	%esi
	cmpl	F_BATCHES(%ebp), %esi
	jb	.Lbatch

	/* The timed part is over: report. */
	REPORT	F_HEADER(%ebp)
	REPORT	F_ITERS(%ebp)
	REPORT	F_BATCHES(%ebp)
	REC
	xorl	%esi, %esi
.Lreport:
	movl	F_CYCLES(%ebp,%esi,4), %ecx
	REPORT	%ecx
	incl	%esi
	movl	%esi, %eax
	andl	$(BENCH_PER_REC - 1), %eax
	jz	.Lrec
	cmpl	F_BATCHES(%ebp), %esi
	jb	.Lreport
.Lrec:
	REC
	cmpl	F_BATCHES(%ebp), %esi
	jb	.Lreport
	DONE

.Lbad:
	REPORT	%edi
	REPORT	%ebx
	FAIL
