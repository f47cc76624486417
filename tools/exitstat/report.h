/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h: what is shown of a snapshot (which rows, in which order) and
 * the three ways to show it: the text table, JSON and CSV.  The output
 * code sees only reports, never a source.
 */
#ifndef EXITSTAT_REPORT_H
#define EXITSTAT_REPORT_H

#include <stdio.h>

#include "snapshot.h"

enum sort_key {
	SORT_COUNT,
	SORT_TIME,
	SORT_REASON,
};

struct row {
	int slot;			/* -1: the "other" row */
	uint32_t code;
	const char *name;
	const struct reason_stat *st;
};

struct report {
	const struct snapshot *snap;
	struct row rows[REASONS_MAX_SLOTS + 1];
	unsigned int nr;
};

/* One reason read on its own (--reason) */
struct reason_record {
	enum vendor vendor;
	const char *source;
	uint32_t code;
	const char *name;		/* NULL: undefined */
	struct reason_stat st;
	uint64_t self_exits;
};

/* One raw CPUID leaf (--leaf) */
struct leaf_record {
	uint32_t leaf;
	uint32_t subleaf;
	uint32_t regs[4];
};

void report_build(struct report *r, const struct snapshot *s, int all,
		  enum sort_key key);
int pct(uint64_t part, uint64_t whole, double *out);
double per_second(uint64_t n, uint64_t ns);
void format_time(const struct timespec *ts, int iso, char *buf, size_t len);

void table_print(FILE *f, const struct report *r);
void table_print_reason(FILE *f, const struct reason_record *rr);
void table_print_leaf(FILE *f, const struct leaf_record *lr);

void json_print(FILE *f, const struct report *r);
void json_print_reason(FILE *f, const struct reason_record *rr);
void json_print_leaf(FILE *f, const struct leaf_record *lr);

void csv_print(FILE *f, const struct report *r, int header);
void csv_print_reason(FILE *f, const struct reason_record *rr);
void csv_print_leaf(FILE *f, const struct leaf_record *lr);

#endif /* EXITSTAT_REPORT_H */
