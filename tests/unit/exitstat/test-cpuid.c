// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of exitstat's cpuid source (tools/exitstat/cpuid.c) against a
 * fake hypervisor that answers the leaves of <asm/kvm_exit_stats.h>:
 * every status, an absent interface, both vendors, the exact number of
 * CPUID instructions of a read, and deltas that take the reader's own
 * exits out exactly.  TAP output.
 */
#include <errno.h>
#include <stdlib.h>

#include <asm/kvm_exit_stats.h>

#include "source.h"
#include "tap.h"

#define MAX_FAKE	16
#define SELF_CYCLES	1000	/* what one of our CPUID exits costs */

enum self_mode {
	SELF_NONE,		/* counters do not see our CPUIDs */
	SELF_BEFORE,		/* counted before the leaf is answered */
	SELF_AFTER,		/* counted after (with its cycles) */
};

struct fake_reason {
	uint32_t code;
	uint64_t count, cycles, min, max;
};

static struct fake {
	int hypervisor;
	int signature;
	uint32_t info;
	const char *cpu;		/* vendor id of leaf 0 */
	enum vendor numbering;
	uint32_t not_enabled[4];
	unsigned int nr_not_enabled;
	uint32_t kernel_undefined;	/* in our table, unknown to KVM */
	struct fake_reason rs[MAX_FAKE];
	unsigned int nr;
	uint64_t total_exits, total_cycles;
	enum self_mode self;
	unsigned long calls;
	unsigned long per_leaf[7];	/* 0x4ffffff0 .. 0x4ffffff6 */
	unsigned long outside_table;	/* F1..F4 for codes not in the table */
} fk;

static struct fake_reason *fake_find(uint32_t code)
{
	unsigned int i;

	for (i = 0; i < fk.nr; i++)
		if (fk.rs[i].code == code)
			return &fk.rs[i];
	return NULL;
}

static struct fake_reason *fake_get(uint32_t code)
{
	struct fake_reason *r = fake_find(code);

	if (!r) {
		r = &fk.rs[fk.nr++];
		*r = (struct fake_reason){ .code = code };
	}
	return r;
}

/* An exit as KVM would count it. */
static void fake_exit(uint32_t code, uint64_t cycles)
{
	struct fake_reason *r = fake_get(code);

	if (!r->count || cycles < r->min)
		r->min = cycles;
	if (cycles > r->max)
		r->max = cycles;
	r->count++;
	r->cycles += cycles;
	fk.total_exits++;
	fk.total_cycles += cycles;
}

static uint32_t cpuid_code(void)
{
	return fk.numbering == VENDOR_SVM ? 0x072 : 10;
}

static void put_id(const char *id, uint32_t *a, uint32_t *b, uint32_t *c)
{
	memcpy(a, id, 4);
	memcpy(b, id + 4, 4);
	memcpy(c, id + 8, 4);
}

static void put_u64(uint32_t r[4], uint64_t v)
{
	r[1] = v >> 32;
	r[2] = (uint32_t)v;
}

static int not_enabled(uint32_t code)
{
	unsigned int i;

	for (i = 0; i < fk.nr_not_enabled; i++)
		if (fk.not_enabled[i] == code)
			return 1;
	return 0;
}

static void answer_reason(uint32_t leaf, uint32_t code, uint32_t r[4])
{
	struct fake_reason *fr = fake_find(code);
	uint64_t v = 0;

	if (reasons_slot(fk.numbering, code) < 0) {
		fk.outside_table++;
		r[0] = KVM_EXIT_STATS_STATUS_UNDEFINED;
		r[3] = KVM_EXIT_STATS_EDX_UNDEFINED;
		return;
	}
	if (code == fk.kernel_undefined) {
		r[0] = KVM_EXIT_STATS_STATUS_UNDEFINED;
		r[3] = KVM_EXIT_STATS_EDX_UNDEFINED;
		return;
	}
	if (not_enabled(code)) {
		r[0] = KVM_EXIT_STATS_STATUS_NOT_ENABLED;
		return;
	}
	if (fr) {
		uint64_t vals[4] = { fr->count, fr->cycles, fr->min, fr->max };

		v = vals[leaf - KVM_EXIT_STATS_LEAF_REASON_COUNT];
	}
	put_u64(r, v);
}

