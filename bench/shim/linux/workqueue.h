/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/workqueue.h> (see linux/kvm_host.h here).
 * Not the kernel's layout: nothing here takes the size of a structure
 * that embeds it.
 */
#ifndef BENCH_SHIM_LINUX_WORKQUEUE_H
#define BENCH_SHIM_LINUX_WORKQUEUE_H

struct delayed_work {
	void *opaque;
};

#endif
