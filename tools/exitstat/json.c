// SPDX-License-Identifier: GPL-2.0
/*
 * json.c: one JSON object per snapshot, on one line (a stream of them in
 * interval mode, which jq reads as is).  Counts and cycles are exact
 * unsigned integers; percentages and rates are extra, derived fields.
 */
#include <inttypes.h>

#include "report.h"

static void jstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void jkey_str(FILE *f, const char *key, const char *val)
{
	fprintf(f, ",\"%s\":", key);
	jstr(f, val);
}

static void jkey_u64(FILE *f, const char *key, uint64_t val)
{
	fprintf(f, ",\"%s\":%" PRIu64, key, val);
}

static void jkey_pct(FILE *f, const char *key, uint64_t part, uint64_t whole)
{
	double v;

	if (pct(part, whole, &v))
		fprintf(f, ",\"%s\":null", key);
	else
		fprintf(f, ",\"%s\":%.2f", key, v);
}

static void row(FILE *f, const struct snapshot *s, const struct row *rw)
{
	const struct reason_stat *st = rw->st;
	char code[REASON_CODE_LEN];

	if (rw->slot < 0) {
		fprintf(f, "{\"reason\":null,\"code\":null");
	} else {
		reason_code_str(s->vendor, rw->code, code, sizeof(code));
		fprintf(f, "{\"reason\":%" PRIu32, rw->code);
		jkey_str(f, "code", code);
	}
	jkey_str(f, "name", rw->name);
	jkey_str(f, "status", status_name(st->status));
	jkey_u64(f, "count", st->count);
	if (s->is_delta)
		fprintf(f, ",\"exits_per_s\":%.3f",
			per_second(st->count, s->interval_ns));
	jkey_u64(f, "cycles", st->cycles);
	if (st->count && !stat_timed(st)) {
		/* counted without a latency (trace): nothing to average */
		fprintf(f, ",\"avg\":null,\"%s\":null,\"%s\":null",
			s->is_delta ? "min_cumulative" : "min",
			s->is_delta ? "max_cumulative" : "max");
	} else {
		jkey_u64(f, "avg", stat_avg(st));
		jkey_u64(f, s->is_delta ? "min_cumulative" : "min", st->min);
		jkey_u64(f, s->is_delta ? "max_cumulative" : "max", st->max);
	}
	if (s->traced)
		jkey_u64(f, "untimed", st->untimed);
	jkey_pct(f, "exits_pct", st->count, s->total_exits);
	jkey_pct(f, "time_pct", st->cycles, s->total_cycles);
	fputc('}', f);
}

void json_print(FILE *f, const struct report *r)
{
	const struct snapshot *s = r->snap;
	char when[64];
	unsigned int i;

	format_time(&s->wall, 1, when, sizeof(when));
	fprintf(f, "{\"source\":");
	jstr(f, s->source);
	jkey_str(f, "scope", s->scope);
	jkey_str(f, "target", s->target);
	jkey_str(f, "vendor", vendor_name(s->vendor));
	jkey_str(f, "time", when);
	fprintf(f, ",\"paused\":%s", s->paused ? "true" : "false");
	jkey_str(f, "unit", unit_name(s->unit));
	if (s->traced) {
		jkey_u64(f, "lost_events", s->lost);
		jkey_u64(f, "untimed_exits", snapshot_untimed(s));
		jkey_u64(f, "entries", s->entries);
		jkey_u64(f, "entries_unpaired", s->entries_unpaired);
		jkey_u64(f, "min_latency_ns", s->min_latency);
		jkey_u64(f, "below_min_latency", s->below_min);
	}
	if (s->is_delta) {
		jkey_u64(f, "interval_ns", s->interval_ns);
		fprintf(f, ",\"reset\":%s", s->reset ? "true" : "false");
		fprintf(f, ",\"exits_per_s\":%.3f",
			per_second(s->total_exits, s->interval_ns));
		jkey_u64(f, "self_exits_subtracted", s->self_subtracted);
	}
	jkey_u64(f, "total_exits", s->total_exits);
	jkey_u64(f, "total_cycles", s->total_cycles);
	jkey_u64(f, "self_exits", s->self_exits);
	fprintf(f, ",\"reasons\":[");
	for (i = 0; i < r->nr; i++) {
		if (i)
			fputc(',', f);
		row(f, s, &r->rows[i]);
	}
	fprintf(f, "]}\n");
	fflush(f);
}

void json_print_reason(FILE *f, const struct reason_record *rr)
{
	char code[REASON_CODE_LEN];

	reason_code_str(rr->vendor, rr->code, code, sizeof(code));
	fprintf(f, "{\"source\":");
	jstr(f, rr->source);
	jkey_str(f, "vendor", vendor_name(rr->vendor));
	fprintf(f, ",\"reason\":%" PRIu32, rr->code);
	jkey_str(f, "code", code);
	if (rr->name)
		jkey_str(f, "name", rr->name);
	else
		fprintf(f, ",\"name\":null");
	jkey_str(f, "status", status_name(rr->st.status));
	jkey_u64(f, "count", rr->st.count);
	jkey_u64(f, "cycles", rr->st.cycles);
	jkey_u64(f, "avg", stat_avg(&rr->st));
	jkey_u64(f, "min", rr->st.min);
	jkey_u64(f, "max", rr->st.max);
	jkey_u64(f, "self_exits", rr->self_exits);
	fprintf(f, "}\n");
}

void json_print_leaf(FILE *f, const struct leaf_record *lr)
{
	fprintf(f, "{\"leaf\":%" PRIu32 ",\"subleaf\":%" PRIu32
		",\"eax\":%" PRIu32 ",\"ebx\":%" PRIu32 ",\"ecx\":%" PRIu32
		",\"edx\":%" PRIu32 "}\n", lr->leaf, lr->subleaf,
		lr->regs[0], lr->regs[1], lr->regs[2], lr->regs[3]);
}
