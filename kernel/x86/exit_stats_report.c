// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-reason VM-exit statistics: periodic reports in the kernel log.
 *
 * With exit_stats_print_every=N, a VM's table is printed whenever its
 * total exit count crosses a multiple of N.  The exit path never prints: a
 * per-VM delayed work polls the VM's total while N is not 0.
 *
 * A guest controls how fast its exit count grows, so reports are rate
 * limited, per VM and across VMs.  A crossing that comes too early is not
 * lost but merged into the next report that the limits allow, which says
 * how many reports it stands for.
 */
#define pr_fmt(fmt) "kvm_exit_stats: " fmt

#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include "exit_stats.h"

#define KVM_EXIT_STATS_POLL_MS		100
#define KVM_EXIT_STATS_VM_INTERVAL	HZ

static unsigned int kvm_exit_stats_print_every;

/* At most 10 reports every 5 seconds, over all VMs */
static struct ratelimit_state kvm_exit_stats_rs =
	RATELIMIT_STATE_INIT_FLAGS(kvm_exit_stats_rs, 5 * HZ, 10,
				   RATELIMIT_MSG_ON_RELEASE);

/* Tables at VM teardown that the global rate limit suppressed */
static atomic_t kvm_exit_stats_lost = ATOMIC_INIT(0);

static void kvm_exit_stats_print(const char *who,
				 const struct kvm_exit_stat *s,
				 u64 suppressed)
{
	struct kvm_exit_stat total;
	const char *name;
	u32 slot;

	kvm_exit_stats_total(s, &total);
	if (suppressed)
		pr_info("%s: %llu exits, %llu cycles (reports suppressed: %llu)\n",
			who, total.count, total.cycles, suppressed);
	else
		pr_info("%s: %llu exits, %llu cycles\n",
			who, total.count, total.cycles);
	pr_info("%s: %10s %-26s %12s %16s %10s %10s %10s\n", who, "reason",
		"name", "count", "total", "min", "avg", "max");

	for (slot = 0; slot < KVM_EXIT_STATS_SLOTS; slot++) {
		const struct kvm_exit_stat *st = &s[slot];

		if (!st->count)
			continue;
		name = kvm_exit_stats_name(slot);
		if (name)
			pr_info("%s: %10u %-26s %12llu %16llu %10llu %10llu %10llu\n",
				who, kvm_exit_stats_reason(slot), name,
				st->count, st->cycles, st->min,
				div64_u64(st->cycles, st->count), st->max);
		else
			pr_info("%s: %10s %-26s %12llu %16llu %10llu %10llu %10llu\n",
				who, "other", "-", st->count, st->cycles,
				st->min, div64_u64(st->cycles, st->count),
				st->max);
	}
}

static void kvm_exit_stats_report(const struct kvm_exit_stats_ops *ops,
				  struct kvm_exit_stats_vm *es, u64 suppressed)
{
	struct kvm_exit_stat *s;
	char who[KVM_EXIT_STATS_ID_LEN + 4];

