// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-reason VM-exit statistics: vendor registration, exit reason names,
 * the list of live VMs and the read-side sums (per vCPU, per VM, host-wide).
 *
 * Host-wide sums are the live VMs' counters plus the "retired" counters that
 * a VM leaves behind when it is destroyed.  Folding a dying VM into the
 * retired counters and unlinking it happen in one seqcount write section,
 * so that a reader counts the VM exactly once.
 */
#define pr_fmt(fmt) "kvm_exit_stats: " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/seqlock.h>
#include "exit_stats.h"

bool __read_mostly kvm_exit_stats_enabled = true;
EXPORT_SYMBOL_GPL(kvm_exit_stats_enabled);
module_param_named(exit_stats, kvm_exit_stats_enabled, bool, 0644);
MODULE_PARM_DESC(exit_stats, "Count and time VM exits per exit reason");

static const struct kvm_exit_stats_ops *kvm_exit_stats_ops;

/* Protects the list of VMs and writes to the retired counters. */
static DEFINE_MUTEX(kvm_exit_stats_lock);
static seqcount_mutex_t kvm_exit_stats_seq =
	SEQCNT_MUTEX_ZERO(kvm_exit_stats_seq, &kvm_exit_stats_lock);
static LIST_HEAD(kvm_exit_stats_vms);
static struct kvm_exit_stat kvm_exit_stats_retired[KVM_EXIT_STATS_SLOTS];

/* Slot names and numbers of the registered vendor; NULL: undefined reason */
static const char *kvm_exit_stats_names[KVM_EXIT_STATS_SLOTS];
static u32 kvm_exit_stats_reasons[KVM_EXIT_STATS_SLOTS];
static u32 kvm_exit_stats_vendor = U32_MAX;

struct kvm_exit_stats_reason_name {
	u32 code;
	const char *name;
};

static const struct kvm_exit_stats_reason_name kvm_exit_stats_vmx_names[] =
	KVM_EXIT_STATS_VMX_REASONS;
static const struct kvm_exit_stats_reason_name kvm_exit_stats_svm_names[] =
	KVM_EXIT_STATS_SVM_REASONS;

u32 kvm_exit_stats_slot(u32 vendor, u32 reason)
{
	if (vendor == KVM_EXIT_STATS_VENDOR_SVM)
		return kvm_exit_stats_svm_slot(reason);
	return kvm_exit_stats_vmx_slot(reason);
}

const char *kvm_exit_stats_name(u32 slot)
{
	return slot < KVM_EXIT_STATS_SLOTS ? kvm_exit_stats_names[slot] : NULL;
}

u32 kvm_exit_stats_reason(u32 slot)
{
	return slot < KVM_EXIT_STATS_SLOTS ? kvm_exit_stats_reasons[slot] : 0;
}

const struct kvm_exit_stats_ops *kvm_exit_stats_get_ops(void)
{
	/* Pairs with smp_store_release() in kvm_exit_stats_register() */
	return smp_load_acquire(&kvm_exit_stats_ops);
}

static void kvm_exit_stats_set_vendor(u32 vendor)
{
	const struct kvm_exit_stats_reason_name *t;
	size_t i, n;
	u32 slot;

	if (vendor == kvm_exit_stats_vendor)
		return;

	if (vendor == KVM_EXIT_STATS_VENDOR_SVM) {
		t = kvm_exit_stats_svm_names;
		n = ARRAY_SIZE(kvm_exit_stats_svm_names);
	} else {
		t = kvm_exit_stats_vmx_names;
		n = ARRAY_SIZE(kvm_exit_stats_vmx_names);
	}

	memset(kvm_exit_stats_names, 0, sizeof(kvm_exit_stats_names));
	memset(kvm_exit_stats_reasons, 0, sizeof(kvm_exit_stats_reasons));
	for (i = 0; i < n; i++) {
		slot = kvm_exit_stats_slot(vendor, t[i].code);
		if (WARN_ON_ONCE(slot == KVM_EXIT_STATS_SLOT_OTHER))
			continue;
		kvm_exit_stats_names[slot] = t[i].name;
		kvm_exit_stats_reasons[slot] = t[i].code;
	}

	/* Retired counters of the other vendor would land in wrong slots. */
	memset(kvm_exit_stats_retired, 0, sizeof(kvm_exit_stats_retired));
	kvm_exit_stats_vendor = vendor;
}

