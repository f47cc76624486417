# SPDX-License-Identifier: GPL-2.0
# Payload: a hostile guest: A (EDI) CPUID queries of leaves 0x4FFFFFF0..
# 0x4FFFFFFF with pseudo-random leaf and ECX, each answer checked.
#include "payload.h"

/* The ABI header is C and assembler alike once __ASSEMBLY__ hides its types. */
#define __ASSEMBLY__
#include "probe.h"
#include <asm/svm.h>
#include <asm/vmx.h>

/*
 * First one CPUID of leaf 0x4FFFFFF0: without the "KVMExitStats"
 * signature the payload stops with FAIL (words: the four registers).
 * Its EAX gives the numbering (SVM or VMX), the scope, the course layout
 * and whether counting is paused.
 *
 * Then A queries. A linear congruential generator (x = x * 1664525 +
 * 1013904223, seeded with B (EBX) + vCPU index * 0x9E3779B9) picks the
 * leaf, 0x4FFFFFF0 + (x >> 28), then ECX from one of four draws: any
 * 32-bit value; 0..0x500 (twice as often); 0xFFFFFFFF - (0..3), that is
 * SVM_EXIT_ERR and the three codes below it. Every answer is checked
 * against what the ABI promises without knowing any count:
 *
 *   1  0x4FFFFFF0: EAX as in the first answer (no parameter changes)
 *   2  0x4FFFFFF0: the signature in EBX, ECX, EDX
 *   3  0x4FFFFFF1..F4: EAX (status) is 0, 1 or 2
 *   4  status 2 (undefined): EDX = 0xFFFFFFFF, EBX = ECX = 0
 *   5  status 0 or 1: EDX = 0
 *   6  status 1 (not enabled): EBX = ECX = 0
 *   7  ECX outside the vendor's code ranges (SVM 0..0xA6, 0x400..0x403,
 *      0xFFFFFFFF; VMX 0..85): status 2
 *   8  scope vm, one vCPU, not paused: 0x4FFFFFF1 for the CPUID exit code
 *      counts exactly the CPUIDs this payload ran before the query
 *   9  otherwise (not paused): at least that many
 *  10  0x4FFFFFF5, F6: EAX = EDX = 0; course totals leaves: the registers
 *      the layout leaves unused are 0
 *  11  total exits (0x4FFFFFF5, course leaves) never decrease
 *  12  total cycles (0x4FFFFFF6, course leaves) never decrease
 *  13  not paused: total exits at least the CPUIDs run so far
 *  14  course per-reason leaves: EDX is 0 or 0xFFFFFFFF
 *  15  ... EDX = 0xFFFFFFFF: EAX = EBX = ECX = 0
 *  16  ... ECX outside the vendor's code ranges: EDX = 0xFFFFFFFF
 *  17  ... EDX = 0: the registers the layout leaves unused are 0
 *  18  ... exits of the CPUID exit code, as in 8 (exact) and 9 (at least)
 * Leaves 0x4FFFFFF7..FB, and course leaves the layout leaves to KVM, are
 * asked but not checked (normal KVM CPUID answers them).
 *
 * A failed check counts as a violation; the first one is printed at once:
 *	"@rec <vcpu> 56494f4c <check> <query> <leaf> <ecx in> <eax> <ebx> <ecx> <edx>"
 * (queries numbered from 1). Queries 10000, 20000, ... take their leaf
 * from 0x4FFFFFF1..F4 and ECX from the draws other than "any 32-bit
 * value" (whose codes check 7 covers), and are printed as samples:
 *	"@rec <vcpu> 53414d50 <query> <leaf> <ecx in> <eax> <ebx> <ecx> <edx>
 *	 <violations> <status 0> <status 1> <status 2> <course defined>
 *	 <course undefined>"
 * (counts so far: answers of the extended per-reason leaves per status,
 * answers of the course per-reason leaves defined and undefined). At the
 * end:
 *	"@rec <vcpu> 454e4421 <queries> <CPUIDs run> <violations> <status 0>
 *	 <status 1> <status 2> <course defined> <course undefined>"
 * then DONE, or FAIL (no words) if there was a violation.
 *
 * Exits per vCPU, A = EDI (-a), S = A / 10000 rounded down:
 *	CPUID	A + 1
 *	IO	15 * S + 10 + 1, plus 10 if a violation was printed
 *	HLT	1	without -I and without violations; else 0
 */
