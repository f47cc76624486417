// SPDX-License-Identifier: GPL-2.0
/*
 * trace_ring.c: reading a perf ring buffer (the control page and 2^n data
 * pages that mmap() of a perf event fd gives).  The kernel publishes
 * records by advancing data_head; we consume them and hand the space back
 * by advancing data_tail.  A full ring makes the kernel drop records and
 * report how many in a PERF_RECORD_LOST once there is room again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

int trace_ring_init(struct trace_ring *r, void *base, size_t page_size,
		    size_t data_pages)
{
	memset(r, 0, sizeof(*r));
	if (!data_pages || (data_pages & (data_pages - 1)))
		return -EINVAL;
	r->base = base;
	r->page_size = page_size;
	r->data_size = data_pages * page_size;
	return 0;
}

void trace_ring_fini(struct trace_ring *r)
{
	free(r->rec);
	r->rec = NULL;
	r->rec_size = 0;
}

/* A record that runs over the end of the data area, copied in one piece. */
static const void *contiguous(struct trace_ring *r, const unsigned char *data,
			      uint64_t off, size_t len)
{
	size_t first = r->data_size - off;

	if (off + len <= r->data_size)
		return data + off;
	if (len > r->rec_size) {
		unsigned char *p = realloc(r->rec, len);

		if (!p)
			return NULL;
		r->rec = p;
		r->rec_size = len;
	}
	memcpy(r->rec, data + off, first);
	memcpy(r->rec + first, data, len - first);
	return r->rec;
}

int trace_ring_drain(struct trace_ring *r, const struct trace_layout *l,
		     struct trace_queue *q, uint64_t *malformed)
{
	struct perf_event_mmap_page *pc = r->base;
	const unsigned char *data = (unsigned char *)r->base + r->page_size;
	uint64_t head, tail = pc->data_tail;
	struct perf_event_header h;
	struct trace_ev ev;
	int err = 0;

	/* Pairs with the kernel's store of data_head after its records */
	head = __atomic_load_n(&pc->data_head, __ATOMIC_ACQUIRE);
	while (tail < head) {
		uint64_t off = tail & (r->data_size - 1);
		const void *rec;

		/* A header never wraps: records are 8-byte aligned */
		memcpy(&h, data + off, sizeof(h));
		if (h.size < sizeof(h) || h.size > head - tail) {
			(*malformed)++;
			tail = head;	/* the ring is out of step: start over */
			break;
		}
		rec = contiguous(r, data, off, h.size);
		if (!rec) {
			err = -ENOMEM;
			break;
		}
		switch (trace_decode(l, rec, h.size, &ev)) {
		case 1:
			if (trace_queue_push(q, &ev))
				err = -ENOMEM;
			break;
		case -1:
			(*malformed)++;
			break;
		}
		if (err)
			break;
		tail += h.size;
	}
	/* Our reads of the records are done before the kernel reuses them */
	__atomic_store_n(&pc->data_tail, tail, __ATOMIC_RELEASE);
	return err;
}

/*
 * The kernel's TSC to sched_clock factor: ns = cycles * mult >> shift
 * (arch_perf_update_userpage).  Only published when sched_clock is the
 * TSC and stable (cap_user_time); read under the page's sequence count.
 */
int trace_ring_tsc(const struct trace_ring *r, uint32_t *mult,
		   uint16_t *shift)
{
	volatile struct perf_event_mmap_page *pc = r->base;
	uint32_t seq;
	int cap;

	do {
		seq = pc->lock;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		cap = pc->cap_user_time;
		*mult = pc->time_mult;
		*shift = pc->time_shift;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (pc->lock != seq || (seq & 1));
	return cap && *mult ? 0 : -1;
}
