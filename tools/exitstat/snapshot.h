/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snapshot.h: the data model of exitstat.  A snapshot holds, per defined
 * exit reason of one vendor, the exit count, the total, min and max
 * handling cycles and the status the source reported; the exits of codes
 * outside the vendor table ("other"); and the totals.  A delta snapshot is
 * the difference of two reads, with the reader's own exits taken out.
 */
#ifndef EXITSTAT_SNAPSHOT_H
#define EXITSTAT_SNAPSHOT_H

#include <stdint.h>
#include <time.h>

#include "reasons.h"

/* Values of the ABI's status word (KVM_EXIT_STATS_STATUS_*) */
enum reason_status {
	STATUS_OK = 0,
	STATUS_NOT_ENABLED = 1,
	STATUS_UNDEFINED = 2,
};

struct reason_stat {
	uint64_t count;
	uint64_t cycles;
	uint64_t min;
	uint64_t max;
	enum reason_status status;
};

struct snapshot {
	enum vendor vendor;
	const char *source;		/* name of the source that read it */
	char scope[16];			/* "host", "vm" or "vcpu" */
	char target[96];		/* what was read, e.g. "pid 812 (2 VMs)" */
	int paused;			/* counting was switched off */
	struct timespec wall;		/* when it was read: for humans */
	struct timespec mono;		/* the same, for rates */
	uint64_t total_exits;
	uint64_t total_cycles;
	unsigned int nr_slots;		/* reasons_nr(vendor) */
	struct reason_stat slot[REASONS_MAX_SLOTS];
	struct reason_stat other;	/* codes outside the vendor table */
	uint64_t self_exits;		/* CPUID exits this read caused */

	/* Set by snapshot_delta() only */
	int is_delta;
	uint64_t interval_ns;
	uint64_t self_subtracted;	/* reader exits taken out of the delta */
	int reset;			/* a counter went backwards */
};

void snapshot_init(struct snapshot *s, enum vendor v, const char *source);
void snapshot_stamp(struct snapshot *s);
void stat_add(struct reason_stat *dst, const struct reason_stat *src);
int snapshot_add(struct snapshot *dst, const struct snapshot *src);
void snapshot_sum_rows(const struct snapshot *s, uint64_t *exits,
		       uint64_t *cycles);
void snapshot_delta(const struct snapshot *prev, const struct snapshot *cur,
		    struct snapshot *out);
uint64_t stat_avg(const struct reason_stat *r);
const char *status_name(enum reason_status st);

#endif /* EXITSTAT_SNAPSHOT_H */