#define SAMPLE_EVERY	10000
#define TAG_VIOLATION	0x56494f4c	/* "VIOL" */
#define TAG_SAMPLE	0x53414d50	/* "SAMP" */
#define TAG_END		0x454e4421	/* "END!" */

#define LCG_MUL		1664525
#define LCG_ADD		1013904223
#define SEED_STRIDE	0x9E3779B9
#define LOW_ECX_RANGE	0x501		/* ECX draws of 0..0x500 */

/* What a course leaf means in a layout */
#define K_NONE		0	/* left to normal KVM CPUID */
#define K_TOTALS	1	/* EAX exits, EBX:ECX cycles */
#define K_EXITS		2	/* EAX exits */
#define K_CYCLES	3	/* EBX:ECX cycles */
#define K_REASON_EXITS	4	/* ECX = reason; EAX exits */
#define K_REASON_CYCLES	5	/* ECX = reason; EBX:ECX cycles */

/* Stack frame (vCPU-private), addressed through BP */
#define F_X		0	/* generator state */
#define F_LEFT		4	/* queries still to run */
#define F_QUERY		8	/* queries run */
#define F_OWN		12	/* CPUIDs run and completed */
#define F_INFO		16	/* EAX of leaf 0x4FFFFFF0 */
#define F_SVM		20	/* 1: SVM numbering */
#define F_CODE		24	/* the CPUID exit code */
#define F_EXACT		28	/* check 8 applies */
#define F_LOWER		32	/* checks 9, 13 apply */
#define F_EXITS_LO	36	/* last total exits */
#define F_EXITS_HI	40
#define F_CYCLES_LO	44	/* last total cycles */
#define F_CYCLES_HI	48
#define F_VIOL		52
#define F_ST0		56
#define F_ST1		60
#define F_ST2		64
#define F_CDEF		68
#define F_CUNDEF	72
#define F_LEAF		76
#define F_ECX_IN	80
#define F_SAMPLE	84	/* queries until the next sample */
#define F_IS_SAMPLE	88
#define F_EAX		92	/* the answer */
#define F_EBX		96
#define F_ECX		100
#define F_EDX		104
#define F_KIND		108
#define F_VCPUS		112
#define F_SIZE		116

/* A check failed: its number to EAX, then the common path. */
.macro VIOLATION n
	movl	$\n, %eax
	jmp	.Lviolation
.endm

_start:
	pushl	%ebp			/* vCPUs */
	pushl	%edi			/* A */
	subw	$F_SIZE, %sp
	movw	%sp, %bp
	xorl	%eax, %eax
	movw	$(F_SIZE / 4), %cx
	movw	%bp, %di
.Lclear:
	movl	%eax, %ss:(%di)
	addw	$4, %di
	loop	.Lclear

	movl	F_SIZE(%bp), %eax
	movl	%eax, F_LEFT(%bp)
	movl	F_SIZE + 4(%bp), %eax
	movl	%eax, F_VCPUS(%bp)
	imull	$SEED_STRIDE, %esi, %eax
	addl	%ebx, %eax
	movl	%eax, F_X(%bp)
	movl	$SAMPLE_EVERY, F_SAMPLE(%bp)

	PROBE_EXIT_STATS .Lno_interface
	movl	$1, F_OWN(%bp)
	movl	%eax, F_INFO(%bp)

	movl	$EXIT_REASON_CPUID, F_CODE(%bp)
	testl	$(KVM_EXIT_STATS_INFO_VENDOR_MASK << KVM_EXIT_STATS_INFO_VENDOR_SHIFT), %eax
	jz	1f
	movl	$1, F_SVM(%bp)
	movl	$SVM_EXIT_CPUID, F_CODE(%bp)
