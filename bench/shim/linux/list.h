/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/list.h> (see linux/kvm_host.h here). */
#ifndef BENCH_SHIM_LINUX_LIST_H
#define BENCH_SHIM_LINUX_LIST_H

struct list_head {
	struct list_head *next, *prev;
};

#endif
