// SPDX-License-Identifier: GPL-2.0
/*
 * csv.c: comma-separated rows with a header line, one row per exit reason
 * plus a "total" row per snapshot; in interval mode the header is printed
 * once and every interval adds its rows.
 */
#include <inttypes.h>
#include <string.h>

#include "report.h"

#define CSV_HEAD_CUMULATIVE \
	"time,source,scope,vendor,kind,reason,name,status,count,cycles,avg,min,max,exits_pct,time_pct,self_exits"
#define CSV_HEAD_INTERVAL \
	"time,interval_s,source,scope,vendor,kind,reason,name,status,count,exits_per_s,cycles,avg,min_cumulative,max_cumulative,exits_pct,time_pct,self_exits_subtracted"

/* RFC 4180: quote a field only when it needs it. */
static void field(FILE *f, const char *s)
{
	fputc(',', f);
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void field_pct(FILE *f, uint64_t part, uint64_t whole)
{
	double v;

	if (pct(part, whole, &v))
		fputc(',', f);
	else
		fprintf(f, ",%.2f", v);
}

/* The column of total latency is named after its unit: cycles or ns */
static void head(FILE *f, const struct snapshot *s)
{
	const char *h = s->is_delta ? CSV_HEAD_INTERVAL : CSV_HEAD_CUMULATIVE;
	const char *c = strstr(h, ",cycles,");

	if (s->unit == UNIT_CYCLES || !c)
		fprintf(f, "%s\n", h);
	else
		fprintf(f, "%.*s,%s%s\n", (int)(c - h), h, unit_name(s->unit),
			c + strlen(",cycles"));
}

static void prefix(FILE *f, const struct snapshot *s)
{
	char when[64];

	format_time(&s->wall, 1, when, sizeof(when));
	fputs(when, f);
	if (s->is_delta)
		fprintf(f, ",%.3f", s->interval_ns / 1e9);
	field(f, s->source);
	field(f, s->scope);
	field(f, vendor_name(s->vendor));
}

static void values(FILE *f, const struct snapshot *s,
		   const struct reason_stat *st, int minmax)
{
	/* Exits counted without a latency (trace) have no avg, min, max */
	int timed = !st->count || stat_timed(st);

	fprintf(f, ",%" PRIu64, st->count);
	if (s->is_delta)
		fprintf(f, ",%.3f", per_second(st->count, s->interval_ns));
	fprintf(f, ",%" PRIu64, st->cycles);
	if (timed)
		fprintf(f, ",%" PRIu64, stat_avg(st));
	else
		fputc(',', f);
	if (minmax && timed)
		fprintf(f, ",%" PRIu64 ",%" PRIu64, st->min, st->max);
	else
		fprintf(f, ",,");
	field_pct(f, st->count, s->total_exits);
	field_pct(f, st->cycles, s->total_cycles);
}

static void row(FILE *f, const struct snapshot *s, const struct row *rw)
{
	char code[16] = "";

	prefix(f, s);
	if (rw->slot >= 0) {
		snprintf(code, sizeof(code), "%" PRIu32, rw->code);
		field(f, "reason");
	} else {
		field(f, "other");
	}
	field(f, code);
	field(f, rw->name);
	field(f, status_name(rw->st->status));
	values(f, s, rw->st, 1);
	fprintf(f, ",%" PRIu64 "\n",
		s->is_delta ? s->self_subtracted : s->self_exits);
}

void csv_print(FILE *f, const struct report *r, int header)
{
	const struct snapshot *s = r->snap;
	struct reason_stat t = {
		.count = s->total_exits, .cycles = s->total_cycles,
		.untimed = snapshot_untimed(s),
	};
	unsigned int i;

	if (header)
		head(f, s);
	for (i = 0; i < r->nr; i++)
		row(f, s, &r->rows[i]);
	prefix(f, s);
	fprintf(f, ",total,,total,");
	values(f, s, &t, 0);
	fprintf(f, ",%" PRIu64 "\n",
		s->is_delta ? s->self_subtracted : s->self_exits);
	fflush(f);
}

void csv_print_reason(FILE *f, const struct reason_record *rr)
{
	fprintf(f, "source,vendor,reason,name,status,count,cycles,avg,min,max,self_exits\n");
	fputs(rr->source, f);
	field(f, vendor_name(rr->vendor));
	fprintf(f, ",%" PRIu32, rr->code);
	field(f, rr->name ? rr->name : "");
	field(f, status_name(rr->st.status));
	fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
		",%" PRIu64 "\n", rr->st.count, rr->st.cycles,
		stat_avg(&rr->st), rr->st.min, rr->st.max, rr->self_exits);
}

void csv_print_leaf(FILE *f, const struct leaf_record *lr)
{
	fprintf(f, "leaf,subleaf,eax,ebx,ecx,edx\n");
	fprintf(f, "%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32
		",%" PRIu32 "\n", lr->leaf, lr->subleaf, lr->regs[0],
		lr->regs[1], lr->regs[2], lr->regs[3]);
}