1:
	/* Counting paused: counters are frozen, no lower bound holds. */
	testl	$(KVM_EXIT_STATS_INFO_PAUSED_MASK << KVM_EXIT_STATS_INFO_PAUSED_SHIFT), %eax
	jnz	.Lquery
	movl	$1, F_LOWER(%bp)
	testl	$(KVM_EXIT_STATS_INFO_SCOPE_MASK << KVM_EXIT_STATS_INFO_SCOPE_SHIFT), %eax
	jnz	.Lquery
	cmpl	$1, F_VCPUS(%bp)
	jne	.Lquery
	movl	$1, F_EXACT(%bp)

.Lquery:
	cmpl	$0, F_LEFT(%bp)
	je	.Lend

	call	lcg
	shrl	$28, %eax
	movl	$0, F_IS_SAMPLE(%bp)
	decl	F_SAMPLE(%bp)
	jnz	1f
	movl	$SAMPLE_EVERY, F_SAMPLE(%bp)
	movl	$1, F_IS_SAMPLE(%bp)
	andl	$3, %eax
	incl	%eax			/* 0x4FFFFFF1..F4 */
1:
	addl	$KVM_EXIT_STATS_LEAF_EXT_FIRST, %eax
	movl	%eax, F_LEAF(%bp)

	call	lcg
	movl	%eax, %ebx
	shrl	$30, %ebx		/* which draw */
	cmpl	$0, F_IS_SAMPLE(%bp)
	je	1f
	orl	$1, %ebx		/* samples: no 32-bit draw */
1:
	call	lcg
	testl	%ebx, %ebx
	jz	2f			/* any 32-bit value */
	cmpl	$3, %ebx
	je	1f
	shrl	$8, %eax		/* 0..0x500 */
	xorl	%edx, %edx
	movl	$LOW_ECX_RANGE, %ecx
	divl	%ecx
	movl	%edx, %eax
	jmp	2f
1:
	shrl	$30, %eax		/* 0xFFFFFFFF - (0..3) */
	notl	%eax
2:
	movl	%eax, F_ECX_IN(%bp)

	movl	F_LEAF(%bp), %eax
	movl	F_ECX_IN(%bp), %ecx
	cpuid
	movl	%eax, F_EAX(%bp)
	movl	%ebx, F_EBX(%bp)
	movl	%ecx, F_ECX(%bp)
	movl	%edx, F_EDX(%bp)
	incl	F_QUERY(%bp)

	movl	F_LEAF(%bp), %eax
	cmpl	$KVM_EXIT_STATS_LEAF_INFO, %eax
	je	.Linfo
	cmpl	$KVM_EXIT_STATS_LEAF_REASON_MAX, %eax
	jbe	.Lreason
	cmpl	$KVM_EXIT_STATS_LEAF_TOTAL_EXITS, %eax
	je	.Ltotal_exits
	cmpl	$KVM_EXIT_STATS_LEAF_TOTAL_CYCLES, %eax
	je	.Ltotal_cycles
	cmpl	$KVM_EXIT_STATS_LEAF_COURSE_FIRST, %eax
	jae	.Lcourse
	jmp	.Lnext

/* 0x4FFFFFF0 */
.Linfo:
	movl	F_EAX(%bp), %eax
	cmpl	F_INFO(%bp), %eax
	je	1f
	VIOLATION 1
1:
	cmpl	$KVM_EXIT_STATS_SIGNATURE_EBX, F_EBX(%bp)
	jne	2f
	cmpl	$KVM_EXIT_STATS_SIGNATURE_ECX, F_ECX(%bp)
	jne	2f
	cmpl	$KVM_EXIT_STATS_SIGNATURE_EDX, F_EDX(%bp)
	je	.Lnext
2:
	VIOLATION 2

