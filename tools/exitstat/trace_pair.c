// SPDX-License-Identifier: GPL-2.0
/*
 * trace_pair.c: from kvm_exit and kvm_entry events to exits per reason
 * with their latency.  A vCPU is one thread, and KVM traces kvm_entry
 * right before and kvm_exit right after every VMRUN/VMLAUNCH of it (also
 * around fastpath exits, which re-enter through the same function), so the
 * events of one thread alternate: the latency of an exit is the time from
 * its kvm_exit to the next kvm_entry of the same thread.  That includes
 * everything the host did for the exit: the in-kernel handler, a trip to
 * the VMM in userspace, a halted vCPU's sleep, being preempted.
 *
 * An exit is counted when its latency is known (the next kvm_entry), or
 * when it is known there will be none (the thread ended, events were
 * lost, tracing stopped): then it is counted as "untimed".
 *
 * Events arrive per CPU; a thread that moved has its exit on one CPU's
 * ring and its entry on another's, so they are sorted by time first.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

#define PEND_MIN	64

int trace_queue_push(struct trace_queue *q, const struct trace_ev *ev)
{
	if (q->nr == q->cap) {
		size_t cap = q->cap ? 2 * q->cap : 4096;
		struct trace_ev *p = realloc(q->ev, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		q->ev = p;
		q->cap = cap;
	}
	q->ev[q->nr] = *ev;
	q->ev[q->nr].seq = q->seq++;
	q->nr++;
	return 0;
}

void trace_queue_free(struct trace_queue *q)
{
	free(q->ev);
	memset(q, 0, sizeof(*q));
}

static int by_time(const void *pa, const void *pb)
{
	const struct trace_ev *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void trace_queue_feed(struct trace_queue *q, struct trace_stats *st,
		      uint64_t until)
{
	size_t i;

	qsort(q->ev, q->nr, sizeof(*q->ev), by_time);
	for (i = 0; i < q->nr && q->ev[i].time <= until; i++)
		trace_stats_feed(st, &q->ev[i]);
	memmove(q->ev, q->ev + i, (q->nr - i) * sizeof(*q->ev));
	q->nr -= i;
}

/* --- exits waiting for their entry, by thread id ------------------------- */

static size_t hash_tid(uint32_t tid, size_t cap)
{
	return (tid * 2654435761u) & (cap - 1);
}

static struct trace_pending *pend_find(struct trace_stats *st, uint32_t tid)
{
	size_t i = hash_tid(tid, st->pend_cap);

	while (st->pend[i].tid) {
		if (st->pend[i].tid == tid)
			return &st->pend[i];
		i = (i + 1) & (st->pend_cap - 1);
	}
	return NULL;
}

/* Linear probing: close the gap so that later probes still find theirs. */
static void pend_remove(struct trace_stats *st, struct trace_pending *p)
{
	size_t mask = st->pend_cap - 1, i = p - st->pend, j = i, home;

	for (;;) {
		st->pend[i].tid = 0;
		do {
			j = (j + 1) & mask;
			if (!st->pend[j].tid) {
				st->pend_nr--;
				return;
			}
			home = hash_tid(st->pend[j].tid, st->pend_cap);
		} while (i <= j ? (i < home && home <= j) :
				  (i < home || home <= j));
		st->pend[i] = st->pend[j];
		i = j;
	}
}

static void pend_put(struct trace_pending *tab, size_t cap,
		     const struct trace_pending *p)
{
	size_t i = hash_tid(p->tid, cap);

	while (tab[i].tid)
		i = (i + 1) & (cap - 1);
	tab[i] = *p;
}

static int pend_add(struct trace_stats *st, const struct trace_pending *p)
{
	if (2 * (st->pend_nr + 1) > st->pend_cap) {
		size_t cap = 2 * st->pend_cap, i;
		struct trace_pending *tab = calloc(cap, sizeof(*tab));

		if (!tab)
			return -ENOMEM;
		for (i = 0; i < st->pend_cap; i++)
			if (st->pend[i].tid)
				pend_put(tab, cap, &st->pend[i]);
		free(st->pend);
		st->pend = tab;
		st->pend_cap = cap;
	}
	pend_put(st->pend, st->pend_cap, p);
	st->pend_nr++;
	return 0;
}

/* --- counting --------------------------------------------------------------- */

int trace_stats_init(struct trace_stats *st, enum vendor v,
		     const struct trace_filter *f)
{
	memset(st, 0, sizeof(*st));
	st->vendor = v;
	st->filter = *f;
	st->pend_cap = PEND_MIN;
	st->pend = calloc(st->pend_cap, sizeof(*st->pend));
	return st->pend ? 0 : -ENOMEM;
}

void trace_stats_free(struct trace_stats *st)
{
	free(st->pend);
	st->pend = NULL;
	st->pend_cap = st->pend_nr = 0;
}

/* Exact: ns * 2^shift / mult, in 128 bits (the inverse of the kernel's
 * cycles * mult >> shift, up to its rounding). */