static void fake_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	fk.calls++;
	memset(r, 0, 4 * sizeof(*r));
	if (fk.self == SELF_BEFORE)
		fake_exit(cpuid_code(), SELF_CYCLES);
	if (leaf >= KVM_EXIT_STATS_LEAF_INFO &&
	    leaf <= KVM_EXIT_STATS_LEAF_TOTAL_CYCLES)
		fk.per_leaf[leaf - KVM_EXIT_STATS_LEAF_INFO]++;

	if (leaf == 0) {
		r[0] = 0x10;
		put_id(fk.cpu, &r[1], &r[3], &r[2]);
	} else if (leaf == 1) {
		r[2] = fk.hypervisor ? 1u << 31 : 0;
	} else if (leaf == 0x40000000 && fk.hypervisor) {
		r[0] = 0x40000001;
		put_id("KVMKVMKVM\0\0\0", &r[1], &r[2], &r[3]);
	} else if (!fk.signature) {
		;	/* a stock KVM: nothing of ours */
	} else if (leaf == KVM_EXIT_STATS_LEAF_INFO) {
		r[0] = fk.info;
		r[1] = KVM_EXIT_STATS_SIGNATURE_EBX;
		r[2] = KVM_EXIT_STATS_SIGNATURE_ECX;
		r[3] = KVM_EXIT_STATS_SIGNATURE_EDX;
	} else if (leaf >= KVM_EXIT_STATS_LEAF_REASON_COUNT &&
		   leaf <= KVM_EXIT_STATS_LEAF_REASON_MAX) {
		answer_reason(leaf, sub, r);
	} else if (leaf == KVM_EXIT_STATS_LEAF_TOTAL_EXITS) {
		put_u64(r, fk.total_exits);
	} else if (leaf == KVM_EXIT_STATS_LEAF_TOTAL_CYCLES) {
		put_u64(r, fk.total_cycles);
	}
	if (fk.self == SELF_AFTER)
		fake_exit(cpuid_code(), SELF_CYCLES);
}

static void fake_reset(enum vendor numbering, const char *cpu)
{
	memset(&fk, 0, sizeof(fk));
	fk.hypervisor = 1;
	fk.signature = 1;
	fk.numbering = numbering;
	fk.cpu = cpu;
	fk.info = KVM_EXIT_STATS_INFO_EAX(KVM_EXIT_STATS_ABI_VERSION,
					  numbering == VENDOR_SVM ?
					  KVM_EXIT_STATS_VENDOR_SVM :
					  KVM_EXIT_STATS_VENDOR_VMX,
					  KVM_EXIT_STATS_SCOPE_VM,
					  KVM_EXIT_STATS_LAYOUT_2021, 0);
}

static void fake_set(uint32_t code, uint64_t count, uint64_t cycles,
		     uint64_t min, uint64_t max)
{
	struct fake_reason *r = fake_get(code);

	r->count = count;
	r->cycles = cycles;
	r->min = min;
	r->max = max;
	fk.total_exits += count;
	fk.total_cycles += cycles;
}

static struct source_opts opts = {
	.cpuid = fake_cpuid,
	.debugfs_root = "/nonexistent/kvm",
	.vcpu = -1,
};

static const struct reason_stat *row(const struct snapshot *s, uint32_t code)
{
	return &s->slot[reasons_slot(s->vendor, code)];
}

