// SPDX-License-Identifier: GPL-2.0
/*
 * cpuid.c: the guest source.  KVM answers the extended leaves
 * 0x4ffffff0..0x4ffffff6 of <asm/kvm_exit_stats.h> with its counters, so
 * an unprivileged process inside the guest can read them.  Every CPUID we
 * execute is itself a VM exit: the read is ordered and counted so that the
 * cost is known and can be taken out of deltas.
 */
#include <cpuid.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <asm/kvm_exit_stats.h>

#include "source.h"

#define CPUID_1_ECX_HYPERVISOR	(1u << 31)
#define LEAF_HYPERVISOR_ID	0x40000000

enum { EAX, EBX, ECX, EDX };

struct cpuid_priv {
	cpuid_fn fn;
	uint64_t calls;		/* CPUID instructions executed */
	uint32_t info;		/* EAX of the info leaf */
};

void cpuid_native(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
	__cpuid_count(leaf, subleaf, regs[EAX], regs[EBX], regs[ECX],
		      regs[EDX]);
}

static void xcpuid(struct cpuid_priv *p, uint32_t leaf, uint32_t subleaf,
		   uint32_t regs[4])
{
	p->calls++;
	p->fn(leaf, subleaf, regs);
}

enum vendor cpu_vendor(cpuid_fn cpuid)
{
	uint32_t r[4];
	char id[12];

	cpuid(0, 0, r);
	memcpy(id, &r[EBX], 4);
	memcpy(id + 4, &r[EDX], 4);
	memcpy(id + 8, &r[ECX], 4);
	return vendor_from_cpu_id(id);
}

/* The hypervisor's own name from leaf 0x40000000, for the messages. */
static void hypervisor_id(cpuid_fn cpuid, char id[13])
{
	uint32_t r[4];
	int i;

	cpuid(LEAF_HYPERVISOR_ID, 0, r);
	memcpy(id, &r[EBX], 4);
	memcpy(id + 4, &r[ECX], 4);
	memcpy(id + 8, &r[EDX], 4);
	id[12] = '\0';
	for (i = 0; i < 12; i++)
		if (id[i] && !isprint((unsigned char)id[i]))
			id[i] = '?';
}

/* Is the interface there?  On success *info is EAX of the info leaf. */
static int find_interface(struct cpuid_priv *p, struct xerr *e)
{
	uint32_t r[4];
	char id[13];

	xcpuid(p, 1, 0, r);
	if (!(r[ECX] & CPUID_1_ECX_HYPERVISOR))
		return xerr_set(e, -ENODEV,
				"not running under a hypervisor (CPUID.1:ECX bit 31 is clear): the cpuid source works inside a KVM guest; on a host use -s debugfs");
	xcpuid(p, KVM_EXIT_STATS_LEAF_INFO, 0, r);
	if (r[EBX] != KVM_EXIT_STATS_SIGNATURE_EBX ||
	    r[ECX] != KVM_EXIT_STATS_SIGNATURE_ECX ||
	    r[EDX] != KVM_EXIT_STATS_SIGNATURE_EDX) {
		hypervisor_id(p->fn, id);
		return xerr_set(e, -ENODEV,
				"the hypervisor (\"%s\") does not answer CPUID leaf 0x%x with \"%s\": it runs a stock KVM, or its exit statistics are switched off; load the patched kvm modules on the host and enable the interface",
				id, KVM_EXIT_STATS_LEAF_INFO,
				KVM_EXIT_STATS_SIGNATURE);
	}
	if (KVM_EXIT_STATS_INFO_VERSION(r[EAX]) < KVM_EXIT_STATS_ABI_VERSION)
		return xerr_set(e, -EPROTO,
				"leaf 0x%x reports ABI version %u; exitstat needs version %u or later",
				KVM_EXIT_STATS_LEAF_INFO,
				KVM_EXIT_STATS_INFO_VERSION(r[EAX]),
				KVM_EXIT_STATS_ABI_VERSION);
	p->info = r[EAX];
	return 0;
}

static int cpuid_probe(const struct source_opts *o, struct xerr *e)
{
	struct cpuid_priv p = { .fn = o->cpuid };

	return find_interface(&p, e);
}

static int cpuid_open(struct source *s, const struct source_opts *o,
		      struct xerr *e)
{
	struct cpuid_priv *p;
	int err;

