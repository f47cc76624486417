// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-reason VM-exit statistics, read by the guest through CPUID leaves
 * 0x4ffffff0..0x4fffffff (see asm/kvm_exit_stats.h for the ABI).
 *
 * The four "course" leaves at the top of the range mean what the layout
 * parameter selects, as in the course texts that introduced them; the
 * extended leaves 0x4ffffff0..0x4ffffff6 are the same in every layout.
 * Leaves that the layout leaves out are answered by normal KVM CPUID.
 *
 * A query is itself a CPUID exit, which is counted once its handler
 * returns: the values returned do not include the querying exit.
 */
#include <linux/module.h>
#include <linux/nospec.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include "exit_stats.h"

static bool kvm_exit_stats_cpuid_enabled = true;
module_param_named(exit_stats_cpuid, kvm_exit_stats_cpuid_enabled, bool,
		   0644);
MODULE_PARM_DESC(exit_stats_cpuid,
		 "Answer the exit statistics CPUID leaves 0x4ffffff0..0x4fffffff");

/* Values are the ABI's, as reported in the info leaf. */
static u32 kvm_exit_stats_scope = KVM_EXIT_STATS_SCOPE_VM;
static u32 kvm_exit_stats_layout = KVM_EXIT_STATS_LAYOUT_2021;

static const char * const kvm_exit_stats_scopes[] = {
	[KVM_EXIT_STATS_SCOPE_VM] = "vm",
	[KVM_EXIT_STATS_SCOPE_HOST] = "host",
};

static const char * const kvm_exit_stats_layouts[] = {
	[KVM_EXIT_STATS_LAYOUT_2021] = "2021",
	[KVM_EXIT_STATS_LAYOUT_2020] = "2020",
	[KVM_EXIT_STATS_LAYOUT_2022] = "2022",
	[KVM_EXIT_STATS_LAYOUT_OFF] = "off",
};

struct kvm_exit_stats_choice {
	const char * const *names;
	size_t nr;
	u32 *value;
};

static struct kvm_exit_stats_choice kvm_exit_stats_scope_choice = {
	.names = kvm_exit_stats_scopes,
	.nr = ARRAY_SIZE(kvm_exit_stats_scopes),
	.value = &kvm_exit_stats_scope,
};

static struct kvm_exit_stats_choice kvm_exit_stats_layout_choice = {
	.names = kvm_exit_stats_layouts,
	.nr = ARRAY_SIZE(kvm_exit_stats_layouts),
	.value = &kvm_exit_stats_layout,
};

static int kvm_exit_stats_choice_set(const char *val,
				     const struct kernel_param *kp)
{
	const struct kvm_exit_stats_choice *c = kp->arg;
	int i = __sysfs_match_string(c->names, c->nr, val);

	if (i < 0)
		return i;
	WRITE_ONCE(*c->value, i);
	return 0;
}

static int kvm_exit_stats_choice_get(char *buf, const struct kernel_param *kp)
{
	const struct kvm_exit_stats_choice *c = kp->arg;

	return sysfs_emit(buf, "%s\n", c->names[READ_ONCE(*c->value)]);
}

static const struct kernel_param_ops kvm_exit_stats_choice_ops = {
	.set = kvm_exit_stats_choice_set,
	.get = kvm_exit_stats_choice_get,
};

module_param_cb(exit_stats_scope, &kvm_exit_stats_choice_ops,
		&kvm_exit_stats_scope_choice, 0644);
MODULE_PARM_DESC(exit_stats_scope,
		 "Exits that CPUID reports: vm (the querying VM's) or host (all VMs')");
module_param_cb(exit_stats_layout, &kvm_exit_stats_choice_ops,
		&kvm_exit_stats_layout_choice, 0644);
MODULE_PARM_DESC(exit_stats_layout,
		 "Meaning of CPUID leaves 0x4ffffffc..0x4fffffff: 2020, 2021, 2022 or off");

enum kvm_exit_stats_course {
	COURSE_NONE,		/* left to normal KVM CPUID */
	COURSE_TOTALS,		/* EAX exits, EBX:ECX cycles */
	COURSE_TOTAL_EXITS,	/* EAX */
	COURSE_TOTAL_CYCLES,	/* EBX:ECX */
	COURSE_REASON_EXITS,	/* ECX = reason; EAX */
	COURSE_REASON_CYCLES,	/* ECX = reason; EBX:ECX */
};

#define COURSE(leaf)	((leaf) - KVM_EXIT_STATS_LEAF_COURSE_FIRST)