static void test_absent(void)
{
	struct xerr e = { "" };

	fake_reset(VENDOR_SVM, "AuthenticAMD");
	fk.hypervisor = 0;
	ok(cpuid_source.probe(&opts, &e) == -ENODEV,
	   "no hypervisor bit: probe fails");
	has_str(e.msg, "not running under a hypervisor",
		"no hypervisor bit: message says so");
	is_u64(fk.calls, 1, "no hypervisor bit: one CPUID (leaf 1)");

	fake_reset(VENDOR_SVM, "AuthenticAMD");
	fk.signature = 0;
	ok(cpuid_source.probe(&opts, &e) == -ENODEV,
	   "hypervisor without signature: probe fails");
	has_str(e.msg, "(\"KVMKVMKVM\") does not answer CPUID leaf 0x4ffffff0",
		"hypervisor without signature: names the hypervisor and the leaf");
	has_str(e.msg, "load the patched kvm modules",
		"hypervisor without signature: says what to do");

	fake_reset(VENDOR_VMX, "GenuineIntel");
	fk.info = 0;
	ok(cpuid_source.probe(&opts, &e) == -EPROTO,
	   "ABI version 0: refused");
	has_str(e.msg, "ABI version 0", "ABI version 0: message names it");

	fake_reset(VENDOR_VMX, "GenuineIntel");
	fk.info |= 2;	/* a newer ABI: fields we know keep their meaning */
	ok(cpuid_source.probe(&opts, &e) == 0, "ABI version 3: accepted");
}

static void test_read_svm(void)
{
	static struct snapshot s;
	struct source src;
	struct xerr e = { "" };
	unsigned long before;

	fake_reset(VENDOR_SVM, "AuthenticAMD");
	fake_set(0x072, 2000, 6000000, 1200, 9000);	/* cpuid */
	fake_set(0x07b, 5000, 20000000, 2500, 120000);	/* io */
	fake_set(0x060, 4000, 8000000, 800, 25000);	/* interrupt */
	fake_set(0x040, 3, 24000, 7000, 9000);		/* DE excp */
	fake_set(0x400, 1200, 2000000, 900, 50000);	/* npf */
	fake_set(0xffffffff, 1, 30000, 30000, 30000);	/* VMEXIT_INVALID */
	fk.total_exits += 26;		/* exits of codes outside the table */
	fk.total_cycles += 91000;
	fk.not_enabled[fk.nr_not_enabled++] = 0x086;	/* skinit */
	fk.not_enabled[fk.nr_not_enabled++] = 0x08e;	/* rdpru */
	fk.kernel_undefined = 0x0a6;			/* idle-halt */

	if (!ok(!source_open(&src, &cpuid_source, &opts, &e),
		"SVM: open"))
		printf("#   %s\n", e.msg);
	ok(src.vendor == VENDOR_SVM, "SVM: numbering from leaf 0x4ffffff0");
	before = fk.calls;
	memset(fk.per_leaf, 0, sizeof(fk.per_leaf));
	ok(!source_read(&src, &s, &e), "SVM: read");
	is_u64(fk.calls - before, 172 + 3 * 6,
	       "SVM: a read with k=6 costs 172 + 3k CPUIDs");
	is_u64(s.self_exits, 190, "SVM: self_exits counts them");
	is_u64(fk.per_leaf[1], 172, "SVM: one count leaf per defined reason");
	is_u64(fk.per_leaf[2], 6, "SVM: cycles leaf only for k=6 reasons");
	is_u64(fk.per_leaf[3], 6, "SVM: min leaf only for k=6 reasons");
	is_u64(fk.per_leaf[4], 6, "SVM: max leaf only for k=6 reasons");
	is_u64(fk.per_leaf[5] + fk.per_leaf[6], 0,
	       "SVM: totals are not read, they are summed");
	is_u64(fk.outside_table, 0, "SVM: no query outside the table");
	is_u64(row(&s, 0x072)->count, 2000, "SVM: cpuid count");
	is_u64(row(&s, 0x07b)->cycles, 20000000, "SVM: io cycles");
	is_u64(row(&s, 0x060)->min, 800, "SVM: interrupt min");
	is_u64(row(&s, 0x400)->max, 50000, "SVM: npf max");
	is_u64(row(&s, 0xffffffff)->count, 1, "SVM: VMEXIT_INVALID (-1) count");
	is_u64(row(&s, 0x040)->cycles, 24000, "SVM: DE excp cycles");
	ok(row(&s, 0x072)->status == STATUS_OK, "SVM: status ok");
	ok(row(&s, 0x078)->status == STATUS_OK && !row(&s, 0x078)->count,
	   "SVM: enabled reason without exits: ok, 0");
	ok(row(&s, 0x086)->status == STATUS_NOT_ENABLED,
	   "SVM: status 1 is not enabled");
	ok(row(&s, 0x0a6)->status == STATUS_UNDEFINED,
	   "SVM: status 2 / EDX=~0 is undefined");
	is_u64(s.total_exits, 12204, "SVM: total exits = sum of the rows");
	is_u64(s.total_cycles, 36054000, "SVM: total cycles = sum of the rows");
	is_str(s.scope, "vm", "SVM: scope vm");
	is_str(s.source, "cpuid", "SVM: source name");
	source_close(&src);
}

