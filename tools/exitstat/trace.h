/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.h: the insides of the trace source, which counts exits of a stock
 * KVM from its kvm_exit and kvm_entry tracepoints through perf_event_open.
 * Four parts, each testable alone:
 *
 *   trace_format.c  the tracefs format files: field offsets and sizes, and
 *                   decoding a perf record into a struct trace_ev with them
 *   trace_ring.c    the per-CPU perf ring buffers, drained record by record
 *   trace_pair.c    events put in time order and paired: a kvm_exit with
 *                   the next kvm_entry of the same thread gives a latency
 *   trace_events.c  perf_event_open of the two events on every CPU
 *   trace_target.c  the command exitstat starts, or the -p process
 *   trace_source.c  tracefs, and the source operations that join it all
 */
#ifndef EXITSTAT_TRACE_H
#define EXITSTAT_TRACE_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <linux/perf_event.h>

#include "source.h"

#define TRACE_MAX_FIELDS	32

/* KVM_ISA_VMX and KVM_ISA_SVM of arch/x86/kvm/trace.h: kvm_exit's "isa" */
#define TRACE_ISA_VMX		1
#define TRACE_ISA_SVM		2

/* VMX: the basic exit reason is bits 15:0 of the traced exit_reason */
#define TRACE_VMX_BASIC_MASK	0xffffu

/* One "field:TYPE NAME; offset:N; size:N; signed:N;" line */
struct tp_field {
	char name[48];
	unsigned int offset;
	unsigned int size;
	int is_signed;
};

/* An event's format file: its id (perf's config) and its fields */
struct tp_format {
	char name[64];
	unsigned int id;
	unsigned int nr;
	struct tp_field field[TRACE_MAX_FIELDS];
};

int tp_format_parse(FILE *f, const char *path, struct tp_format *fmt,
		    struct xerr *e);
const struct tp_field *tp_format_field(const struct tp_format *fmt,
				       const char *name);
/* The field's value in @raw (zero-extended), or -1 when @raw is too short */
int tp_field_get(const struct tp_field *fl, const void *raw, size_t len,
		 uint64_t *v);

/* Where the fields the source needs are, in the two events' raw data */
struct trace_layout {
	unsigned int exit_id, entry_id;
	struct tp_field type;		/* common_type: which event it is */
	struct tp_field exit_reason, exit_vcpu, exit_isa, entry_vcpu;
	int has_isa;			/* kernels before 2.6.38 have none */
	int has_entry_vcpu;
};

int trace_layout_init(struct trace_layout *l, const struct tp_format *exit,
		      const struct tp_format *entry, struct xerr *e);

#define TRACE_VCPU_UNKNOWN	UINT32_MAX

/* An event, decoded: what the pairing needs of a record */
enum trace_ev_type {
	TEV_EXIT,		/* kvm:kvm_exit sample */
	TEV_ENTRY,		/* kvm:kvm_entry sample */
	TEV_LOST,		/* PERF_RECORD_LOST(_SAMPLES): @lost records gone */
	TEV_TASK_EXIT,		/* PERF_RECORD_EXIT: thread @tid ended */
};

struct trace_ev {
	uint64_t time;		/* perf time, ns (CLOCK_MONOTONIC) */
	uint64_t seq;		/* order of arrival: a stable sort */
	uint64_t lost;
	uint32_t type;
	uint32_t pid, tid;
	uint32_t cpu;
	uint32_t vcpu;		/* TRACE_VCPU_UNKNOWN: the event has none */
	uint32_t reason;	/* VMX: basic exit reason; SVM: EXITCODE */
	uint32_t isa;		/* 0 when the format has no isa field */
};

/*
 * Sample type the source asks for; trace_decode() knows its layout.
 * The sample_id trailer of other records (sample_id_all) then holds
 * pid, tid, time, cpu, res: 24 bytes.
 */
#define TRACE_SAMPLE_TYPE \
	(PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW)

/* 1 and @ev filled, 0 for a record of no interest, -1 if malformed */
int trace_decode(const struct trace_layout *l, const void *rec, size_t len,
		 struct trace_ev *ev);

/* --- trace_ring.c --------------------------------------------------------- */

struct trace_queue;

/* One CPU's ring: a perf_event_mmap_page, then 2^n data pages */
struct trace_ring {
	void *base;
	size_t data_size;	/* a power of 2 */
	size_t page_size;
	unsigned char *rec;	/* a record that wraps, made contiguous */
	size_t rec_size;
};

int trace_ring_init(struct trace_ring *r, void *base, size_t page_size,
		    size_t data_pages);
void trace_ring_fini(struct trace_ring *r);
/* Decode every record the kernel has published into @q; -1 if malformed */
int trace_ring_drain(struct trace_ring *r, const struct trace_layout *l,
		     struct trace_queue *q, uint64_t *malformed);
