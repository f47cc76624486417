// SPDX-License-Identifier: GPL-2.0
/*
 * report.c: choosing and sorting the rows of a snapshot, and the few
 * numbers every output format derives the same way.
 */
#include <stdlib.h>
#include <time.h>

#include "report.h"

static int cmp_code(const struct row *a, const struct row *b)
{
	/* "other" has no number: it goes last */
	if (a->slot < 0 || b->slot < 0)
		return (a->slot < 0) - (b->slot < 0);
	return a->code < b->code ? -1 : a->code > b->code;
}

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a > b ? -1 : a < b;
}

static int by_count(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	return cmp_u64_desc(a->st->count, b->st->count) ?:
	       cmp_u64_desc(a->st->cycles, b->st->cycles) ?: cmp_code(a, b);
}

static int by_time(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	return cmp_u64_desc(a->st->cycles, b->st->cycles) ?:
	       cmp_u64_desc(a->st->count, b->st->count) ?: cmp_code(a, b);
}

static int by_reason(const void *pa, const void *pb)
{
	return cmp_code(pa, pb);
}

/*
 * Rows: reasons with exits; with @all every defined reason (undefined
 * ones never: --reason shows those).  Exits of codes outside the table
 * form the "other" row.
 */
void report_build(struct report *r, const struct snapshot *s, int all,
		  enum sort_key key)
{
	static int (*const cmp[])(const void *, const void *) = {
		[SORT_COUNT] = by_count,
		[SORT_TIME] = by_time,
		[SORT_REASON] = by_reason,
	};
	const struct reason *rs;
	unsigned int i;

	r->snap = s;
	r->nr = 0;
	for (i = 0; i < s->nr_slots; i++) {
		const struct reason_stat *st = &s->slot[i];

		if (!st->count && (!all || st->status == STATUS_UNDEFINED))
			continue;
		rs = reasons_at(s->vendor, i);
		r->rows[r->nr++] = (struct row){
			.slot = i, .code = rs->code, .name = rs->name, .st = st,
		};
	}
	if (s->other.count)
		r->rows[r->nr++] = (struct row){
			.slot = -1, .name = "other", .st = &s->other,
		};
	qsort(r->rows, r->nr, sizeof(r->rows[0]), cmp[key]);
}

/* 0 and the percentage, or -1 when there is no whole to divide by. */
int pct(uint64_t part, uint64_t whole, double *out)
{
	if (!whole)
		return -1;
	*out = 100.0 * (double)part / (double)whole;
	return 0;
}

double per_second(uint64_t n, uint64_t ns)
{
	return ns ? (double)n * 1e9 / (double)ns : 0.0;
}

/* Local time for people, UTC ISO 8601 for machines. */
void format_time(const struct timespec *ts, int iso, char *buf, size_t len)
{
	struct tm tm;
	size_t n;

	if (iso) {
		gmtime_r(&ts->tv_sec, &tm);
		n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(buf + n, len - n, ".%03ldZ", ts->tv_nsec / 1000000);
	} else {
		localtime_r(&ts->tv_sec, &tm);
		strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
	}
}