void kvm_exit_stats_register(const struct kvm_exit_stats_ops *ops)
{
	mutex_lock(&kvm_exit_stats_lock);
	write_seqcount_begin(&kvm_exit_stats_seq);
	kvm_exit_stats_set_vendor(ops->vendor);
	write_seqcount_end(&kvm_exit_stats_seq);
	/* Names first: pairs with smp_load_acquire() in kvm_exit_stats_get_ops() */
	smp_store_release(&kvm_exit_stats_ops, ops);
	mutex_unlock(&kvm_exit_stats_lock);

	kvm_exit_stats_debugfs_init();
}
EXPORT_SYMBOL_GPL(kvm_exit_stats_register);

/*
 * Called before kvm_exit(): no VM exists anymore, as every VM holds a
 * reference to the vendor module.
 */
void kvm_exit_stats_unregister(const struct kvm_exit_stats_ops *ops)
{
	kvm_exit_stats_debugfs_exit();

	mutex_lock(&kvm_exit_stats_lock);
	WARN_ON_ONCE(!list_empty(&kvm_exit_stats_vms));
	if (kvm_exit_stats_ops == ops)
		WRITE_ONCE(kvm_exit_stats_ops, NULL);
	mutex_unlock(&kvm_exit_stats_lock);
}
EXPORT_SYMBOL_GPL(kvm_exit_stats_unregister);

static void kvm_exit_stat_merge(struct kvm_exit_stat *to,
				const struct kvm_exit_stat *from)
{
	u64 count = READ_ONCE(from->count);
	u64 min, max;

	if (!count)
		return;

	min = READ_ONCE(from->min);
	max = READ_ONCE(from->max);
	if (!to->count || min < to->min)
		to->min = min;
	if (max > to->max)
		to->max = max;
	to->cycles += READ_ONCE(from->cycles);
	to->count += count;
}

static void kvm_exit_stats_merge_range(struct kvm_exit_stat *sum,
				       const struct kvm_exit_stat *s,
				       u32 first, u32 nr, bool collapse)
{
	u32 i;

	for (i = 0; i < nr; i++)
		kvm_exit_stat_merge(&sum[collapse ? 0 : i], &s[first + i]);
}

void kvm_exit_stats_sum_vcpu(struct kvm_exit_stat *sum,
			     struct kvm_exit_stats_vcpu *es,
			     u32 first, u32 nr, bool collapse)
{
	/* Counters that the vCPU has yet to zero read as zero. */
	if (smp_load_acquire(&es->reset))
		return;

	kvm_exit_stats_merge_range(sum, es->s, first, nr, collapse);
}

/*
 * Other vCPUs may be running and updating their counters: the sum is not a
 * snapshot of one instant, but every u64 read is whole.
 */
void kvm_exit_stats_sum_vm(const struct kvm_exit_stats_ops *ops,
			   struct kvm *kvm, struct kvm_exit_stat *sum,
			   u32 first, u32 nr, bool collapse)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm)
		kvm_exit_stats_sum_vcpu(sum, ops->vcpu_stats(vcpu),
					first, nr, collapse);
}

void kvm_exit_stats_sum_host(const struct kvm_exit_stats_ops *ops,
			     struct kvm_exit_stat *sum,
			     u32 first, u32 nr, bool collapse)
{
	struct kvm_exit_stats_vm *es;
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&kvm_exit_stats_seq);
		memset(sum, 0, (collapse ? 1 : nr) * sizeof(*sum));
		kvm_exit_stats_merge_range(sum, kvm_exit_stats_retired,
					   first, nr, collapse);

		rcu_read_lock();
		list_for_each_entry_rcu(es, &kvm_exit_stats_vms, node)
			kvm_exit_stats_sum_vm(ops, es->kvm, sum, first, nr,
					      collapse);
		rcu_read_unlock();
	} while (read_seqcount_retry(&kvm_exit_stats_seq, seq));
}

/* Totals over all slots of a full table, min and max over all exits. */
void kvm_exit_stats_total(const struct kvm_exit_stat *s,
			  struct kvm_exit_stat *total)
{
	memset(total, 0, sizeof(*total));
	kvm_exit_stats_merge_range(total, s, 0, KVM_EXIT_STATS_SLOTS, true);
}