static const u8 kvm_exit_stats_course_leaves[][4] = {
	[KVM_EXIT_STATS_LAYOUT_2021] = {
		[COURSE(KVM_EXIT_STATS_2021_LEAF_TOTALS)] = COURSE_TOTALS,
		[COURSE(KVM_EXIT_STATS_2021_LEAF_TOTAL_CYCLES)] = COURSE_TOTAL_CYCLES,
		[COURSE(KVM_EXIT_STATS_2021_LEAF_REASON_EXITS)] = COURSE_REASON_EXITS,
		[COURSE(KVM_EXIT_STATS_2021_LEAF_REASON_CYCLES)] = COURSE_REASON_CYCLES,
	},
	[KVM_EXIT_STATS_LAYOUT_2020] = {
		[COURSE(KVM_EXIT_STATS_2020_LEAF_TOTALS)] = COURSE_TOTALS,
		[COURSE(KVM_EXIT_STATS_2020_LEAF_REASON_EXITS)] = COURSE_REASON_EXITS,
	},
	[KVM_EXIT_STATS_LAYOUT_2022] = {
		[COURSE(KVM_EXIT_STATS_2022_LEAF_REASON_CYCLES)] = COURSE_REASON_CYCLES,
		[COURSE(KVM_EXIT_STATS_2022_LEAF_REASON_EXITS)] = COURSE_REASON_EXITS,
		[COURSE(KVM_EXIT_STATS_2022_LEAF_TOTAL_CYCLES)] = COURSE_TOTAL_CYCLES,
		[COURSE(KVM_EXIT_STATS_2022_LEAF_TOTAL_EXITS)] = COURSE_TOTAL_EXITS,
	},
	/* Layout "off": every course leaf is left to KVM */
	[KVM_EXIT_STATS_LAYOUT_OFF] = {},
};

struct kvm_exit_stats_regs {
	u32 eax, ebx, ecx, edx;
};

static void kvm_exit_stats_put_u64(struct kvm_exit_stats_regs *r, u64 v)
{
	r->ebx = upper_32_bits(v);
	r->ecx = lower_32_bits(v);
}

/* Sum of slots [first, first + nr) in the configured scope */
static void kvm_exit_stats_query(struct kvm_vcpu *vcpu,
				 const struct kvm_exit_stats_ops *ops,
				 u32 first, u32 nr, struct kvm_exit_stat *sum)
{
	memset(sum, 0, sizeof(*sum));
	if (READ_ONCE(kvm_exit_stats_scope) == KVM_EXIT_STATS_SCOPE_HOST)
		kvm_exit_stats_sum_host(ops, sum, first, nr, true);
	else
		kvm_exit_stats_sum_vm(ops, vcpu->kvm, sum, first, nr, true);
}

/*
 * The counters of the guest-chosen reason (ECX), and its status: undefined
 * if the vendor manual has no such reason, not enabled if KVM's exit
 * handler table has no handler for it and it was never counted (exits
 * that vendor code handles ahead of its table, a failed VM entry or L2
 * exits reflected to L1, do get counted).
 */
static u32 kvm_exit_stats_reason_query(struct kvm_vcpu *vcpu,
				       const struct kvm_exit_stats_ops *ops,
				       u32 reason, struct kvm_exit_stat *st)
{
	u32 slot = kvm_exit_stats_slot(ops->vendor, reason);

	memset(st, 0, sizeof(*st));
	slot = array_index_nospec(slot, KVM_EXIT_STATS_SLOTS);
	if (!kvm_exit_stats_name(slot))
		return KVM_EXIT_STATS_STATUS_UNDEFINED;

	kvm_exit_stats_query(vcpu, ops, slot, 1, st);
	if (!st->count && !ops->has_handler(reason))
		return KVM_EXIT_STATS_STATUS_NOT_ENABLED;
	return KVM_EXIT_STATS_STATUS_OK;
}

static bool kvm_exit_stats_course(struct kvm_vcpu *vcpu,
				  const struct kvm_exit_stats_ops *ops,
				  u32 leaf, u32 reason,
				  struct kvm_exit_stats_regs *r)
{
	u32 layout = READ_ONCE(kvm_exit_stats_layout);
	struct kvm_exit_stat st;
	u8 what;

	if (layout >= ARRAY_SIZE(kvm_exit_stats_course_leaves))
		return false;
	what = kvm_exit_stats_course_leaves[layout][COURSE(leaf)];

