/* SPDX-License-Identifier: GPL-2.0 */
/* The exit-statistics ABI for payloads, and the probe of its info leaf. */
#ifndef EXITSTAT_LAB_PROBE_H
#define EXITSTAT_LAB_PROBE_H

#include "../../kernel/include/uapi/asm/kvm_exit_stats.h"

/*
 * CPUID leaf 0x4ffffff0 (one CPUID exit); jumps to \absent unless it
 * returns the "KVMExitStats" signature. Leaves the info word in EAX.
 */
.macro PROBE_EXIT_STATS absent
	movl	$KVM_EXIT_STATS_LEAF_INFO, %eax
	xorl	%ecx, %ecx
	cpuid
	cmpl	$KVM_EXIT_STATS_SIGNATURE_EBX, %ebx
	jne	\absent
	cmpl	$KVM_EXIT_STATS_SIGNATURE_ECX, %ecx
	jne	\absent
	cmpl	$KVM_EXIT_STATS_SIGNATURE_EDX, %edx
	jne	\absent
.endm

#endif /* EXITSTAT_LAB_PROBE_H */