/*
 * Zero everything: the retired counters here, every live vCPU's counters
 * by the vCPU itself at its next exit (readers see zeroes meanwhile).
 */
void kvm_exit_stats_reset(void)
{
	const struct kvm_exit_stats_ops *ops;
	struct kvm_exit_stats_vm *es;
	struct kvm_vcpu *vcpu;
	unsigned long i;

	mutex_lock(&kvm_exit_stats_lock);
	ops = kvm_exit_stats_ops;
	write_seqcount_begin(&kvm_exit_stats_seq);
	memset(kvm_exit_stats_retired, 0, sizeof(kvm_exit_stats_retired));
	list_for_each_entry(es, &kvm_exit_stats_vms, node)
		kvm_for_each_vcpu(i, vcpu, es->kvm)
			WRITE_ONCE(ops->vcpu_stats(vcpu)->reset, true);
	write_seqcount_end(&kvm_exit_stats_seq);
	mutex_unlock(&kvm_exit_stats_lock);
}

/* After a change of exit_stats_print_every */
void kvm_exit_stats_kick_reports(void)
{
	struct kvm_exit_stats_vm *es;

	mutex_lock(&kvm_exit_stats_lock);
	list_for_each_entry(es, &kvm_exit_stats_vms, node)
		kvm_exit_stats_report_kick(es);
	mutex_unlock(&kvm_exit_stats_lock);
}

/*
 * Called from kvm_arch_post_init_vm(): the VM can no longer fail to be
 * created, so it is removed by kvm_exit_stats_vm_remove() and by nothing
 * else.  A VM created before the vendor registered (a window of
 * microseconds at module load) is not tracked host-wide.
 */
void kvm_exit_stats_vm_add(struct kvm *kvm)
{
	const struct kvm_exit_stats_ops *ops = kvm_exit_stats_get_ops();
	struct kvm_exit_stats_vm *es;

	if (!ops)
		return;

	es = ops->vm_stats(kvm);
	es->kvm = kvm;
	if (!IS_ERR_OR_NULL(kvm->debugfs_dentry))
		snprintf(es->id, sizeof(es->id), "%pd", kvm->debugfs_dentry);
	else
		strscpy(es->id, kvm->stats_id, sizeof(es->id));

	mutex_lock(&kvm_exit_stats_lock);
	list_add_tail_rcu(&es->node, &kvm_exit_stats_vms);
	es->listed = true;
	kvm_exit_stats_report_start(es);
	mutex_unlock(&kvm_exit_stats_lock);
}

/*
 * Called from kvm_arch_pre_destroy_vm(): no vCPU can run anymore (each vCPU
 * file holds a reference to the VM), and the vCPUs are freed right after,
 * by kvm_arch_destroy_vm().  Fold their counters into the retired ones.
 */
void kvm_exit_stats_vm_remove(struct kvm *kvm)
{
	const struct kvm_exit_stats_ops *ops = kvm_exit_stats_get_ops();
	struct kvm_exit_stat *final = NULL;
	struct kvm_exit_stats_vm *es;
	struct kvm_vcpu *vcpu;
	unsigned long i;

	if (!ops)
		return;
	es = ops->vm_stats(kvm);
	if (!es->listed)
		return;

	if (kvm_exit_stats_report_wanted()) {
		final = kcalloc(KVM_EXIT_STATS_SLOTS, sizeof(*final),
				GFP_KERNEL_ACCOUNT);
		if (final)
			kvm_exit_stats_sum_vm(ops, kvm, final, 0,
					      KVM_EXIT_STATS_SLOTS, false);
	}

	mutex_lock(&kvm_exit_stats_lock);
	write_seqcount_begin(&kvm_exit_stats_seq);
	list_del_rcu(&es->node);
	kvm_for_each_vcpu(i, vcpu, kvm)
		kvm_exit_stats_sum_vcpu(kvm_exit_stats_retired,
					ops->vcpu_stats(vcpu), 0,
					KVM_EXIT_STATS_SLOTS, false);
	write_seqcount_end(&kvm_exit_stats_seq);
	es->listed = false;
	mutex_unlock(&kvm_exit_stats_lock);

	kvm_exit_stats_report_stop(es);
	/* Host-wide readers may still be walking this VM's vCPUs. */
	synchronize_rcu();

	if (final) {
		kvm_exit_stats_report_final(ops, es, final);
		kfree(final);
	}
}