static void test_read_vmx(void)
{
	static struct snapshot s;
	struct reason_stat r;
	struct source src;
	struct xerr e = { "" };
	uint64_t self;
	unsigned long before;

	fake_reset(VENDOR_VMX, "GenuineIntel");
	fake_set(10, 1500, 3000000, 1200, 6000);
	fake_set(30, 3000, 12000000, 3000, 90000);
	fake_set(85, 7, 7000, 900, 1100);		/* MSR_WRITE_IMM */
	fk.not_enabled[fk.nr_not_enabled++] = 11;	/* GETSEC */
	fk.info |= KVM_EXIT_STATS_INFO_PUT(SCOPE, KVM_EXIT_STATS_SCOPE_HOST) |
		   KVM_EXIT_STATS_INFO_PUT(PAUSED, 1);

	ok(!source_open(&src, &cpuid_source, &opts, &e), "VMX: open");
	ok(src.vendor == VENDOR_VMX, "VMX: numbering from leaf 0x4ffffff0");
	before = fk.calls;
	ok(!source_read(&src, &s, &e), "VMX: read");
	is_u64(fk.calls - before, 80 + 3 * 3,
	       "VMX: a read with k=3 costs 80 + 3k CPUIDs");
	is_u64(s.self_exits, 89, "VMX: self_exits counts them");
	is_u64(row(&s, 85)->count, 7, "VMX: MSR_WRITE_IMM (85) count");
	is_u64(row(&s, 30)->max, 90000, "VMX: IO_INSTRUCTION max");
	ok(row(&s, 11)->status == STATUS_NOT_ENABLED, "VMX: GETSEC not enabled");
	is_str(s.scope, "host", "VMX: scope bit 9 = host");
	ok(s.paused, "VMX: paused bit 12");

	before = fk.calls;
	ok(!source_read_reason(&src, 35, &r, &self, &e),
	   "VMX reason 35: read");
	ok(r.status == STATUS_UNDEFINED, "VMX reason 35: undefined");
	is_u64(self, 4, "VMX reason 35: 4 CPUIDs (count, cycles, min, max)");
	is_u64(fk.calls - before, 4, "VMX reason 35: 4 CPUIDs executed");
	ok(!source_read_reason(&src, 11, &r, &self, &e) &&
	   r.status == STATUS_NOT_ENABLED && !r.count,
	   "VMX reason 11 (GETSEC): not enabled, 0");
	ok(!source_read_reason(&src, 30, &r, &self, &e) &&
	   r.status == STATUS_OK && r.count == 3000 && r.cycles == 12000000 &&
	   r.min == 3000 && r.max == 90000,
	   "VMX reason 30: every field exact");
	source_close(&src);

	fake_reset(VENDOR_VMX, "GenuineIntel");
	ok(!source_open(&src, &cpuid_source, &opts, &e), "VMX k=0: open");
	before = fk.calls;
	source_read(&src, &s, &e);
	is_u64(fk.calls - before, 80, "VMX: a read with k=0 costs 80 CPUIDs");
	source_close(&src);

	fake_reset(VENDOR_SVM, "GenuineIntel");	/* leaf 0 is not asked */
	ok(!source_open(&src, &cpuid_source, &opts, &e) &&
	   src.vendor == VENDOR_SVM,
	   "SVM numbering on an Intel CPU id: leaf 0x4ffffff0 wins");
	before = fk.calls;
	source_read(&src, &s, &e);
	is_u64(fk.calls - before, 172, "SVM: a read with k=0 costs 172 CPUIDs");
	source_close(&src);
}

