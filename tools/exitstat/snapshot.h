/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snapshot.h: the data model of exitstat.  A snapshot holds, per defined
 * exit reason of one vendor, the exit count, the total, min and max
 * handling cycles and the status the source reported; the exits of codes
 * outside the vendor table ("other"); and the totals.  A delta snapshot is
 * the difference of two reads, with the reader's own exits taken out.
 * The trace source measures latencies (kvm_exit to kvm_entry) instead of
 * handling cycles, in ns or TSC cycles: the snapshot says which (unit).
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
	uint64_t untimed;	/* counted exits without a latency (trace) */
};

/* Unit of cycles, min and max */
enum unit {
	UNIT_CYCLES = 0,	/* TSC cycles */
	UNIT_NS,		/* nanoseconds */
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
	enum unit unit;

	/* Sources that trace events (traced = 1): what the counts rest on */
	int traced;
	uint64_t lost;			/* events the kernel could not record */
	uint64_t entries;		/* kvm_entry events seen */
	uint64_t entries_unpaired;	/* ... with no kvm_exit before them */
	uint64_t min_latency;		/* ns; only slower exits counted */
	uint64_t below_min;		/* exits left out by min_latency */

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
int stat_timed(const struct reason_stat *r);
uint64_t snapshot_untimed(const struct snapshot *s);
const char *status_name(enum reason_status st);
const char *unit_name(enum unit u);

#endif /* EXITSTAT_SNAPSHOT_H */