	p = calloc(1, sizeof(*p));
	if (!p)
		return xerr_set(e, -ENOMEM, "out of memory");
	p->fn = o->cpuid;
	err = find_interface(p, e);
	if (err) {
		free(p);
		return err;
	}
	s->vendor = KVM_EXIT_STATS_INFO_VENDOR(p->info) ==
		    KVM_EXIT_STATS_VENDOR_SVM ? VENDOR_SVM : VENDOR_VMX;
	s->priv = p;
	return 0;
}

static uint64_t leaf_u64(const uint32_t r[4])
{
	return KVM_EXIT_STATS_U64(r[EBX], r[ECX]);
}

static enum reason_status leaf_status(const uint32_t r[4])
{
	if (r[EDX] == KVM_EXIT_STATS_EDX_UNDEFINED ||
	    r[EAX] == KVM_EXIT_STATS_STATUS_UNDEFINED)
		return STATUS_UNDEFINED;
	if (r[EAX] == KVM_EXIT_STATS_STATUS_NOT_ENABLED)
		return STATUS_NOT_ENABLED;
	if (r[EAX] == KVM_EXIT_STATS_STATUS_OK)
		return STATUS_OK;
	return STATUS_UNDEFINED;	/* a status this reader does not know */
}

static void read_details(struct cpuid_priv *p, uint32_t code,
			 struct reason_stat *r)
{
	uint32_t regs[4];

	xcpuid(p, KVM_EXIT_STATS_LEAF_REASON_CYCLES, code, regs);
	r->cycles = leaf_u64(regs);
	xcpuid(p, KVM_EXIT_STATS_LEAF_REASON_MIN, code, regs);
	r->min = leaf_u64(regs);
	xcpuid(p, KVM_EXIT_STATS_LEAF_REASON_MAX, code, regs);
	r->max = leaf_u64(regs);
}

/*
 * Cost: D + 3k CPUID exits for D defined reasons of which k have exits.
 * The order is fixed (all counts, then the details), which
 * snapshot_delta() relies on to subtract our own exits exactly.
 *
 * The rows are read one after the other while the guest keeps running, so
 * the totals are the sums of the rows rather than leaves 0x4ffffff5/6 read
 * at another moment: a table whose rows add up to its total.  Exits of
 * codes outside the vendor table are in those leaves only.
 */
static int cpuid_read(struct source *s, struct snapshot *snap, struct xerr *e)
{
	struct cpuid_priv *p = s->priv;
	const struct reason *rs;
	uint32_t r[4];
	unsigned int i;

	(void)e;
	p->calls = 0;
	for (i = 0; i < snap->nr_slots; i++) {
		rs = reasons_at(s->vendor, i);
		xcpuid(p, KVM_EXIT_STATS_LEAF_REASON_COUNT, rs->code, r);
		snap->slot[i].status = leaf_status(r);
		snap->slot[i].count = leaf_u64(r);
	}
	for (i = 0; i < snap->nr_slots; i++)
		if (snap->slot[i].count)
			read_details(p, reasons_at(s->vendor, i)->code,
				     &snap->slot[i]);
	snapshot_sum_rows(snap, &snap->total_exits, &snap->total_cycles);

	snap->self_exits = p->calls;
	snap->paused = KVM_EXIT_STATS_INFO_PAUSED(p->info);
	if (KVM_EXIT_STATS_INFO_SCOPE(p->info) == KVM_EXIT_STATS_SCOPE_HOST) {
		strcpy(snap->scope, "host");
		strcpy(snap->target, "all VMs since module load");
	} else {
		strcpy(snap->scope, "vm");
		strcpy(snap->target, "this VM");
	}
	return 0;
}

/* Any number, defined or not: the status tells which. 4 CPUID exits. */
static int cpuid_read_reason(struct source *s, uint32_t code,
			     struct reason_stat *rec, uint64_t *self_exits,
			     struct xerr *e)
{
	struct cpuid_priv *p = s->priv;
	uint32_t r[4];

	(void)e;
	p->calls = 0;
	xcpuid(p, KVM_EXIT_STATS_LEAF_REASON_COUNT, code, r);
	rec->status = leaf_status(r);
	rec->count = leaf_u64(r);
	read_details(p, code, rec);
	*self_exits = p->calls;
	return 0;
}

static void cpuid_close(struct source *s)
{
	free(s->priv);
	s->priv = NULL;
}

const struct source_ops cpuid_source = {
	.name = "cpuid",
	.probe = cpuid_probe,
	.open = cpuid_open,
	.read = cpuid_read,
	.read_reason = cpuid_read_reason,
	.close = cpuid_close,
};
