// SPDX-License-Identifier: GPL-2.0
/*
 * The sizes of exitstat's kernel structures, as the lab kernel's compiler
 * and headers lay them out: compiled by kbuild against the Debian
 * linux-headers (bench/sizes.sh), to assembly only; the values are read
 * from the "->NAME VALUE" markers, as the kernel's asm-offsets do.
 */
#include "exit_stats.h"

#define BENCH_SIZE(sym, val) \
	asm volatile("\n.ascii \"->" #sym " %c0\"" : : "i" ((unsigned long)(val)))

void bench_sizes(void);

void bench_sizes(void)
{
	BENCH_SIZE(kvm_exit_stat, sizeof(struct kvm_exit_stat));
	BENCH_SIZE(kvm_exit_stats_vcpu, sizeof(struct kvm_exit_stats_vcpu));
	BENCH_SIZE(kvm_exit_stats_vm, sizeof(struct kvm_exit_stats_vm));
	BENCH_SIZE(slots, KVM_EXIT_STATS_SLOTS);
}
