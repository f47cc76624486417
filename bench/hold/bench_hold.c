// SPDX-License-Identifier: GPL-2.0
/*
 * bench_hold: keep the preempt notifier static key enabled while loaded.
 *
 * KVM enables the key (preempt_notifier_inc()) when a VM is created and
 * disables it when the last VM is destroyed. Each change re-patches
 * __schedule() with the int3 protocol of text_poke_bp(), and QEMU's
 * multi-threaded TCG, which runs the lab, does not always make the other
 * vCPU see that patching atomically: a lab that creates hundreds of VMs
 * (make bench) died of "Oops: int3" in __schedule() that way. Loaded once
 * before the first VM and never unloaded, this module keeps the key on, so
 * creating and destroying VMs no longer patches kernel text. The key is on
 * whenever a VM exists anyway: no measurement runs without it.
 */
#include <linux/module.h>
#include <linux/preempt.h>

static int __init bench_hold_init(void)
{
	preempt_notifier_inc();
	return 0;
}

static void __exit bench_hold_exit(void)
{
	preempt_notifier_dec();
}

module_init(bench_hold_init);
module_exit(bench_hold_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("exitstat bench: hold the preempt notifier key (lab only)");