	switch (what) {
	case COURSE_TOTALS:
	case COURSE_TOTAL_EXITS:
	case COURSE_TOTAL_CYCLES:
		kvm_exit_stats_query(vcpu, ops, 0, KVM_EXIT_STATS_SLOTS, &st);
		break;
	case COURSE_REASON_EXITS:
	case COURSE_REASON_CYCLES:
		if (kvm_exit_stats_reason_query(vcpu, ops, reason, &st) ==
		    KVM_EXIT_STATS_STATUS_UNDEFINED) {
			r->edx = KVM_EXIT_STATS_EDX_UNDEFINED;
			return true;
		}
		break;
	default:
		return false;
	}

	/* The course ABI has 32-bit exit counts: the low half of the u64. */
	if (what == COURSE_TOTALS || what == COURSE_TOTAL_EXITS ||
	    what == COURSE_REASON_EXITS)
		r->eax = lower_32_bits(st.count);
	if (what == COURSE_TOTALS || what == COURSE_TOTAL_CYCLES ||
	    what == COURSE_REASON_CYCLES)
		kvm_exit_stats_put_u64(r, st.cycles);
	return true;
}

static void kvm_exit_stats_extended(struct kvm_vcpu *vcpu,
				    const struct kvm_exit_stats_ops *ops,
				    u32 leaf, u32 reason,
				    struct kvm_exit_stats_regs *r)
{
	struct kvm_exit_stat st;
	u32 status;

	switch (leaf) {
	case KVM_EXIT_STATS_LEAF_INFO:
		r->eax = KVM_EXIT_STATS_INFO_EAX(KVM_EXIT_STATS_ABI_VERSION,
						 ops->vendor,
						 READ_ONCE(kvm_exit_stats_scope),
						 READ_ONCE(kvm_exit_stats_layout),
						 !READ_ONCE(kvm_exit_stats_enabled));
		r->ebx = KVM_EXIT_STATS_SIGNATURE_EBX;
		r->ecx = KVM_EXIT_STATS_SIGNATURE_ECX;
		r->edx = KVM_EXIT_STATS_SIGNATURE_EDX;
		return;
	case KVM_EXIT_STATS_LEAF_TOTAL_EXITS:
	case KVM_EXIT_STATS_LEAF_TOTAL_CYCLES:
		kvm_exit_stats_query(vcpu, ops, 0, KVM_EXIT_STATS_SLOTS, &st);
		kvm_exit_stats_put_u64(r, leaf == KVM_EXIT_STATS_LEAF_TOTAL_EXITS ?
					  st.count : st.cycles);
		return;
	}

	status = kvm_exit_stats_reason_query(vcpu, ops, reason, &st);
	r->eax = status;
	if (status == KVM_EXIT_STATS_STATUS_UNDEFINED) {
		r->edx = KVM_EXIT_STATS_EDX_UNDEFINED;
		return;
	}

	switch (leaf) {
	case KVM_EXIT_STATS_LEAF_REASON_COUNT:
		kvm_exit_stats_put_u64(r, st.count);
		break;
	case KVM_EXIT_STATS_LEAF_REASON_CYCLES:
		kvm_exit_stats_put_u64(r, st.cycles);
		break;
	case KVM_EXIT_STATS_LEAF_REASON_MIN:
		kvm_exit_stats_put_u64(r, st.min);
		break;
	case KVM_EXIT_STATS_LEAF_REASON_MAX:
		kvm_exit_stats_put_u64(r, st.max);
		break;
	}
}

/*
 * Called by kvm_emulate_cpuid() with the guest's EAX and ECX; returns false
 * to leave the leaf to kvm_cpuid().
 */
bool kvm_exit_stats_cpuid(struct kvm_vcpu *vcpu, u32 *eax, u32 *ebx,
			  u32 *ecx, u32 *edx)
{
	const struct kvm_exit_stats_ops *ops;
	struct kvm_exit_stats_regs r = {};
	u32 leaf = *eax;

	if (leaf < KVM_EXIT_STATS_LEAF_EXT_FIRST ||
	    leaf > KVM_EXIT_STATS_LEAF_COURSE_LAST ||
	    !READ_ONCE(kvm_exit_stats_cpuid_enabled))
		return false;

	ops = kvm_exit_stats_get_ops();
	if (!ops)
		return false;

	if (leaf >= KVM_EXIT_STATS_LEAF_COURSE_FIRST) {
		if (!kvm_exit_stats_course(vcpu, ops, leaf, *ecx, &r))
			return false;
	} else if (leaf <= KVM_EXIT_STATS_LEAF_EXT_LAST) {
		kvm_exit_stats_extended(vcpu, ops, leaf, *ecx, &r);
	} else {
		return false;
	}

	*eax = r.eax;
	*ebx = r.ebx;
	*ecx = r.ecx;
	*edx = r.edx;
	return true;
}