/* The TSC to ns factor of the ring's page; -1 without cap_user_time */
int trace_ring_tsc(const struct trace_ring *r, uint32_t *mult,
		   uint16_t *shift);

/* --- trace_pair.c --------------------------------------------------------- */

/* Events waiting to be put in time order (several CPUs' rings) */
struct trace_queue {
	struct trace_ev *ev;
	size_t nr, cap;
	uint64_t seq;
};

int trace_queue_push(struct trace_queue *q, const struct trace_ev *ev);
void trace_queue_free(struct trace_queue *q);

/* What is counted: everything, one process, one vCPU, slow exits only */
struct trace_filter {
	long pid;		/* 0: every process */
	long vcpu;		/* -1: every vCPU */
	uint64_t min_latency;	/* ns; 0: every exit */
};

/* An exit waiting for the next kvm_entry of its thread */
struct trace_pending {
	uint32_t tid;		/* 0: free slot */
	uint32_t reason;
	uint32_t isa;
	uint64_t time;
};

struct trace_stats {
	enum vendor vendor;
	struct trace_filter filter;
	int cycles;		/* latencies in TSC cycles, not ns */
	uint32_t tsc_mult;	/* cycles = ns * 2^tsc_shift / tsc_mult */
	uint16_t tsc_shift;

	struct reason_stat slot[REASONS_MAX_SLOTS];
	struct reason_stat other;	/* codes outside the vendor table */
	uint64_t lost;
	uint64_t entries;		/* kvm_entry events of the filter */
	uint64_t entries_unpaired;	/* ... without a kvm_exit before */
	uint64_t below_min;		/* exits faster than min_latency */
	uint64_t last_time;		/* of the last event fed */

	struct trace_pending *pend;	/* open addressing, by tid */
	size_t pend_cap, pend_nr;
};

int trace_stats_init(struct trace_stats *st, enum vendor v,
		     const struct trace_filter *f);
void trace_stats_free(struct trace_stats *st);
void trace_stats_feed(struct trace_stats *st, const struct trace_ev *ev);
/* Tracing ended: exits still waiting are counted, without a latency */
void trace_stats_flush(struct trace_stats *st);
/* The events of @q up to @until (ns) in time order; UINT64_MAX: all */
void trace_queue_feed(struct trace_queue *q, struct trace_stats *st,
		      uint64_t until);
void trace_stats_fill(const struct trace_stats *st, struct snapshot *snap);
uint64_t trace_ns_to_cycles(const struct trace_stats *st, uint64_t ns);

/* --- trace_events.c ---------------------------------------------------- */

struct trace_events {
	unsigned int nr_cpus;
	int *cpus;			/* the online ones */
	int *exit_fd, *entry_fd;
	void **maps;
	size_t map_len;
	struct trace_ring *rings;
	struct pollfd *pfd;		/* the rings, and room for one more */
	unsigned int nr_pfd;
	int lost_format;		/* read() counts lost samples (6.0+) */
	uint64_t malformed;		/* records that could not be decoded */
};

/* @pid: -1 for all tasks, else a command's pid (followed from its exec) */
int trace_events_open(struct trace_events *ev, const struct trace_layout *l,
		      pid_t pid, size_t pages, struct xerr *e);
void trace_events_enable(struct trace_events *ev, int on);
int trace_events_drain(struct trace_events *ev, const struct trace_layout *l,
		       struct trace_queue *q);
int trace_events_lost(struct trace_events *ev, uint64_t *lost);
void trace_events_hangups(struct trace_events *ev);
void trace_events_close(struct trace_events *ev);

/* --- trace_target.c ---------------------------------------------------- */

struct trace_target {
	pid_t child;			/* -- COMMAND, or 0 */
	const char *command;
	int go_fd, exec_fd;		/* the child's start, its exec error */
	int status;			/* the child's wait status */
	int ended;			/* the command or the -p process */
	long pid;			/* -p, or 0 */
	int pidfd;			/* of either, or -1 */
	int forwarded;			/* signals passed on to the command */
};

void trace_target_init(struct trace_target *t);
int trace_target_watch(struct trace_target *t, long pid, struct xerr *e);
int trace_target_spawn(struct trace_target *t, char *const *argv,
		       struct xerr *e);
int trace_target_release(struct trace_target *t, struct xerr *e);
int trace_target_ended(struct trace_target *t);
int trace_target_signal(struct trace_target *t, struct stop_request *stop);
int trace_target_status(const struct trace_target *t, struct xerr *e);
void trace_target_close(struct trace_target *t);

#endif /* EXITSTAT_TRACE_H */
