// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of exitstat's data model (tools/exitstat/snapshot.c): delta
 * arithmetic, the subtraction of the reader's own CPUID exits, counter
 * resets, and summing VMs.  TAP output.
 */
#include "snapshot.h"
#include "tap.h"

static int slot(enum vendor v, uint32_t code)
{
	return reasons_slot(v, code);
}

static void set(struct snapshot *s, uint32_t code, uint64_t count,
		uint64_t cycles, uint64_t min, uint64_t max)
{
	struct reason_stat *r = &s->slot[slot(s->vendor, code)];

	r->count = count;
	r->cycles = cycles;
	r->min = min;
	r->max = max;
}

static const struct reason_stat *get(const struct snapshot *s, uint32_t code)
{
	return &s->slot[slot(s->vendor, code)];
}

/* Two reads of an SVM guest, 2.5 s apart; the first read cost 190 CPUIDs. */
static void test_delta_svm(void)
{
	static struct snapshot a, b, d;

	snapshot_init(&a, VENDOR_SVM, "cpuid");
	snapshot_init(&b, VENDOR_SVM, "cpuid");
	a.mono.tv_sec = 100;
	a.mono.tv_nsec = 900000000;
	b.mono.tv_sec = 103;
	b.mono.tv_nsec = 400000000;
	set(&a, 0x072, 1000, 2000000, 1200, 9000);	/* cpuid */
	set(&b, 0x072, 1195, 2400000, 1100, 9000);	/* 190 ours + 5 */
	set(&a, 0x07b, 50, 500000, 2500, 20000);	/* io */
	set(&b, 0x07b, 80, 800000, 2500, 31000);
	set(&a, 0x078, 7, 70000, 9000, 11000);		/* hlt: no change */
	set(&b, 0x078, 7, 70000, 9000, 11000);
	a.other = (struct reason_stat){ 3, 300, 90, 110, STATUS_OK, 0 };
	b.other = (struct reason_stat){ 5, 520, 90, 120, STATUS_OK, 0 };
	a.total_exits = 1060;
	b.total_exits = 1287;
	a.total_cycles = 2570300;
	b.total_cycles = 3270520;
	a.self_exits = 190;
	b.self_exits = 193;

	snapshot_delta(&a, &b, &d);
	ok(d.is_delta && !d.reset, "SVM delta: is_delta set, no reset");
	is_u64(d.interval_ns, 2500000000ull, "SVM delta: interval 2.5 s");
	is_u64(get(&d, 0x072)->count, 5,
	       "SVM delta: cpuid row = 195 - 190 own exits of the first read");
	is_u64(get(&d, 0x072)->cycles, 400000,
	       "SVM delta: cpuid cycles are not corrected");
	is_u64(d.self_subtracted, 190, "SVM delta: 190 own exits subtracted");
	is_u64(d.self_exits, 193, "SVM delta: keeps the cost of the second read");
	is_u64(get(&d, 0x07b)->count, 30, "SVM delta: io count 80 - 50");
	is_u64(get(&d, 0x07b)->cycles, 300000, "SVM delta: io cycles");
	is_u64(get(&d, 0x07b)->min, 2500, "SVM delta: min is the cumulative one");
	is_u64(get(&d, 0x07b)->max, 31000, "SVM delta: max is the cumulative one");
	is_u64(get(&d, 0x078)->count, 0, "SVM delta: unchanged hlt is 0");
	is_u64(d.other.count, 2, "SVM delta: other count");
	is_u64(d.other.cycles, 220, "SVM delta: other cycles");
	is_u64(d.total_exits, 1287 - 1060 - 190,
	       "SVM delta: total exits without our 190");
	is_u64(d.total_cycles, 3270520 - 2570300, "SVM delta: total cycles");
}

static void test_delta_vmx_idle(void)
{
	static struct snapshot a, b, d;

	/* An idle VMX guest: only our own 82 + 3*2 reads happened. */
	snapshot_init(&a, VENDOR_VMX, "cpuid");
	snapshot_init(&b, VENDOR_VMX, "cpuid");
	set(&a, 10, 500, 600000, 1000, 3000);		/* CPUID */
	set(&b, 10, 588, 700000, 1000, 3000);
	a.total_exits = 500;
	b.total_exits = 588;
	a.self_exits = 88;
	b.self_exits = 88;
	b.mono.tv_sec = 1;

	snapshot_delta(&a, &b, &d);
	is_u64(get(&d, 10)->count, 0, "VMX idle: CPUID row is 0");
	is_u64(d.total_exits, 0, "VMX idle: total is 0");
	is_u64(d.self_subtracted, 88, "VMX idle: 88 own exits subtracted");

	/* Fewer CPUID exits than we think we caused: clamp, never wrap. */
	set(&b, 10, 550, 700000, 1000, 3000);
	b.total_exits = 550;
	snapshot_delta(&a, &b, &d);
	is_u64(get(&d, 10)->count, 0, "VMX clamp: CPUID row does not wrap");
	is_u64(d.total_exits, 0, "VMX clamp: total does not wrap");
	is_u64(d.self_subtracted, 50, "VMX clamp: only 50 could be subtracted");
}