/* 0x4FFFFFF1..F4 */
.Lreason:
	movl	F_EAX(%bp), %eax
	cmpl	$KVM_EXIT_STATS_STATUS_UNDEFINED, %eax
	je	.Lreason_undefined
	jb	1f
	VIOLATION 3
1:
	cmpl	$0, F_EDX(%bp)
	je	1f
	VIOLATION 5
1:
	call	outside
	jz	1f
	VIOLATION 7
1:
	cmpl	$KVM_EXIT_STATS_STATUS_NOT_ENABLED, F_EAX(%bp)
	jne	.Lreason_ok
	movl	F_EBX(%bp), %eax
	orl	F_ECX(%bp), %eax
	jz	1f
	VIOLATION 6
1:
	incl	F_ST1(%bp)
	jmp	.Lnext
.Lreason_ok:
	incl	F_ST0(%bp)
	cmpl	$KVM_EXIT_STATS_LEAF_REASON_COUNT, F_LEAF(%bp)
	jne	.Lnext
	movl	F_ECX(%bp), %eax
	movl	F_EBX(%bp), %edx
	call	check_own
	jz	.Lnext
	jmp	.Lviolation
.Lreason_undefined:
	cmpl	$KVM_EXIT_STATS_EDX_UNDEFINED, F_EDX(%bp)
	jne	1f
	movl	F_EBX(%bp), %eax
	orl	F_ECX(%bp), %eax
	jz	2f
1:
	VIOLATION 4
2:
	incl	F_ST2(%bp)
	jmp	.Lnext

/* 0x4FFFFFF5, F6 */
.Ltotal_exits:
	movl	F_EAX(%bp), %eax
	orl	F_EDX(%bp), %eax
	jz	1f
	VIOLATION 10
1:
	movl	F_ECX(%bp), %eax
	movl	F_EBX(%bp), %edx
	call	check_exits
	jz	.Lnext
	jmp	.Lviolation

.Ltotal_cycles:
	movl	F_EAX(%bp), %eax
	orl	F_EDX(%bp), %eax
	jz	1f
	VIOLATION 10
1:
	movl	F_ECX(%bp), %eax
	movl	F_EBX(%bp), %edx
	call	check_cycles
	jz	.Lnext
	jmp	.Lviolation

/* 0x4FFFFFFC..FF: what the layout in use makes of them */
.Lcourse:
	movl	F_INFO(%bp), %ebx
	shrl	$KVM_EXIT_STATS_INFO_LAYOUT_SHIFT, %ebx
	andl	$KVM_EXIT_STATS_INFO_LAYOUT_MASK, %ebx
	shll	$2, %ebx
	subl	$KVM_EXIT_STATS_LEAF_COURSE_FIRST, %eax
	addl	%eax, %ebx
	movzbl	course_kinds(%bx), %eax
	movl	%eax, F_KIND(%bp)
	cmpl	$K_TOTALS, %eax
	je	.Lc_totals
	cmpl	$K_EXITS, %eax
	je	.Lc_exits
	cmpl	$K_CYCLES, %eax
	je	.Lc_cycles
	cmpl	$K_REASON_EXITS, %eax
	jae	.Lc_reason
	jmp	.Lnext

.Lc_totals:
	cmpl	$0, F_EDX(%bp)
	je	1f
	VIOLATION 10
1:
	/* A 32-bit count: compared as is while totals stay below 2^32 */
	movl	F_EAX(%bp), %eax
	xorl	%edx, %edx
	call	check_exits
	jnz	.Lviolation
	movl	F_ECX(%bp), %eax
	movl	F_EBX(%bp), %edx
	call	check_cycles
	jz	.Lnext
	jmp	.Lviolation

.Lc_exits:
	movl	F_EBX(%bp), %eax
	orl	F_ECX(%bp), %eax
	orl	F_EDX(%bp), %eax
	jz	1f
	VIOLATION 10
1:
	movl	F_EAX(%bp), %eax
	xorl	%edx, %edx
	call	check_exits
	jz	.Lnext
	jmp	.Lviolation

