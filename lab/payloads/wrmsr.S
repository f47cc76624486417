# SPDX-License-Identifier: GPL-2.0
# Payload: A (EDI) WRMSRs of 0 to IA32_UCODE_REV (0x8B), a normal-path write.
#include "payload.h"

/*
 * Why IA32_UCODE_REV: in 6.12 neither svm_set_msr() nor vmx_set_msr()
 * handles 0x8B, so both fall through to kvm_set_msr_common(), whose
 * MSR_IA32_UCODE_REV case accepts a guest write and ignores it (only a
 * host-initiated write changes the reported revision). So no #GP on SVM
 * or VMX, no side effect, and the MSR is never passed through to the
 * guest. handle_fastpath_set_msr_irqoff() only knows the x2APIC ICR and
 * TSC_DEADLINE, so these writes always take the normal exit path. Writing
 * 0 to 0x8B is also what real kernels do before reading the revision.
 *
 * Exits per vCPU, A = EDI (-a):
 *	WRMSR	A	(all normal path, none fastpath)
 *	IO	1	(DONE)
 *	HLT	1	without -I; 0 with -I
 */
_start:
	movl	$MSR_IA32_UCODE_REV, %ecx
	xorl	%eax, %eax
	xorl	%edx, %edx
	testl	%edi, %edi
	jz	.Lend
.Lloop:
	wrmsr
	decl	%edi
	jnz	.Lloop
.Lend:
	DONE
