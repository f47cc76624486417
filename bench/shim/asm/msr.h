/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <asm/msr.h> (see linux/kvm_host.h here): rdtsc()
 * as the kernel's, a plain RDTSC without a fence.
 */
#ifndef BENCH_SHIM_ASM_MSR_H
#define BENCH_SHIM_ASM_MSR_H

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#endif