.Lc_cycles:
	movl	F_EAX(%bp), %eax
	orl	F_EDX(%bp), %eax
	jz	1f
	VIOLATION 10
1:
	movl	F_ECX(%bp), %eax
	movl	F_EBX(%bp), %edx
	call	check_cycles
	jz	.Lnext
	jmp	.Lviolation

.Lc_reason:
	movl	F_EDX(%bp), %eax
	cmpl	$KVM_EXIT_STATS_EDX_UNDEFINED, %eax
	je	.Lc_undefined
	testl	%eax, %eax
	jz	1f
	VIOLATION 14
1:
	call	outside
	jz	1f
	VIOLATION 16
1:
	incl	F_CDEF(%bp)
	cmpl	$K_REASON_EXITS, F_KIND(%bp)
	jne	.Lc_reason_cycles
	movl	F_EBX(%bp), %eax
	orl	F_ECX(%bp), %eax
	jz	1f
	VIOLATION 17
1:
	movl	F_EAX(%bp), %eax
	xorl	%edx, %edx
	call	check_own
	jz	.Lnext
	movl	$18, %eax
	jmp	.Lviolation
.Lc_reason_cycles:
	cmpl	$0, F_EAX(%bp)
	je	.Lnext
	VIOLATION 17
.Lc_undefined:
	movl	F_EAX(%bp), %eax
	orl	F_EBX(%bp), %eax
	orl	F_ECX(%bp), %eax
	jz	1f
	VIOLATION 15
1:
	incl	F_CUNDEF(%bp)
	jmp	.Lnext

/* Check number in EAX: count it, print the first. */
.Lviolation:
	incl	F_VIOL(%bp)
	cmpl	$1, F_VIOL(%bp)
	jne	.Lnext
	REPORT	$TAG_VIOLATION
	REPORT	%eax
	REPORT	F_QUERY(%bp)
	REPORT	F_LEAF(%bp)
	REPORT	F_ECX_IN(%bp)
	REPORT	F_EAX(%bp)
	REPORT	F_EBX(%bp)
	REPORT	F_ECX(%bp)
	REPORT	F_EDX(%bp)
	REC

.Lnext:
	incl	F_OWN(%bp)
	decl	F_LEFT(%bp)
	cmpl	$0, F_IS_SAMPLE(%bp)
	je	.Lquery
	REPORT	$TAG_SAMPLE
	REPORT	F_QUERY(%bp)
	REPORT	F_LEAF(%bp)
	REPORT	F_ECX_IN(%bp)
	REPORT	F_EAX(%bp)
	REPORT	F_EBX(%bp)
	REPORT	F_ECX(%bp)
	REPORT	F_EDX(%bp)
	REPORT	F_VIOL(%bp)
	REPORT	F_ST0(%bp)
	REPORT	F_ST1(%bp)
	REPORT	F_ST2(%bp)
	REPORT	F_CDEF(%bp)
	REPORT	F_CUNDEF(%bp)
	REC
	jmp	.Lquery

.Lend:
	REPORT	$TAG_END
	REPORT	F_QUERY(%bp)
	REPORT	F_OWN(%bp)
	REPORT	F_VIOL(%bp)
	REPORT	F_ST0(%bp)
	REPORT	F_ST1(%bp)
	REPORT	F_ST2(%bp)
	REPORT	F_CDEF(%bp)
	REPORT	F_CUNDEF(%bp)
	REC
	cmpl	$0, F_VIOL(%bp)
	jne	.Lfail
	DONE
.Lfail:
	FAIL

.Lno_interface:
	REPORT	%eax
	REPORT	%ebx
	REPORT	%ecx
	REPORT	%edx
	FAIL

/* EAX: the next value of the generator. */
lcg:
	imull	$LCG_MUL, F_X(%bp), %eax
	addl	$LCG_ADD, %eax
	movl	%eax, F_X(%bp)
	ret

