// SPDX-License-Identifier: GPL-2.0
/*
 * Prints known snapshots through exitstat's output code (table.c, json.c,
 * csv.c) for tests/unit/exitstat-output.t, which compares the text and
 * parses JSON and CSV back.  The time is fixed (2024-05-01 12:00:00.250
 * UTC) so that the output is exact.
 *
 *   exitstat-output FORMAT [--vmx|--delta|--big] [--all] [--sort KEY]
 *
 * FORMAT is table, json, csv, or dump: the snapshot itself, one
 * "code status count cycles min max" line per reason with exits or a
 * status other than ok, then "total exits cycles self_exits".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define WHEN	1714564800	/* 2024-05-01 12:00:00 UTC */

static void set(struct snapshot *s, uint32_t code, uint64_t count,
		uint64_t cycles, uint64_t min, uint64_t max)
{
	struct reason_stat *r = &s->slot[reasons_slot(s->vendor, code)];

	r->count = count;
	r->cycles = cycles;
	r->min = min;
	r->max = max;
}

static void status(struct snapshot *s, uint32_t code, enum reason_status st)
{
	s->slot[reasons_slot(s->vendor, code)].status = st;
}

static void stamp(struct snapshot *s, long sec, long nsec)
{
	s->wall.tv_sec = sec;
	s->wall.tv_nsec = nsec;
	s->mono.tv_sec = sec - WHEN + 1000;
	s->mono.tv_nsec = nsec;
}

/* A guest's own view, as the cpuid source reads it. */
static void svm_guest(struct snapshot *s)
{
	snapshot_init(s, VENDOR_SVM, "cpuid");
	strcpy(s->scope, "vm");
	strcpy(s->target, "this VM");
	stamp(s, WHEN, 250000000);
	set(s, 0x072, 2000, 6000000, 1200, 9000);	/* cpuid */
	set(s, 0x07b, 5000, 20000000, 2500, 120000);	/* io */
	set(s, 0x060, 4000, 8000000, 800, 25000);	/* interrupt */
	set(s, 0x040, 3, 24000, 7000, 9000);		/* DE excp */
	set(s, 0x400, 1200, 2000000, 900, 50000);	/* npf */
	set(s, 0xffffffff, 1, 30000, 30000, 30000);	/* invalid_guest_state */
	s->other = (struct reason_stat){ 26, 91000, 2000, 9000, STATUS_OK, 0 };
	status(s, 0x086, STATUS_NOT_ENABLED);		/* skinit */
	status(s, 0x08e, STATUS_NOT_ENABLED);		/* rdpru */
	status(s, 0x0a6, STATUS_UNDEFINED);		/* idle-halt */
	s->total_exits = 12230;
	s->total_cycles = 36145000;
	s->self_exits = 192;
}

static void vmx_host(struct snapshot *s)
{
	snapshot_init(s, VENDOR_VMX, "debugfs");
	strcpy(s->scope, "host");
	strcpy(s->target, "all VMs since module load");
	stamp(s, WHEN, 250000000);
	set(s, 1, 2500, 5000000, 1000, 20000);
	set(s, 10, 1500, 3000000, 1200, 6000);
	set(s, 12, 1000, 4000000, 2000, 30000);
	set(s, 30, 3000, 12000000, 3000, 90000);
	set(s, 32, 1200, 2400000, 800, 9000);
	set(s, 48, 800, 3600000, 3000, 60000);
	status(s, 11, STATUS_NOT_ENABLED);		/* GETSEC */
	s->total_exits = 10000;
	s->total_cycles = 30000000;
}

/* Two guest reads 2 s apart; the first cost 192 CPUID exits. */
static void svm_delta(struct snapshot *d)
{
	static struct snapshot a, b;

	svm_guest(&a);
	svm_guest(&b);
	stamp(&a, WHEN - 2, 250000000);
	set(&b, 0x072, 2000 + 192 + 8, 6000000 + 400000, 1200, 9000);
	set(&b, 0x07b, 5000 + 600, 20000000 + 1500000, 2500, 130000);
	set(&b, 0x060, 4000 + 100, 8000000 + 200000, 800, 25000);
	b.total_exits = 12230 + 192 + 8 + 600 + 100;
	b.total_cycles = 36145000 + 400000 + 1500000 + 200000;
	b.self_exits = 192;
	snapshot_delta(&a, &b, d);
}

static void big(struct snapshot *s)
{
	snapshot_init(s, VENDOR_SVM, "debugfs");
	strcpy(s->scope, "host");
	strcpy(s->target, "all VMs since module load");
	stamp(s, WHEN, 0);
	set(s, 0x072, UINT64_MAX, UINT64_MAX - 1, 1, UINT64_MAX - 2);
	s->total_exits = UINT64_MAX;
	s->total_cycles = UINT64_MAX - 1;
}

static void dump(const struct snapshot *s)
{
	const struct reason_stat *r;
	unsigned int i;

	for (i = 0; i < s->nr_slots; i++) {
		r = &s->slot[i];
		if (!r->count && r->status == STATUS_OK)
			continue;
		printf("%" PRIu32 " %s %" PRIu64 " %" PRIu64 " %" PRIu64
		       " %" PRIu64 "\n", reasons_at(s->vendor, i)->code,
		       status_name(r->status), r->count, r->cycles, r->min,
		       r->max);
	}
	r = &s->other;
	if (r->count)
		printf("other ok %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		       "\n", r->count, r->cycles, r->min, r->max);
	printf("total %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", s->total_exits,
	       s->total_cycles, s->is_delta ? s->self_subtracted :
					      s->self_exits);
}

static enum sort_key sort_key(const char *s)
{
	if (!strcmp(s, "time"))
		return SORT_TIME;
	if (!strcmp(s, "reason"))
		return SORT_REASON;
	return SORT_COUNT;
}

int main(int argc, char **argv)
{
	static struct snapshot snap;
	static struct report rep;
	enum sort_key key = SORT_COUNT;
	int i, all = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s table|json|csv|dump [--vmx|--delta|--big] [--all] [--sort KEY]\n",
			argv[0]);
		return 2;
	}
	setenv("TZ", "UTC", 1);
	svm_guest(&snap);
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--vmx"))
			vmx_host(&snap);
		else if (!strcmp(argv[i], "--delta"))
			svm_delta(&snap);
		else if (!strcmp(argv[i], "--big"))
			big(&snap);
		else if (!strcmp(argv[i], "--all"))
			all = 1;
		else if (!strcmp(argv[i], "--sort") && i + 1 < argc)
			key = sort_key(argv[++i]);
	}
	report_build(&rep, &snap, all, key);
	if (!strcmp(argv[1], "table"))
		table_print(stdout, &rep);
	else if (!strcmp(argv[1], "json"))
		json_print(stdout, &rep);
	else if (!strcmp(argv[1], "csv"))
		csv_print(stdout, &rep, 1);
	else
		dump(&snap);
	return 0;
}