static void test_delta_paused_reset(void)
{
	static struct snapshot a, b, d;

	snapshot_init(&a, VENDOR_VMX, "cpuid");
	snapshot_init(&b, VENDOR_VMX, "cpuid");
	set(&a, 10, 500, 600000, 1000, 3000);
	set(&b, 10, 500, 600000, 1000, 3000);
	a.total_exits = b.total_exits = 500;
	a.self_exits = b.self_exits = 88;
	a.paused = b.paused = 1;
	snapshot_delta(&a, &b, &d);
	is_u64(d.self_subtracted, 0, "paused: frozen counters, nothing subtracted");
	is_u64(get(&d, 10)->count, 0, "paused: CPUID row 0");

	/* Counters went backwards: the delta is what was counted since. */
	a.paused = b.paused = 0;
	set(&b, 10, 40, 50000, 900, 2000);
	set(&b, 30, 9, 9000, 1000, 1000);
	b.total_exits = 49;
	b.total_cycles = 59000;
	snapshot_delta(&a, &b, &d);
	ok(d.reset, "reset: detected when a count goes backwards");
	is_u64(get(&d, 10)->count, 40, "reset: CPUID row is the new value");
	is_u64(get(&d, 30)->count, 9, "reset: IO row is the new value");
	is_u64(d.total_exits, 49, "reset: total is the new value");
	is_u64(d.self_subtracted, 0, "reset: nothing subtracted");
}

static void test_add(void)
{
	static struct snapshot a, b;
	uint64_t exits, cycles;

	snapshot_init(&a, VENDOR_SVM, "debugfs");
	snapshot_init(&b, VENDOR_SVM, "debugfs");
	set(&a, 0x072, 400, 1200000, 1500, 8000);
	set(&b, 0x072, 200, 600000, 1400, 9500);
	set(&b, 0x07b, 1, 10, 10, 10);
	a.slot[slot(VENDOR_SVM, 0x086)].status = STATUS_NOT_ENABLED;
	b.slot[slot(VENDOR_SVM, 0x086)].status = STATUS_NOT_ENABLED;
	b.slot[slot(VENDOR_SVM, 0x08e)].status = STATUS_NOT_ENABLED;
	a.total_exits = 400;
	b.total_exits = 201;
	ok(!snapshot_add(&a, &b), "add: same vendor sums");
	is_u64(get(&a, 0x072)->count, 600, "add: counts summed");
	is_u64(get(&a, 0x072)->cycles, 1800000, "add: cycles summed");
	is_u64(get(&a, 0x072)->min, 1400, "add: min of both");
	is_u64(get(&a, 0x072)->max, 9500, "add: max of both");
	is_u64(get(&a, 0x07b)->min, 10, "add: min of a row only the second has");
	is_u64(a.total_exits, 601, "add: totals summed");
	ok(get(&a, 0x086)->status == STATUS_NOT_ENABLED,
	   "add: not enabled in both stays not enabled");
	ok(get(&a, 0x08e)->status == STATUS_OK,
	   "add: not enabled in one only is ok");
	snapshot_sum_rows(&a, &exits, &cycles);
	is_u64(exits, 601, "sum_rows: exits");
	is_u64(cycles, 1800010, "sum_rows: cycles");

	snapshot_init(&b, VENDOR_VMX, "debugfs");
	ok(snapshot_add(&a, &b) == -1, "add: VMX into SVM is refused");
}

static void test_misc(void)
{
	struct reason_stat r = { .count = 3, .cycles = 10 };
	struct reason_stat z = { 0 };

	is_u64(stat_avg(&r), 3, "avg: 10 / 3 rounds down");
	is_u64(stat_avg(&z), 0, "avg: no exits, 0");
	is_str(status_name(STATUS_NOT_ENABLED), "not_enabled", "status name");
	ok(reasons_cpuid_slot(VENDOR_VMX) == slot(VENDOR_VMX, 10),
	   "VMX CPUID exit is reason 10");
	ok(reasons_cpuid_slot(VENDOR_SVM) == slot(VENDOR_SVM, 0x72),
	   "SVM CPUID exit is 0x072");
}

int main(void)
{
	test_delta_svm();
	test_delta_vmx_idle();
	test_delta_paused_reset();
	test_add();
	test_misc();
	return tap_done();
}