	s = kcalloc(KVM_EXIT_STATS_SLOTS, sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return;

	kvm_exit_stats_sum_vm(ops, es->kvm, s, 0, KVM_EXIT_STATS_SLOTS, false);
	snprintf(who, sizeof(who), "VM %s", es->id);
	kvm_exit_stats_print(who, s, suppressed);
	kfree(s);
}

static void kvm_exit_stats_poll(struct kvm_exit_stats_vm *es,
				unsigned int every)
{
	const struct kvm_exit_stats_ops *ops = kvm_exit_stats_get_ops();
	struct kvm_exit_stat total = {};
	u64 mark;

	if (!ops)
		return;

	kvm_exit_stats_sum_vm(ops, es->kvm, &total, 0, KVM_EXIT_STATS_SLOTS,
			      true);
	mark = div_u64(total.count, every);

	/*
	 * A new N (or a new VM) starts from the current count; after a
	 * reset the count is lower than at the last report.
	 */
	if (es->report_every != every || mark < es->report_mark) {
		es->report_every = every;
		es->report_mark = mark;
		return;
	}

	if (mark == es->report_mark)
		return;

	/* Too early: try again at the next poll. */
	if (time_before(jiffies, es->report_last + KVM_EXIT_STATS_VM_INTERVAL) ||
	    !__ratelimit(&kvm_exit_stats_rs))
		return;

	kvm_exit_stats_report(ops, es, mark - es->report_mark - 1);
	es->report_mark = mark;
	es->report_last = jiffies;
}

static void kvm_exit_stats_report_fn(struct work_struct *work)
{
	struct kvm_exit_stats_vm *es =
		container_of(to_delayed_work(work), struct kvm_exit_stats_vm,
			     report_work);
	unsigned int every = READ_ONCE(kvm_exit_stats_print_every);

	/* Polling stops here; setting the parameter starts it again. */
	if (!every) {
		es->report_every = 0;
		return;
	}

	kvm_exit_stats_poll(es, every);
	schedule_delayed_work(&es->report_work,
			      msecs_to_jiffies(KVM_EXIT_STATS_POLL_MS));
}

bool kvm_exit_stats_report_wanted(void)
{
	return READ_ONCE(kvm_exit_stats_print_every) != 0;
}

/* Called with kvm_exit_stats_lock held, for a VM on the list. */
void kvm_exit_stats_report_kick(struct kvm_exit_stats_vm *es)
{
	if (kvm_exit_stats_report_wanted())
		schedule_delayed_work(&es->report_work, 0);
}

void kvm_exit_stats_report_start(struct kvm_exit_stats_vm *es)
{
	INIT_DELAYED_WORK(&es->report_work, kvm_exit_stats_report_fn);
	es->report_last = jiffies - KVM_EXIT_STATS_VM_INTERVAL;
	kvm_exit_stats_report_kick(es);
}

/* The VM is off the list already, so nothing can queue the work again. */
void kvm_exit_stats_report_stop(struct kvm_exit_stats_vm *es)
{
	cancel_delayed_work_sync(&es->report_work);
}

/*
 * The VM's last table, then the host-wide one, which now includes the
 * VM's exits.  Not rate limited per VM (a VM is destroyed once), but
 * counted against the global limit.
 */
void kvm_exit_stats_report_final(const struct kvm_exit_stats_ops *ops,
				 struct kvm_exit_stats_vm *es,
				 const struct kvm_exit_stat *vm_stats)
{
	char who[KVM_EXIT_STATS_ID_LEN + 16];
	struct kvm_exit_stat *s;

	if (!__ratelimit(&kvm_exit_stats_rs)) {
		atomic_inc(&kvm_exit_stats_lost);
		return;
	}

	snprintf(who, sizeof(who), "VM %s destroyed", es->id);
	kvm_exit_stats_print(who, vm_stats, 0);

	s = kcalloc(KVM_EXIT_STATS_SLOTS, sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return;
	kvm_exit_stats_sum_host(ops, s, 0, KVM_EXIT_STATS_SLOTS, false);
	kvm_exit_stats_print("host", s, atomic_xchg(&kvm_exit_stats_lost, 0));
	kfree(s);
}

static int kvm_exit_stats_set_print_every(const char *val,
					  const struct kernel_param *kp)
{
	int r = param_set_uint(val, kp);

	if (!r)
		kvm_exit_stats_kick_reports();
	return r;
}

static const struct kernel_param_ops kvm_exit_stats_print_every_ops = {
	.set = kvm_exit_stats_set_print_every,
	.get = param_get_uint,
};

module_param_cb(exit_stats_print_every, &kvm_exit_stats_print_every_ops,
		&kvm_exit_stats_print_every, 0644);
MODULE_PARM_DESC(exit_stats_print_every,
		 "Print a VM's exit table each time its exit count crosses a multiple of this (0: never)");
