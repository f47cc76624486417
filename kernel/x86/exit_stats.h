/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-reason VM-exit statistics: the per-vCPU counters, the helpers that
 * vendor code calls around every VM exit, and the interface between the
 * vendor modules and the common code in exit_stats*.c.
 *
 * A vCPU's counters are written only by the thread running that vCPU, with
 * plain stores; everything else (CPUID leaves, debugfs, dmesg reports) sums
 * them at read time.
 */
#ifndef __KVM_X86_EXIT_STATS_H
#define __KVM_X86_EXIT_STATS_H

#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/workqueue.h>
#include <asm/msr.h>
#include <asm/kvm_exit_stats.h>

/*
 * Exit codes are mapped to dense counter slots.  VMX basic exit reasons use
 * their own number as slot.  SVM exit codes 0x000..0x0a6 do too, followed
 * by 0x400..0x403 and by SVM_EXIT_ERR (-1).  The last slot collects any
 * code outside these ranges: it counts in the totals but is never reported
 * as a reason.
 */
#define KVM_EXIT_STATS_VMX_SLOTS	(KVM_EXIT_STATS_VMX_MAX_REASON + 1)
#define KVM_EXIT_STATS_SVM_NR_LOW	(KVM_EXIT_STATS_SVM_LOW_LAST + 1)
#define KVM_EXIT_STATS_SVM_NR_HIGH	(KVM_EXIT_STATS_SVM_HIGH_LAST - \
					 KVM_EXIT_STATS_SVM_HIGH_FIRST + 1)
#define KVM_EXIT_STATS_SVM_SLOT_ERR	(KVM_EXIT_STATS_SVM_NR_LOW + \
					 KVM_EXIT_STATS_SVM_NR_HIGH)
#define KVM_EXIT_STATS_SVM_SLOTS	(KVM_EXIT_STATS_SVM_SLOT_ERR + 1)
#define KVM_EXIT_STATS_SLOT_OTHER	KVM_EXIT_STATS_SVM_SLOTS
#define KVM_EXIT_STATS_SLOTS		(KVM_EXIT_STATS_SLOT_OTHER + 1)

static_assert(KVM_EXIT_STATS_VMX_SLOTS <= KVM_EXIT_STATS_SLOT_OTHER);

struct kvm_exit_stat {
	u64 count;
	u64 cycles;
	u64 min;
	u64 max;
};

struct kvm_exit_stats_vcpu {
	/* TSC at the VM exit being handled, 0 if none is pending */
	u64 start;
	u32 slot;
	/* Set by a reader to ask the vCPU to zero its own counters */
	bool reset;
	struct kvm_exit_stat s[KVM_EXIT_STATS_SLOTS];
};

#define KVM_EXIT_STATS_ID_LEN	24

struct kvm_exit_stats_vm {
	/* In the list of live VMs, under kvm_exit_stats_lock and RCU */
	struct list_head node;
	bool listed;
	struct kvm *kvm;
	/* The name of the VM's debugfs directory, "<pid>-<fd>" */
	char id[KVM_EXIT_STATS_ID_LEN];

	/* Periodic dmesg report, see exit_stats_report.c */
	struct delayed_work report_work;
	unsigned int report_every;
	u64 report_mark;
	unsigned long report_last;
};

/*
 * Registered by kvm-amd / kvm-intel once kvm_init() has succeeded: the
 * common code cannot reach the vendor structures that embed the counters
 * (struct kvm_x86_ops is part of the kernel's ABI and stays untouched).
 * has_handler() tells whether the vendor's exit handler table handles a
 * (guest-controlled, so bounds-checked by the callee) exit code.
 */
struct kvm_exit_stats_ops {
	u32 vendor;
	struct kvm_exit_stats_vcpu *(*vcpu_stats)(struct kvm_vcpu *vcpu);
	struct kvm_exit_stats_vm *(*vm_stats)(struct kvm *kvm);
	bool (*has_handler)(u32 reason);
};

extern bool kvm_exit_stats_enabled;

static inline u32 kvm_exit_stats_vmx_slot(u32 basic)
{
	if (basic <= KVM_EXIT_STATS_VMX_MAX_REASON)
		return basic;
	return KVM_EXIT_STATS_SLOT_OTHER;
}

static inline u32 kvm_exit_stats_svm_slot(u32 code)
{
	if (code <= KVM_EXIT_STATS_SVM_LOW_LAST)
		return code;
	if (code >= KVM_EXIT_STATS_SVM_HIGH_FIRST &&
	    code <= KVM_EXIT_STATS_SVM_HIGH_LAST)
		return code - KVM_EXIT_STATS_SVM_HIGH_FIRST +
		       KVM_EXIT_STATS_SVM_NR_LOW;
	if (code == KVM_EXIT_STATS_SVM_EXIT_INVALID)
		return KVM_EXIT_STATS_SVM_SLOT_ERR;
	return KVM_EXIT_STATS_SLOT_OTHER;
}

