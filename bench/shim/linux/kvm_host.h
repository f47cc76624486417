/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/kvm_host.h>: just enough for the kernel's
 * own kernel/x86/exit_stats.h to compile unchanged in bench/record.c.
 * Only the exit path (struct kvm_exit_stats_vcpu, kvm_exit_stats_begin()
 * and kvm_exit_stats_end(), the slot mapping) is used from it; the sizes
 * of the kernel structures come from a kbuild compile (bench/sizes.sh),
 * not from here.
 */
#ifndef BENCH_SHIM_LINUX_KVM_HOST_H
#define BENCH_SHIM_LINUX_KVM_HOST_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define barrier()	__asm__ __volatile__("" : : : "memory")

/* As the kernel's: one access of the whole object, never torn or fused. */
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) \
	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

/* x86 is TSO: as in arch/x86/include/asm/barrier.h, a compiler barrier. */
#define smp_store_release(p, v) \
	do { barrier(); WRITE_ONCE(*(p), (v)); } while (0)
#define smp_load_acquire(p) \
	({ __typeof__(*(p)) ___v = READ_ONCE(*(p)); barrier(); ___v; })

struct kvm;
struct kvm_vcpu;
struct dentry;

#endif
