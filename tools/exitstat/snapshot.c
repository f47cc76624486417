// SPDX-License-Identifier: GPL-2.0
/*
 * snapshot.c: building, summing and subtracting exit statistics snapshots.
 */
#include <string.h>

#include "snapshot.h"

void snapshot_init(struct snapshot *s, enum vendor v, const char *source)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->vendor = v;
	s->source = source;
	s->nr_slots = reasons_nr(v);
	for (i = 0; i < REASONS_MAX_SLOTS; i++)
		s->slot[i].status = i < s->nr_slots ? STATUS_OK :
						      STATUS_UNDEFINED;
}

void snapshot_stamp(struct snapshot *s)
{
	clock_gettime(CLOCK_REALTIME, &s->wall);
	clock_gettime(CLOCK_MONOTONIC, &s->mono);
}

/* Merge two records of one reason: VMs or vCPUs summed at read time. */
void stat_add(struct reason_stat *dst, const struct reason_stat *src)
{
	if (!src->count)
		return;
	if (stat_timed(src) && (!stat_timed(dst) || src->min < dst->min))
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	dst->count += src->count;
	dst->cycles += src->cycles;
	dst->untimed += src->untimed;
}

/* Returns -1 when the two use different numberings: they cannot be summed. */
int snapshot_add(struct snapshot *dst, const struct snapshot *src)
{
	unsigned int i;

	if (dst->vendor != src->vendor)
		return -1;
	for (i = 0; i < dst->nr_slots; i++) {
		stat_add(&dst->slot[i], &src->slot[i]);
		/* "not enabled" holds only if it holds everywhere */
		if (src->slot[i].status < dst->slot[i].status)
			dst->slot[i].status = src->slot[i].status;
	}
	stat_add(&dst->other, &src->other);
	dst->total_exits += src->total_exits;
	dst->total_cycles += src->total_cycles;
	dst->self_exits += src->self_exits;
	dst->paused |= src->paused;
	dst->lost += src->lost;
	dst->entries += src->entries;
	dst->entries_unpaired += src->entries_unpaired;
	dst->below_min += src->below_min;
	return 0;
}

void snapshot_sum_rows(const struct snapshot *s, uint64_t *exits,
		       uint64_t *cycles)
{
	unsigned int i;

	*exits = s->other.count;
	*cycles = s->other.cycles;
	for (i = 0; i < s->nr_slots; i++) {
		*exits += s->slot[i].count;
		*cycles += s->slot[i].cycles;
	}
}

static uint64_t sub_clamp(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

/*
 * Min and max of an interval cannot be derived from two reads: the delta
 * keeps the cumulative ones of @cur.  A counter that went backwards was
 * reset (module reload, a write to the host-wide debugfs file): the delta
 * is then the new value.
 */
static void stat_delta(const struct reason_stat *prev,
		       const struct reason_stat *cur, struct reason_stat *out,
		       int *reset)
{
	*out = *cur;
	if (cur->count < prev->count || cur->cycles < prev->cycles) {
		*reset = 1;
		return;
	}
	out->count = cur->count - prev->count;
	out->cycles = cur->cycles - prev->cycles;
	out->untimed = sub_clamp(cur->untimed, prev->untimed);
}

/*
 * Each read through CPUID exits once per CPUID instruction.  The cpuid
 * source reads in a fixed order (totals, then every count in table order,
 * then the details), so between the CPUID count of one read and that of
 * the next exactly the instructions of the first read executed: prev's
 * self_exits.  The same holds for the total exit count, read first.  Their
 * cycles stay in: the per-exit cost of our reads is not known.
 */
void snapshot_delta(const struct snapshot *prev, const struct snapshot *cur,
		    struct snapshot *out)
{
	int cpuid = reasons_cpuid_slot(cur->vendor);
	int64_t ns;
	unsigned int i;

	*out = *cur;
	out->is_delta = 1;
	for (i = 0; i < cur->nr_slots; i++)
		stat_delta(&prev->slot[i], &cur->slot[i], &out->slot[i],
			   &out->reset);
	stat_delta(&prev->other, &cur->other, &out->other, &out->reset);
	if (cur->total_exits < prev->total_exits ||
	    cur->total_cycles < prev->total_cycles) {
		out->reset = 1;
	} else {
		out->total_exits = cur->total_exits - prev->total_exits;
		out->total_cycles = cur->total_cycles - prev->total_cycles;
	}

	/* Frozen counters did not see our reads. */
	if (!prev->paused && !cur->paused && !out->reset && cpuid >= 0 &&
	    prev->self_exits) {
		uint64_t n = prev->self_exits;

		if (out->slot[cpuid].count < n)
			n = out->slot[cpuid].count;
		out->slot[cpuid].count -= n;
		out->total_exits = sub_clamp(out->total_exits, n);
		out->self_subtracted = n;
	}

	/* A tracing source's event accounting only ever grows */
	out->lost = sub_clamp(cur->lost, prev->lost);
	out->entries = sub_clamp(cur->entries, prev->entries);
	out->entries_unpaired = sub_clamp(cur->entries_unpaired,
					  prev->entries_unpaired);
	out->below_min = sub_clamp(cur->below_min, prev->below_min);

	ns = (int64_t)(cur->mono.tv_sec - prev->mono.tv_sec) * 1000000000 +
	     (cur->mono.tv_nsec - prev->mono.tv_nsec);
	out->interval_ns = ns > 0 ? (uint64_t)ns : 0;
}

/* Exits counted without a latency, all rows (the trace source's) */
uint64_t snapshot_untimed(const struct snapshot *s)
{
	uint64_t n = s->other.untimed;
	unsigned int i;

	for (i = 0; i < s->nr_slots; i++)
		n += s->slot[i].untimed;
	return n;
}

/* Exits with a latency: the trace source counts some without one. */
int stat_timed(const struct reason_stat *r)
{
	return r->count > r->untimed;
}

uint64_t stat_avg(const struct reason_stat *r)
{
	return stat_timed(r) ? r->cycles / (r->count - r->untimed) : 0;
}

const char *unit_name(enum unit u)
{
	return u == UNIT_NS ? "ns" : "cycles";
}

const char *status_name(enum reason_status st)
{
	switch (st) {
	case STATUS_OK:
		return "ok";
	case STATUS_NOT_ENABLED:
		return "not_enabled";
	default:
		return "undefined";
	}
}