/*
 * Called right after the hardware VM exit.  A reset asked for by a reader is
 * carried out here, by the vCPU itself, so that no other thread ever writes
 * the counters.
 */
static inline void kvm_exit_stats_begin(struct kvm_exit_stats_vcpu *es,
					u32 slot)
{
	int i;

	if (!READ_ONCE(kvm_exit_stats_enabled))
		return;

	if (unlikely(READ_ONCE(es->reset))) {
		for (i = 0; i < KVM_EXIT_STATS_SLOTS; i++) {
			WRITE_ONCE(es->s[i].count, 0);
			WRITE_ONCE(es->s[i].cycles, 0);
			WRITE_ONCE(es->s[i].min, 0);
			WRITE_ONCE(es->s[i].max, 0);
		}
		/* Pairs with smp_load_acquire() in kvm_exit_stats_sum_vcpu() */
		smp_store_release(&es->reset, false);
	}

	es->slot = slot;
	es->start = rdtsc();
}

/*
 * Called once KVM is done with the exit: before re-entering the guest from
 * the fastpath, or when the exit handler returns.  Either call may find no
 * exit pending (counting was off at the exit, or the other place already
 * ended it).
 */
static inline void kvm_exit_stats_end(struct kvm_exit_stats_vcpu *es)
{
	struct kvm_exit_stat *st;
	u64 cycles;

	if (!es->start)
		return;

	cycles = rdtsc() - es->start;
	es->start = 0;
	/* The vCPU may have moved to a CPU whose TSC is behind. */
	if (unlikely((s64)cycles < 0))
		cycles = 0;

	st = &es->s[es->slot];
	if (!st->count || cycles < st->min)
		WRITE_ONCE(st->min, cycles);
	if (cycles > st->max)
		WRITE_ONCE(st->max, cycles);
	WRITE_ONCE(st->cycles, st->cycles + cycles);
	WRITE_ONCE(st->count, st->count + 1);
}

void kvm_exit_stats_register(const struct kvm_exit_stats_ops *ops);
void kvm_exit_stats_unregister(const struct kvm_exit_stats_ops *ops);

/* The rest is for the common code in kvm.ko. */
const struct kvm_exit_stats_ops *kvm_exit_stats_get_ops(void);
u32 kvm_exit_stats_slot(u32 vendor, u32 reason);
const char *kvm_exit_stats_name(u32 slot);
u32 kvm_exit_stats_reason(u32 slot);

void kvm_exit_stats_vm_add(struct kvm *kvm);
void kvm_exit_stats_vm_remove(struct kvm *kvm);

/*
 * Sums of slots [first, first + nr) into sum[0..nr), or all of them into
 * sum[0] if collapse is set.  The vCPU and VM sums add to sum, the
 * host-wide one overwrites it.
 */
void kvm_exit_stats_sum_vcpu(struct kvm_exit_stat *sum,
			     struct kvm_exit_stats_vcpu *es,
			     u32 first, u32 nr, bool collapse);
void kvm_exit_stats_sum_vm(const struct kvm_exit_stats_ops *ops,
			   struct kvm *kvm, struct kvm_exit_stat *sum,
			   u32 first, u32 nr, bool collapse);
void kvm_exit_stats_sum_host(const struct kvm_exit_stats_ops *ops,
			     struct kvm_exit_stat *sum,
			     u32 first, u32 nr, bool collapse);
void kvm_exit_stats_total(const struct kvm_exit_stat *s,
			  struct kvm_exit_stat *total);
void kvm_exit_stats_reset(void);

/* exit_stats_report.c */
void kvm_exit_stats_report_start(struct kvm_exit_stats_vm *es);
void kvm_exit_stats_report_stop(struct kvm_exit_stats_vm *es);
void kvm_exit_stats_report_final(const struct kvm_exit_stats_ops *ops,
				 struct kvm_exit_stats_vm *es,
				 const struct kvm_exit_stat *vm_stats);
bool kvm_exit_stats_report_wanted(void);
void kvm_exit_stats_report_kick(struct kvm_exit_stats_vm *es);
void kvm_exit_stats_kick_reports(void);

/* exit_stats_debugfs.c */
void kvm_exit_stats_debugfs_init(void);
void kvm_exit_stats_debugfs_exit(void);
void kvm_exit_stats_create_vm_debugfs(struct kvm *kvm);
void kvm_exit_stats_create_vcpu_debugfs(struct kvm_vcpu *vcpu,
					struct dentry *dir);

/* exit_stats_cpuid.c */
bool kvm_exit_stats_cpuid(struct kvm_vcpu *vcpu, u32 *eax, u32 *ebx,
			  u32 *ecx, u32 *edx);

#endif /* __KVM_X86_EXIT_STATS_H */