uint64_t trace_ns_to_cycles(const struct trace_stats *st, uint64_t ns)
{
	return (uint64_t)(((unsigned __int128)ns << st->tsc_shift) /
			  st->tsc_mult);
}

/* The row of an exit: its reason in the vendor table, else "other".
 * An exit of the other vendor's numbering cannot be named: "other". */
static struct reason_stat *row_of(struct trace_stats *st, uint32_t isa,
				  uint32_t reason)
{
	int want = st->vendor == VENDOR_VMX ? TRACE_ISA_VMX : TRACE_ISA_SVM;
	int slot;

	if (isa && (int)isa != want)
		return &st->other;
	slot = reasons_slot(st->vendor, reason);
	return slot < 0 ? &st->other : &st->slot[slot];
}

/* An exit is done: with a latency (@timed), or without one. */
static void count_exit(struct trace_stats *st, const struct trace_pending *p,
		       int timed, uint64_t ns)
{
	struct reason_stat *r = row_of(st, p->isa, p->reason);
	uint64_t v;

	if (st->filter.min_latency && (!timed || ns < st->filter.min_latency)) {
		st->below_min++;
		return;
	}
	r->count++;
	if (!timed) {
		r->untimed++;
		return;
	}
	v = st->cycles ? trace_ns_to_cycles(st, ns) : ns;
	if (r->count - r->untimed == 1 || v < r->min)
		r->min = v;
	if (v > r->max)
		r->max = v;
	r->cycles += v;
}

static void saw_exit(struct trace_stats *st, const struct trace_ev *ev)
{
	struct trace_pending p = {
		.tid = ev->tid, .reason = ev->reason, .isa = ev->isa,
		.time = ev->time,
	}, *old;

	if (st->filter.vcpu >= 0 && ev->vcpu != (uint32_t)st->filter.vcpu)
		return;
	/* Two exits in a row: the entry between them was not seen. */
	old = pend_find(st, ev->tid);
	if (old) {
		count_exit(st, old, 0, 0);
		*old = p;
		return;
	}
	if (pend_add(st, &p))
		count_exit(st, &p, 0, 0);	/* no memory: count it at least */
}

static void saw_entry(struct trace_stats *st, const struct trace_ev *ev)
{
	struct trace_pending *p = pend_find(st, ev->tid);

	/* A waiting exit was of the filter's vCPU; else the entry says */
	if (!p && st->filter.vcpu >= 0 && ev->vcpu != (uint32_t)st->filter.vcpu)
		return;
	st->entries++;
	if (!p) {
		/* the thread's first entry since tracing began */
		st->entries_unpaired++;
		return;
	}
	count_exit(st, p, 1, ev->time >= p->time ? ev->time - p->time : 0);
	pend_remove(st, p);
}

/* All waiting exits, counted without a latency. */
static void drop_pending(struct trace_stats *st)
{
	size_t i;

	for (i = 0; i < st->pend_cap; i++)
		if (st->pend[i].tid)
			count_exit(st, &st->pend[i], 0, 0);
	memset(st->pend, 0, st->pend_cap * sizeof(*st->pend));
	st->pend_nr = 0;
}

void trace_stats_feed(struct trace_stats *st, const struct trace_ev *ev)
{
	struct trace_pending *p;

	if (ev->time > st->last_time)
		st->last_time = ev->time;
	if (ev->type == TEV_LOST) {
		/*
		 * Which threads lost events is not known: any waiting exit
		 * may have lost its entry and would be paired with a later
		 * one.  Their latency is unknown, not long.
		 */
		st->lost += ev->lost;
		drop_pending(st);
		return;
	}
	if (st->filter.pid && ev->pid != (uint32_t)st->filter.pid)
		return;
	switch (ev->type) {
	case TEV_EXIT:
		saw_exit(st, ev);
		break;
	case TEV_ENTRY:
		saw_entry(st, ev);
		break;
	case TEV_TASK_EXIT:
		/* A vCPU thread ended (its VM went away): no entry will come */
		p = pend_find(st, ev->tid);
		if (p) {
			count_exit(st, p, 0, 0);
			pend_remove(st, p);
		}
		break;
	}
}

void trace_stats_flush(struct trace_stats *st)
{
	drop_pending(st);
}

void trace_stats_fill(const struct trace_stats *st, struct snapshot *snap)
{
	unsigned int i;

	for (i = 0; i < snap->nr_slots; i++) {
		snap->slot[i] = st->slot[i];
		snap->slot[i].status = STATUS_OK;
	}
	snap->other = st->other;
	snapshot_sum_rows(snap, &snap->total_exits, &snap->total_cycles);
	snap->unit = st->cycles ? UNIT_CYCLES : UNIT_NS;
	snap->traced = 1;
	snap->lost = st->lost;
	snap->entries = st->entries;
	snap->entries_unpaired = st->entries_unpaired;
	snap->min_latency = st->filter.min_latency;
	snap->below_min = st->below_min;
}