/* ZF clear if the query's ECX lies outside the vendor's code ranges. */
outside:
	movl	F_ECX_IN(%bp), %ecx
	cmpl	$0, F_SVM(%bp)
	je	.Lvmx_ranges
	cmpl	$KVM_EXIT_STATS_SVM_LOW_LAST, %ecx
	jbe	.Linside
	cmpl	$KVM_EXIT_STATS_SVM_EXIT_INVALID, %ecx
	je	.Linside
	cmpl	$KVM_EXIT_STATS_SVM_HIGH_FIRST, %ecx
	jb	.Loutside
	cmpl	$KVM_EXIT_STATS_SVM_HIGH_LAST, %ecx
	jbe	.Linside
	jmp	.Loutside
.Lvmx_ranges:
	cmpl	$KVM_EXIT_STATS_VMX_MAX_REASON, %ecx
	jbe	.Linside
.Loutside:
	orl	$1, %ecx		/* ZF clear */
	ret
.Linside:
	xorl	%ecx, %ecx		/* ZF set */
	ret

/*
 * EDX:EAX, the count a per-reason leaf gave for the query's ECX: checks 8
 * and 9 if that is the CPUID exit code. ZF set if fine, else EAX = 8 or 9.
 */
check_own:
	movl	F_ECX_IN(%bp), %ecx
	cmpl	F_CODE(%bp), %ecx
	jne	.Lfine
	cmpl	$0, F_EXACT(%bp)
	je	1f
	testl	%edx, %edx
	jnz	.Lnot_exact
	cmpl	F_OWN(%bp), %eax
	je	.Lfine
.Lnot_exact:
	movl	$8, %eax
	jmp	.Lbad
1:
	cmpl	$0, F_LOWER(%bp)
	je	.Lfine
	testl	%edx, %edx
	jnz	.Lfine
	cmpl	F_OWN(%bp), %eax
	jae	.Lfine
	movl	$9, %eax
	jmp	.Lbad

/* EDX:EAX, total exits: checks 11 and 13, then remembered. */
check_exits:
	cmpl	F_EXITS_HI(%bp), %edx
	ja	1f
	jb	2f
	cmpl	F_EXITS_LO(%bp), %eax
	jae	1f
2:
	movl	$11, %eax
	jmp	.Lbad
1:
	movl	%eax, F_EXITS_LO(%bp)
	movl	%edx, F_EXITS_HI(%bp)
	cmpl	$0, F_LOWER(%bp)
	je	.Lfine
	testl	%edx, %edx
	jnz	.Lfine
	cmpl	F_OWN(%bp), %eax
	jae	.Lfine
	movl	$13, %eax
	jmp	.Lbad

/* EDX:EAX, total cycles: check 12, then remembered. */
check_cycles:
	cmpl	F_CYCLES_HI(%bp), %edx
	ja	1f
	jb	2f
	cmpl	F_CYCLES_LO(%bp), %eax
	jae	1f
2:
	movl	$12, %eax
	jmp	.Lbad
1:
	movl	%eax, F_CYCLES_LO(%bp)
	movl	%edx, F_CYCLES_HI(%bp)
	jmp	.Lfine

.Lfine:
	cmpl	%eax, %eax		/* ZF set */
	ret
.Lbad:
	testl	%eax, %eax		/* ZF clear: EAX is a check number */
	ret

/*
 * Course layouts (the ABI header's KVM_EXIT_STATS_20xx_LEAF_*): one row
 * per layout in the order of the info leaf's layout field (2021, 2020,
 * 2022, off), one byte per leaf 0x4FFFFFFC..FF.
 */
course_kinds:
	.byte	K_REASON_CYCLES, K_REASON_EXITS, K_CYCLES, K_TOTALS	/* 2021 */
	.byte	K_NONE, K_NONE, K_REASON_EXITS, K_TOTALS		/* 2020 */
	.byte	K_EXITS, K_CYCLES, K_REASON_EXITS, K_REASON_CYCLES	/* 2022 */
	.byte	K_NONE, K_NONE, K_NONE, K_NONE				/* off */
