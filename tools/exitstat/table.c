// SPDX-License-Identifier: GPL-2.0
/*
 * table.c: the text table, in the shape perf kvm stat users know: one row
 * per exit reason with count, share of exits, cycles, share of time and
 * avg/min/max cycles per exit, and a totals row.
 */
#include <inttypes.h>
#include <string.h>

#include "report.h"

#define NOT_ENABLED	" (not enabled)"

static int name_width(const struct report *r)
{
	int w = strlen("TOTAL"), len;
	unsigned int i;

	for (i = 0; i < r->nr; i++) {
		len = strlen(r->rows[i].name);
		if (r->rows[i].st->status == STATUS_NOT_ENABLED)
			len += strlen(NOT_ENABLED);
		if (len > w)
			w = len;
	}
	return w;
}

static const char *pct_str(uint64_t part, uint64_t whole, char *buf,
			   size_t len)
{
	double v;

	if (pct(part, whole, &v))
		return "-";
	snprintf(buf, len, "%.2f%%", v);
	return buf;
}

static void header(FILE *f, const struct report *r, int w)
{
	const struct snapshot *s = r->snap;
	char when[64];

	format_time(&s->wall, 0, when, sizeof(when));
	fprintf(f, "exitstat: source %s, scope %s (%s), vendor %s, at %s",
		s->source, s->scope, s->target, vendor_name(s->vendor), when);
	if (s->is_delta)
		fprintf(f, ", interval %.2f s", s->interval_ns / 1e9);
	if (s->paused)
		fprintf(f, ", counting paused");
	if (s->reset)
		fprintf(f, ", counters were reset");
	fprintf(f, "\n\n%10s  %-*s  %12s", "REASON", w, "NAME", "COUNT");
	if (s->is_delta)
		fprintf(f, "  %12s", "EXITS/S");
	fprintf(f, "  %7s  %16s  %7s  %10s  %10s  %10s\n", "EXITS%",
		s->unit == UNIT_NS ? "NS" : "CYCLES", "TIME%", "AVG", "MIN",
		"MAX");
}

static void row(FILE *f, const struct report *r, const struct row *rw, int w)
{
	const struct snapshot *s = r->snap;
	const struct reason_stat *st = rw->st;
	char code[REASON_CODE_LEN] = "-", name[128], p1[16], p2[16];

	if (rw->slot >= 0)
		reason_code_str(s->vendor, rw->code, code, sizeof(code));
	snprintf(name, sizeof(name), "%s%s", rw->name,
		 st->status == STATUS_NOT_ENABLED ? NOT_ENABLED : "");
	fprintf(f, "%10s  %-*s  %12" PRIu64, code, w, name, st->count);
	if (s->is_delta)
		fprintf(f, "  %12.1f", per_second(st->count, s->interval_ns));
	fprintf(f, "  %7s  %16" PRIu64 "  %7s",
		pct_str(st->count, s->total_exits, p1, sizeof(p1)), st->cycles,
		pct_str(st->cycles, s->total_cycles, p2, sizeof(p2)));
	/* Exits counted without a latency (trace) have no avg, min, max */
	if (st->count && !stat_timed(st))
		fprintf(f, "  %10s  %10s  %10s\n", "-", "-", "-");
	else
		fprintf(f, "  %10" PRIu64 "  %10" PRIu64 "  %10" PRIu64 "\n",
			stat_avg(st), st->min, st->max);
}

/* Min and max over all reasons is not a useful number: left out. */
static void totals(FILE *f, const struct report *r, int w)
{
	const struct snapshot *s = r->snap;
	struct reason_stat t = {
		.count = s->total_exits, .cycles = s->total_cycles,
		.untimed = snapshot_untimed(s),
	};
	char p1[16], p2[16];

	fprintf(f, "%10s  %-*s  %12" PRIu64, "", w, "TOTAL", t.count);
	if (s->is_delta)
		fprintf(f, "  %12.1f", per_second(t.count, s->interval_ns));
	fprintf(f, "  %7s  %16" PRIu64 "  %7s  %10" PRIu64 "  %10s  %10s\n",
		pct_str(t.count, t.count, p1, sizeof(p1)), t.cycles,
		pct_str(t.cycles, t.cycles, p2, sizeof(p2)), stat_avg(&t),
		"-", "-");
}

/* What the numbers of a traced snapshot rest on, and what they miss. */
static void trace_footer(FILE *f, const struct snapshot *s)
{
	uint64_t untimed = snapshot_untimed(s);

	fprintf(f, "\nLatency: from kvm_exit to the next kvm_entry of the vCPU thread, in %s.\n",
		s->unit == UNIT_NS ? "ns" :
		"TSC cycles (converted from ns with the kernel's TSC factor)");
	if (untimed)
		fprintf(f, "Without a latency: %" PRIu64
			" exit%s (no kvm_entry followed: the thread ended, events were lost, or tracing stopped first).\n",
			untimed, untimed == 1 ? "" : "s");
	if (s->min_latency)
		fprintf(f, "Only exits of at least %" PRIu64 " ns: %" PRIu64
			" faster or untimed exits left out.\n",
			s->min_latency, s->below_min);
	fprintf(f, "Lost events: %" PRIu64 "%s\n", s->lost,
		s->lost ? " (ring buffers overran: counts are too low; try a larger --buffer-pages)" :
			  "");
}

static void footer(FILE *f, const struct snapshot *s)
{
	if (s->traced)
		trace_footer(f, s);
	if (s->is_delta) {
		fputc('\n', f);
		if (s->self_subtracted)
			fprintf(f, "Not counted above: %" PRIu64
				" CPUID exits caused by exitstat's own reading.\n",
				s->self_subtracted);
		fprintf(f, "MIN and MAX are cumulative, not of this interval.\n");
	} else if (s->self_exits) {
		fprintf(f, "\nThis read caused %" PRIu64
			" CPUID exits (included in the counts above).\n",
			s->self_exits);
	}
}

void table_print(FILE *f, const struct report *r)
{
	int w = name_width(r);
	unsigned int i;

	header(f, r, w);
	for (i = 0; i < r->nr; i++)
		row(f, r, &r->rows[i], w);
	totals(f, r, w);
	footer(f, r->snap);
}

void table_print_reason(FILE *f, const struct reason_record *rr)
{
	char code[REASON_CODE_LEN];

	reason_code_str(rr->vendor, rr->code, code, sizeof(code));
	fprintf(f, "reason  %s (%s numbering, source %s)\n", code,
		vendor_name(rr->vendor), rr->source);
	fprintf(f, "name    %s\n", rr->name ? rr->name : "-");
	fprintf(f, "status  %s\n", status_name(rr->st.status));
	fprintf(f, "count   %" PRIu64 "\n", rr->st.count);
	fprintf(f, "cycles  %" PRIu64 "\n", rr->st.cycles);
	fprintf(f, "min     %" PRIu64 "\n", rr->st.min);
	fprintf(f, "max     %" PRIu64 "\n", rr->st.max);
	fprintf(f, "avg     %" PRIu64 "\n", stat_avg(&rr->st));
	if (rr->self_exits)
		fprintf(f, "This query caused %" PRIu64 " CPUID exits.\n",
			rr->self_exits);
}

void table_print_leaf(FILE *f, const struct leaf_record *lr)
{
	fprintf(f, "eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x\n",
		lr->regs[0], lr->regs[1], lr->regs[2], lr->regs[3]);
}