/*
 * The fake counts our own CPUIDs as KVM does; guest activity between two
 * reads must come out exactly, our reads not at all.
 */
static void test_self_delta(enum vendor v, const char *cpu,
			    enum self_mode mode, const char *what)
{
	static struct snapshot a, b, c, d;
	uint32_t io = v == VENDOR_SVM ? 0x07b : 30;
	struct source src;
	struct xerr e;
	int i;

	fake_reset(v, cpu);
	fake_set(io, 100, 100000, 1000, 1000);
	fake_set(v == VENDOR_SVM ? 0x060 : 1, 10, 1000, 100, 100);
	fk.self = mode;
	source_open(&src, &cpuid_source, &opts, &e);
	source_read(&src, &a, &e);
	for (i = 0; i < 7; i++)
		fake_exit(io, 2000);
	for (i = 0; i < 5; i++)		/* another program's CPUIDs */
		fake_exit(cpuid_code(), 500);
	source_read(&src, &b, &e);
	snapshot_delta(&a, &b, &d);
	is_u64(d.slot[reasons_cpuid_slot(v)].count, 5,
	       "%s: CPUID delta is the 5 foreign ones", what);
	is_u64(row(&d, io)->count, 7, "%s: IO delta 7", what);
	is_u64(d.total_exits, 12, "%s: total delta 12", what);
	is_u64(d.self_subtracted, a.self_exits,
	       "%s: subtracted the first read's cost", what);

	source_read(&src, &c, &e);
	snapshot_delta(&b, &c, &d);
	ok(d.slot[reasons_cpuid_slot(v)].count == 0 && d.total_exits == 0,
	   "%s: idle interval shows 0 exits (got CPUID %" PRIu64
	   ", total %" PRIu64 ")", what,
	   d.slot[reasons_cpuid_slot(v)].count, d.total_exits);
	source_close(&src);
}

static void test_vendor_and_select(void)
{
	const struct source_ops *ops = NULL;
	struct source_opts o = opts;
	struct xerr e = { "" };

	fake_reset(VENDOR_VMX, "GenuineIntel");
	ok(cpu_vendor(fake_cpuid) == VENDOR_VMX, "GenuineIntel is VMX");
	fk.cpu = "AuthenticAMD";
	ok(cpu_vendor(fake_cpuid) == VENDOR_SVM, "AuthenticAMD is SVM");
	fk.cpu = "HygonGenuine";
	ok(cpu_vendor(fake_cpuid) == VENDOR_SVM, "HygonGenuine is SVM");
	fk.cpu = "CentaurHauls";
	ok(cpu_vendor(fake_cpuid) == VENDOR_NONE, "CentaurHauls is unknown");

	fake_reset(VENDOR_SVM, "AuthenticAMD");
	ok(!source_select(&o, &ops, &e) && ops == &cpuid_source,
	   "auto: a guest with the interface uses cpuid");
	fk.signature = 0;
	ok(source_select(&o, &ops, &e) == -ENOENT,
	   "auto: no interface, no debugfs: fails");
	has_str(e.msg, "interface absent", "auto: says the interface is absent");
	has_str(e.msg, "\n  cpuid: the hypervisor", "auto: explains cpuid");
	has_str(e.msg, "\n  debugfs: no /nonexistent/kvm",
		"auto: explains debugfs");
	o.pid = 812;
	ok(!source_select(&o, &ops, &e) && ops == &debugfs_source,
	   "auto: -p means debugfs");
}

int main(void)
{
	test_absent();
	test_read_svm();
	test_read_vmx();
	test_self_delta(VENDOR_SVM, "AuthenticAMD", SELF_BEFORE,
			"SVM, counted at exit");
	test_self_delta(VENDOR_SVM, "AuthenticAMD", SELF_AFTER,
			"SVM, counted after handling");
	test_self_delta(VENDOR_VMX, "GenuineIntel", SELF_BEFORE,
			"VMX, counted at exit");
	test_self_delta(VENDOR_VMX, "GenuineIntel", SELF_AFTER,
			"VMX, counted after handling");
	test_vendor_and_select();
	return tap_done();
}
