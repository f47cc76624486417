// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of exitstat's trace source without a kernel: the tracefs
 * format parser on the lab's recorded files (tests/unit/exitstat/trace),
 * perf records built byte by byte and decoded, a ring buffer that wraps,
 * and the exit/entry pairing on synthetic event streams, with exact
 * latencies.  TAP output.
 *
 *   exitstat-trace DIR            the tests (DIR: tests/unit/exitstat)
 *   exitstat-trace print FORMAT   a traced snapshot as table, json or csv
 *                                 (for exitstat-trace.t), at a fixed time
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "tap.h"
#include "trace.h"

#define WHEN		1714564800	/* 2024-05-01 12:00:00 UTC */
#define CPUID		0x072		/* SVM EXITCODEs */
#define IO		0x07b
#define HLT		0x078
#define VMX_CPUID	10
#define VMX_HLT		12

static const char *dir;
static struct trace_layout lay;

static void load(const char *name, struct tp_format *fmt)
{
	char path[PATH_MAX];
	struct xerr e;
	FILE *f;

	snprintf(path, sizeof(path), "%s/trace/%s", dir, name);
	f = fopen(path, "r");
	if (!f) {
		printf("Bail out! cannot open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	if (tp_format_parse(f, name, fmt, &e)) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
	fclose(f);
}

/* The error a broken format file gives, or "" */
static const char *parse_error(const char *name)
{
	static struct xerr e;
	struct tp_format fmt, entry;
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/trace/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return "cannot open";
	e.msg[0] = '\0';
	if (!tp_format_parse(f, name, &fmt, &e)) {
		load("kvm_entry.format", &entry);
		trace_layout_init(&lay, &fmt, &entry, &e);
	}
	fclose(f);
	return e.msg;
}

static void test_formats(void)
{
	struct tp_format exit, entry, moved;
	const struct tp_field *fl;
	struct xerr e;

	load("kvm_exit.format", &exit);
	load("kvm_entry.format", &entry);
	is_str(exit.name, "kvm_exit", "kvm_exit.format: name");
	is_u64(exit.id, 1577, "kvm_exit.format: ID 1577");
	is_u64(exit.nr, 12, "kvm_exit.format: 4 common + 8 fields");
	fl = tp_format_field(&exit, "exit_reason");
	ok(fl && fl->offset == 8 && fl->size == 4 && !fl->is_signed,
	   "exit_reason: offset 8, size 4, unsigned");
	fl = tp_format_field(&exit, "isa");
	ok(fl && fl->offset == 24 && fl->size == 4, "isa: offset 24, size 4");
	fl = tp_format_field(&exit, "vcpu_id");
	ok(fl && fl->offset == 56 && fl->size == 4, "vcpu_id: offset 56, size 4");
	fl = tp_format_field(&exit, "common_pid");
	ok(fl && fl->offset == 4 && fl->size == 4 && fl->is_signed,
	   "common_pid: offset 4, size 4, signed");
	ok(!tp_format_field(&exit, "print"), "print fmt is not a field");
	is_u64(entry.id, 1586, "kvm_entry.format: ID 1586");
	fl = tp_format_field(&entry, "immediate_exit");
	ok(fl && fl->offset == 24 && fl->size == 1, "kvm_entry: immediate_exit, bool at 24");
	e.msg[0] = '\0';
	ok(!trace_layout_init(&lay, &exit, &entry, &e) && lay.has_isa &&
	   lay.has_entry_vcpu && lay.type.offset == 0 && lay.type.size == 2 &&
	   lay.exit_id == 1577 && lay.entry_id == 1586,
	   "layout of the lab's events: common_type u16 at 0, isa, vcpu_id %s", e.msg);

	load("moved.format", &moved);
	ok(!trace_layout_init(&lay, &moved, &entry, &e) &&
	   lay.exit_reason.offset == 64 && lay.exit_id == 901,
	   "a moved exit_reason is found at its new offset (64)");

	has_str(parse_error("bad-id.format"), "bad-id.format:2: malformed ID line",
		"ID that is no number: file and line");
	has_str(parse_error("no-id.format"), "no 'ID:' line",
		"no ID line: not a format file");
	has_str(parse_error("bad-field.format"), "bad-field.format:11: malformed field line",
		"field line without ';': file and line");
	has_str(parse_error("no-reason.format"), "event kvm_exit has no field 'exit_reason'",
		"no exit_reason field: named");
	has_str(parse_error("odd-size.format"), "field 'exit_reason' has size 3",
		"exit_reason of 3 bytes: refused");
}

/* --- records, as the kernel writes them for TRACE_SAMPLE_TYPE ---------------- */

static void put(unsigned char *raw, const struct tp_field *fl, uint64_t v)
{
	memcpy(raw + fl->offset, &v, fl->size);	/* little-endian */
}

/* A PERF_RECORD_SAMPLE of kvm_exit (entry = 0) or kvm_entry (entry = 1) */
static size_t sample(unsigned char *buf, int entry, uint32_t pid,
		     uint32_t tid, uint64_t time, uint32_t cpu, uint32_t isa,
		     uint32_t reason, uint32_t vcpu)
{
	uint32_t raw_size = entry ? 28 : 60;	/* as the kernel: 4 + size, 8-aligned */
	struct perf_event_header h = {
		.type = PERF_RECORD_SAMPLE,
		.size = 36 + raw_size,
	};
	unsigned char *raw = buf + 36;
	uint32_t u[2] = { pid, tid }, c[2] = { cpu, 0 };

	memset(buf, 0, h.size);
	memcpy(buf, &h, 8);
	memcpy(buf + 8, u, 8);
	memcpy(buf + 16, &time, 8);
	memcpy(buf + 24, c, 8);
	memcpy(buf + 32, &raw_size, 4);
	put(raw, &lay.type, entry ? lay.entry_id : lay.exit_id);
	if (entry) {
		put(raw, &lay.entry_vcpu, vcpu);
	} else {
		put(raw, &lay.exit_reason, reason);
		put(raw, &lay.exit_isa, isa);
		put(raw, &lay.exit_vcpu, vcpu);
	}
	return h.size;
}

/* PERF_RECORD_LOST: header, id, lost, sample_id (pid, tid, time, cpu) */
static size_t lost_rec(unsigned char *buf, uint64_t n, uint64_t time)
{
	struct perf_event_header h = { .type = PERF_RECORD_LOST, .size = 48 };
	uint64_t id = 7, res = 0;
	uint32_t u[2] = { 0, 0 };

	memcpy(buf, &h, 8);
	memcpy(buf + 8, &id, 8);
	memcpy(buf + 16, &n, 8);
	memcpy(buf + 24, u, 8);
	memcpy(buf + 32, &time, 8);
	memcpy(buf + 40, &res, 8);
	return h.size;
}

/* PERF_RECORD_EXIT: header, pid, ppid, tid, ptid, time, sample_id */
static size_t exit_rec(unsigned char *buf, uint32_t pid, uint32_t tid,
		       uint64_t time)
{
	struct perf_event_header h = { .type = PERF_RECORD_EXIT, .size = 56 };
	uint32_t ids[4] = { pid, 1, tid, 1 };

	memset(buf, 0, h.size);
	memcpy(buf, &h, 8);
	memcpy(buf + 8, ids, 16);
	memcpy(buf + 24, &time, 8);
	memcpy(buf + 40, &time, 8);	/* the trailer's time */
	return h.size;
}

static void test_decode(void)
{
	unsigned char buf[256];
	struct trace_ev ev;
	size_t n;

	n = sample(buf, 0, 812, 815, 123456789, 1, TRACE_ISA_SVM, IO, 3);
	ok(trace_decode(&lay, buf, n, &ev) == 1 && ev.type == TEV_EXIT &&
	   ev.pid == 812 && ev.tid == 815 && ev.time == 123456789 &&
	   ev.cpu == 1 && ev.reason == IO && ev.vcpu == 3 &&
	   ev.isa == TRACE_ISA_SVM,
	   "kvm_exit sample: pid, tid, time, cpu, reason, vcpu, isa");
	n = sample(buf, 0, 1, 2, 3, 0, TRACE_ISA_SVM, 0xffffffff, 0);
	ok(trace_decode(&lay, buf, n, &ev) == 1 && ev.reason == 0xffffffff,
	   "SVM -1 (VMEXIT_INVALID) stays 0xffffffff");
	n = sample(buf, 0, 1, 2, 3, 0, TRACE_ISA_VMX, 0x80000021, 0);
	ok(trace_decode(&lay, buf, n, &ev) == 1 && ev.reason == 33,
	   "VMX: a failed VM entry (bit 31) is basic reason 33");
	n = sample(buf, 1, 812, 815, 999, 0, 0, 0, 3);
	ok(trace_decode(&lay, buf, n, &ev) == 1 && ev.type == TEV_ENTRY &&
	   ev.tid == 815 && ev.time == 999 && ev.vcpu == 3,
	   "kvm_entry sample: tid, time, vcpu");
	ok(trace_decode(&lay, buf, n - 20, &ev) == -1,
	   "a sample shorter than its raw data: malformed");
	n = sample(buf, 1, 1, 1, 1, 0, 0, 0, 0);
	buf[36] = 0x99;		/* common_type of another event */
	is_u64(trace_decode(&lay, buf, n, &ev), 0, "a sample of another tracepoint: ignored");
	n = lost_rec(buf, 42, 5000);
	ok(trace_decode(&lay, buf, n, &ev) == 1 && ev.type == TEV_LOST &&
	   ev.lost == 42 && ev.time == 5000,
	   "PERF_RECORD_LOST: 42 lost, time from the sample_id trailer");
	n = exit_rec(buf, 812, 816, 7000);
	ok(trace_decode(&lay, buf, n, &ev) == 1 && ev.type == TEV_TASK_EXIT &&
	   ev.pid == 812 && ev.tid == 816 && ev.time == 7000,
	   "PERF_RECORD_EXIT: the thread that ended");
}

/* --- a ring buffer, laid out as mmap() gives it ---------------------------------- */

#define PAGE	4096

static void test_ring(void)
{
	static unsigned char map[PAGE * 2] __attribute__((aligned(PAGE)));
	struct perf_event_mmap_page *pc = (void *)map;
	unsigned char *data = map + PAGE, rec[256];
	struct trace_queue q = { 0 };
	struct trace_ring r;
	uint64_t head, bad = 0;
	uint32_t mult;
	uint16_t shift;
	size_t n, i;

	ok(!trace_ring_init(&r, map, PAGE, 1), "ring of 1 data page");
	ok(trace_ring_init(&r, map, PAGE, 3) == -EINVAL, "3 data pages: refused");
	trace_ring_init(&r, map, PAGE, 1);
	/* Start near the end so that the second record wraps around. */
	head = 10 * PAGE + PAGE - 64;
	pc->data_tail = head;
	for (i = 0; i < 3; i++) {
		size_t j;

		n = sample(rec, i == 1, 812, 815, 100 + i, 0, TRACE_ISA_SVM, CPUID, 0);
		for (j = 0; j < n; j++)
			data[(head + j) & (PAGE - 1)] = rec[j];
		head += n;
	}
	n = lost_rec(rec, 9, 200);
	memcpy(data + (head & (PAGE - 1)), rec, n);
	head += n;
	pc->data_head = head;
	ok(!trace_ring_drain(&r, &lay, &q, &bad) && q.nr == 4 && !bad,
	   "drained 4 records, one of them wrapping around the end");
	ok(q.nr == 4 && q.ev[0].type == TEV_EXIT && q.ev[1].type == TEV_ENTRY &&
	   q.ev[1].time == 101 && q.ev[2].reason == CPUID && q.ev[3].lost == 9,
	   "the wrapped record decoded whole");
	is_u64(pc->data_tail, head, "data_tail handed back up to data_head");
	q.nr = 0;
	ok(!trace_ring_drain(&r, &lay, &q, &bad) && q.nr == 0, "nothing new: nothing drained");
	/* A header claiming more than was published: out of step */
	memset(rec, 0, 8);
	((struct perf_event_header *)rec)->size = 4000;
	memcpy(data + (head & (PAGE - 1)), rec, 8);
	pc->data_head = head + 16;
	trace_ring_drain(&r, &lay, &q, &bad);
	ok(bad == 1 && pc->data_tail == head + 16, "a broken record is counted and skipped");
	trace_ring_fini(&r);
	trace_queue_free(&q);

	pc->cap_user_time = 0;
	ok(trace_ring_tsc(&r, &mult, &shift) == -1, "no cap_user_time: no TSC factor");
	pc->cap_user_time = 1;
	pc->time_mult = 1073741824;	/* 2 GHz: 0.5 ns per cycle << 31 */
	pc->time_shift = 31;
	ok(!trace_ring_tsc(&r, &mult, &shift) && mult == 1073741824 && shift == 31,
	   "cap_user_time: time_mult and time_shift");
}

/* --- pairing ------------------------------------------------------------------ */

static struct trace_ev E(uint32_t type, uint64_t time, uint32_t pid,
			 uint32_t tid, uint32_t reason, uint32_t vcpu)
{
	return (struct trace_ev){
		.type = type, .time = time, .pid = pid, .tid = tid,
		.reason = reason, .vcpu = vcpu, .isa = TRACE_ISA_SVM,
	};
}

#define X(t, pid, tid, r, v)	E(TEV_EXIT, t, pid, tid, r, v)
#define N(t, pid, tid, v)	E(TEV_ENTRY, t, pid, tid, 0, v)

static const struct reason_stat *row(const struct trace_stats *st, uint32_t code)
{
	return &st->slot[reasons_slot(st->vendor, code)];
}

static int same(const struct reason_stat *r, uint64_t count, uint64_t sum,
		uint64_t min, uint64_t max, uint64_t untimed, const char *what)
{
	int good = r->count == count && r->cycles == sum && r->min == min &&
		   r->max == max && r->untimed == untimed;

	ok(good, "%s", what);
	if (!good)
		printf("#   got:  count %" PRIu64 " sum %" PRIu64 " min %" PRIu64
		       " max %" PRIu64 " untimed %" PRIu64 "\n#   want: count %"
		       PRIu64 " sum %" PRIu64 " min %" PRIu64 " max %" PRIu64
		       " untimed %" PRIu64 "\n", r->count, r->cycles, r->min,
		       r->max, r->untimed, count, sum, min, max, untimed);
	return good;
}

static void feed(struct trace_stats *st, const struct trace_ev *ev, size_t n)
{
	struct trace_queue q = { 0 };
	size_t i;

	for (i = 0; i < n; i++)
		trace_queue_push(&q, &ev[i]);
	trace_queue_feed(&q, st, UINT64_MAX);
	trace_queue_free(&q);
}

static const struct trace_filter all = { .pid = 0, .vcpu = -1 };

static void test_pairing(void)
{
	/* Two vCPU threads of pid 800; their events arrive per CPU, so not
	 * in time order: thread 801 moved from CPU 0 to CPU 1 mid-exit. */
	const struct trace_ev cpu0_then_cpu1[] = {
		N(1000, 800, 801, 0),
		X(1100, 800, 801, CPUID, 0),	/* entry at 1350: 250 ns */
		N(1350, 800, 801, 0),
		X(1400, 800, 801, IO, 0),	/* on CPU 0 ... */
		N(2000, 800, 802, 1),		/* (CPU 1) */
		N(2400, 800, 801, 0),		/* ... entry on CPU 1: 1000 ns */
		X(2100, 800, 802, CPUID, 1),	/* entry at 2500: 400 ns */
		N(2500, 800, 802, 1),
		X(2600, 800, 802, HLT, 1),	/* never entered again */
		X(3000, 800, 801, IO, 0),	/* entry at 5000: 2000 ns */
		N(5000, 800, 801, 0),
	};
	struct trace_stats st;
	struct snapshot snap;

	trace_stats_init(&st, VENDOR_SVM, &all);
	feed(&st, cpu0_then_cpu1, sizeof(cpu0_then_cpu1) / sizeof(cpu0_then_cpu1[0]));
	same(row(&st, CPUID), 2, 650, 250, 400, 0, "CPUID: 250 + 400 ns, min 250, max 400");
	same(row(&st, IO), 2, 3000, 1000, 2000, 0,
	     "IO: 1000 ns across two CPUs (sorted by time) + 2000 ns");
	same(row(&st, HLT), 0, 0, 0, 0, 0, "HLT without an entry yet: not counted");
	is_u64(st.pend_nr, 1, "one exit waiting (thread 802's HLT)");
	trace_stats_flush(&st);
	same(row(&st, HLT), 1, 0, 0, 0, 1, "tracing stopped: the HLT counted, untimed");
	is_u64(st.entries, 6, "6 entries seen");
	is_u64(st.entries_unpaired, 2, "2 of them the threads' first");
	snapshot_init(&snap, VENDOR_SVM, "trace");
	trace_stats_fill(&st, &snap);
	ok(snap.total_exits == 5 && snap.total_cycles == 3650 &&
	   snap.unit == UNIT_NS && snap.traced && !snap.lost,
	   "snapshot: 5 exits, 3650 ns, unit ns, traced, nothing lost");
	is_u64(stat_avg(&snap.slot[reasons_slot(VENDOR_SVM, HLT)]), 0,
	       "avg of an untimed-only row: 0");
	trace_stats_free(&st);
}

static void test_vanishing(void)
{
	const struct trace_ev ev[] = {
		N(100, 900, 901, 0),
		X(200, 900, 901, HLT, 0),
		E(TEV_TASK_EXIT, 300, 900, 901, 0, 0),	/* vCPU thread gone */
		N(400, 900, 901, 0),	/* a new thread reusing the tid */
		X(500, 900, 901, CPUID, 0),
		X(600, 900, 901, CPUID, 0),	/* the entry between was missed */
		N(900, 900, 901, 0),
	};
	struct trace_stats st;

	trace_stats_init(&st, VENDOR_SVM, &all);
	feed(&st, ev, sizeof(ev) / sizeof(ev[0]));
	same(row(&st, HLT), 1, 0, 0, 0, 1, "thread ended after HLT: counted untimed at once");
	same(row(&st, CPUID), 2, 300, 300, 300, 1,
	     "two exits in a row: the first untimed, the second 300 ns");
	is_u64(st.pend_nr, 0, "nothing left waiting");
	trace_stats_free(&st);
}

static void test_lost(void)
{
	const struct trace_ev ev[] = {
		N(100, 900, 901, 0),
		X(200, 900, 901, IO, 0),
		N(100, 900, 902, 1),
		X(210, 900, 902, IO, 1),
		{ .type = TEV_LOST, .time = 300, .lost = 17 },
		N(5000, 900, 901, 0),	/* maybe not the entry of 200's exit */
		X(5100, 900, 901, IO, 0),
		N(5200, 900, 901, 0),
		{ .type = TEV_LOST, .time = 6000, .lost = 3 },
	};
	struct trace_stats st, st2;
	struct snapshot a, b, d;

	trace_stats_init(&st, VENDOR_SVM, &all);
	feed(&st, ev, 4);
	snapshot_init(&a, VENDOR_SVM, "trace");
	trace_stats_fill(&st, &a);
	feed(&st, ev + 4, sizeof(ev) / sizeof(ev[0]) - 4);
	same(row(&st, IO), 3, 100, 100, 100, 2,
	     "a loss: both waiting exits untimed, none paired across it");
	is_u64(st.lost, 20, "lost records summed: 17 + 3");
	snapshot_init(&b, VENDOR_SVM, "trace");
	trace_stats_fill(&st, &b);
	a.mono.tv_sec = 1;
	b.mono.tv_sec = 2;
	snapshot_delta(&a, &b, &d);
	ok(d.lost == 20 && d.slot[reasons_slot(VENDOR_SVM, IO)].count == 3 &&
	   d.slot[reasons_slot(VENDOR_SVM, IO)].untimed == 2 && d.entries == 2 &&
	   d.entries_unpaired == 1,
	   "interval delta: 20 lost, 3 IO exits, 2 untimed, 2 entries (1 unpaired)");
	trace_stats_free(&st);

	/* Lost records, through a ring, into a snapshot */
	trace_stats_init(&st2, VENDOR_SVM, &all);
	{
		static unsigned char map[PAGE * 2] __attribute__((aligned(PAGE)));
		struct perf_event_mmap_page *pc = (void *)map;
		struct trace_queue q = { 0 };
		struct trace_ring r;
		uint64_t bad = 0;
		size_t n;

		memset(map, 0, sizeof(map));
		trace_ring_init(&r, map, PAGE, 1);
		n = lost_rec(map + PAGE, 1234, 10);
		n += lost_rec(map + PAGE + n, 66, 20);
		pc->data_head = n;
		trace_ring_drain(&r, &lay, &q, &bad);
		trace_queue_feed(&q, &st2, UINT64_MAX);
		is_u64(st2.lost, 1300, "PERF_RECORD_LOST from a ring: 1234 + 66 lost");
		trace_queue_free(&q);
		trace_ring_fini(&r);
	}
	trace_stats_free(&st2);
}

static void test_filters(void)
{
	const struct trace_ev ev[] = {
		N(0, 700, 701, 0), N(0, 700, 702, 1), N(0, 600, 601, 0),
		X(100, 700, 701, CPUID, 0), N(150, 700, 701, 0),	/* 50 */
		X(100, 700, 702, CPUID, 1), N(5100, 700, 702, 1),	/* 5000 */
		X(100, 600, 601, CPUID, 0), N(1100, 600, 601, 0),	/* 1000 */
		X(200, 700, 701, IO, 0), N(2200, 700, 701, 0),		/* 2000 */
	};
	struct trace_filter f = { .pid = 700, .vcpu = -1 };
	struct trace_stats st;

	trace_stats_init(&st, VENDOR_SVM, &f);
	feed(&st, ev, sizeof(ev) / sizeof(ev[0]));
	same(row(&st, CPUID), 2, 5050, 50, 5000, 0, "-p 700: pid 600's exit left out");
	is_u64(st.entries, 5, "-p 700: 5 entries of pid 700");
	trace_stats_free(&st);

	f = (struct trace_filter){ .pid = 0, .vcpu = 1 };
	trace_stats_init(&st, VENDOR_SVM, &f);
	feed(&st, ev, sizeof(ev) / sizeof(ev[0]));
	same(row(&st, CPUID), 1, 5000, 5000, 5000, 0, "--vcpu 1: vcpu_id 1 only");
	same(row(&st, IO), 0, 0, 0, 0, 0, "--vcpu 1: vcpu 0's IO left out");
	ok(st.entries == 2 && st.entries_unpaired == 1, "--vcpu 1: its 2 entries, 1 the first");
	trace_stats_free(&st);

	f = (struct trace_filter){ .pid = 0, .vcpu = -1, .min_latency = 1000 };
	trace_stats_init(&st, VENDOR_SVM, &f);
	feed(&st, ev, sizeof(ev) / sizeof(ev[0]));
	same(row(&st, CPUID), 2, 6000, 1000, 5000, 0,
	     "--min-latency 1000: 1000 and 5000 ns counted, 50 ns not");
	same(row(&st, IO), 1, 2000, 2000, 2000, 0, "--min-latency 1000: the 2000 ns IO");
	is_u64(st.below_min, 1, "--min-latency 1000: 1 exit below");
	trace_stats_free(&st);
}

static void test_vendors(void)
{
	struct trace_ev ev[] = {
		N(0, 1, 2, 0),
		X(10, 1, 2, VMX_CPUID, 0), N(30, 1, 2, 0),
		X(40, 1, 2, 0xdead, 0), N(50, 1, 2, 0),
		X(60, 1, 2, VMX_HLT, 0), N(100, 1, 2, 0),
	};
	struct trace_stats st;

	ev[1].isa = ev[3].isa = ev[5].isa = TRACE_ISA_VMX;
	trace_stats_init(&st, VENDOR_VMX, &all);
	feed(&st, ev, sizeof(ev) / sizeof(ev[0]));
	same(row(&st, VMX_CPUID), 1, 20, 20, 20, 0, "VMX: reason 10 is CPUID");
	same(&st.other, 1, 10, 10, 10, 0, "a code outside the table: other");
	trace_stats_free(&st);

	trace_stats_init(&st, VENDOR_SVM, &all);
	feed(&st, ev, sizeof(ev) / sizeof(ev[0]));
	same(&st.other, 3, 70, 10, 40, 0, "VMX exits while numbering SVM: other, not misnamed");
	trace_stats_free(&st);
}

static void test_cycles(void)
{
	const struct trace_ev ev[] = {
		N(0, 1, 2, 0), X(1000, 1, 2, CPUID, 0), N(5000, 1, 2, 0),
	};
	struct trace_stats st;

	trace_stats_init(&st, VENDOR_SVM, &all);
	st.cycles = 1;
	st.tsc_mult = 1073741824;	/* 2 GHz: ns = cycles * 2^30 >> 31 */
	st.tsc_shift = 31;
	is_u64(trace_ns_to_cycles(&st, 4000), 8000, "4000 ns at 2 GHz: 8000 cycles");
	is_u64(trace_ns_to_cycles(&st, 1000000000000ull), 2000000000000ull,
	       "1000 s at 2 GHz: no overflow");
	st.tsc_mult = 1717986918;	/* 2.5 GHz, rounded down as the kernel does */
	st.tsc_shift = 32;
	is_u64(trace_ns_to_cycles(&st, 4000), 10000, "4000 ns at 2.5 GHz: 10000 cycles");
	feed(&st, ev, 3);
	same(row(&st, CPUID), 1, 10000, 10000, 10000, 0, "--unit cycles: 4000 ns counted as 10000 cycles");
	trace_stats_free(&st);
}

static void test_watermark(void)
{
	struct trace_queue q = { 0 };
	struct trace_stats st;
	size_t i;
	const struct trace_ev ev[] = {
		N(500, 1, 2, 0), X(100, 1, 2, CPUID, 0), N(0, 1, 2, 0),
		X(900, 1, 2, IO, 0),
	};

	trace_stats_init(&st, VENDOR_SVM, &all);
	for (i = 0; i < 4; i++)
		trace_queue_push(&q, &ev[i]);
	trace_queue_feed(&q, &st, 600);
	ok(q.nr == 1 && q.ev[0].time == 900, "up to 600: the newer exit waits in the queue");
	same(row(&st, CPUID), 1, 400, 400, 400, 0, "up to 600: the CPUID exit paired");
	trace_queue_feed(&q, &st, UINT64_MAX);
	ok(q.nr == 0 && st.pend_nr == 1, "the rest fed: IO waits for its entry");
	trace_queue_free(&q);
	trace_stats_free(&st);
}

/* Many threads: the pending table grows and deletes keep probes intact */
static void test_many_threads(void)
{
	struct trace_queue q = { 0 };
	struct trace_stats st;
	struct trace_ev ev;
	uint32_t t;

	trace_stats_init(&st, VENDOR_SVM, &all);
	for (t = 1; t <= 1000; t++) {
		ev = X(t, 1, t * 64, CPUID, 0);	/* tids that collide */
		trace_queue_push(&q, &ev);
	}
	for (t = 1000; t >= 1; t -= 2) {
		ev = N(2000 + t, 1, t * 64, 0);
		trace_queue_push(&q, &ev);
	}
	trace_queue_feed(&q, &st, UINT64_MAX);
	ok(row(&st, CPUID)->count == 500 && st.pend_nr == 500 &&
	   row(&st, CPUID)->min == 2000 && row(&st, CPUID)->max == 2000,
	   "1000 threads with colliding tids, half entered again: 500 paired (2000 ns each), 500 waiting");
	trace_stats_flush(&st);
	ok(row(&st, CPUID)->count == 1000 && row(&st, CPUID)->untimed == 500 &&
	   st.pend_nr == 0, "flushed: 1000 exits, 500 untimed");
	trace_queue_free(&q);
	trace_stats_free(&st);
}

/* A traced snapshot through the output code, at a fixed time */
static int print(const char *format)
{
	const struct trace_ev ev[] = {
		N(0, 812, 813, 0),
		X(1000, 812, 813, CPUID, 0), N(3000, 812, 813, 0),
		X(4000, 812, 813, CPUID, 0), N(5000, 812, 813, 0),
		X(6000, 812, 813, IO, 0), N(56000, 812, 813, 0),
		X(60000, 812, 813, HLT, 0),
		{ .type = TEV_LOST, .time = 70000, .lost = 5 },
	};
	static struct snapshot snap;
	static struct report rep;
	struct trace_stats st;

	trace_stats_init(&st, VENDOR_SVM, &all);
	feed(&st, ev, sizeof(ev) / sizeof(ev[0]));
	trace_stats_flush(&st);
	snapshot_init(&snap, VENDOR_SVM, "trace");
	trace_stats_fill(&st, &snap);
	strcpy(snap.scope, "vm");
	strcpy(snap.target, "pid 812 (testvmm)");
	snap.wall.tv_sec = WHEN;
	snap.wall.tv_nsec = 250000000;
	report_build(&rep, &snap, 0, SORT_COUNT);
	if (!strcmp(format, "table"))
		table_print(stdout, &rep);
	else if (!strcmp(format, "json"))
		json_print(stdout, &rep);
	else if (!strcmp(format, "csv"))
		csv_print(stdout, &rep, 1);
	else
		return 2;
	trace_stats_free(&st);
	return 0;
}

int main(int argc, char **argv)
{
	struct tp_format exit, entry;
	struct xerr e;

	setenv("TZ", "UTC", 1);
	if (argc == 3 && !strcmp(argv[1], "print")) {
		dir = NULL;
		memset(&lay, 0, sizeof(lay));
		return print(argv[2]);
	}
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR | print table|json|csv\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	test_formats();
	load("kvm_exit.format", &exit);
	load("kvm_entry.format", &entry);
	if (trace_layout_init(&lay, &exit, &entry, &e)) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	test_decode();
	test_ring();
	test_pairing();
	test_vanishing();
	test_lost();
	test_filters();
	test_vendors();
	test_cycles();
	test_watermark();
	test_many_threads();
	return tap_done();
}
