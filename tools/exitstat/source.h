/* SPDX-License-Identifier: GPL-2.0 */
/*
 * source.h: where exit statistics come from.  A source is a table of
 * operations; the rest of exitstat only sees snapshots, so a new source
 * (e.g. the kvm_exit tracepoints of a stock kernel) is one more file and
 * one more entry in source.c, without touching the output code.
 */
#ifndef EXITSTAT_SOURCE_H
#define EXITSTAT_SOURCE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "snapshot.h"

/* A message for the user, filled by the function that failed. */
struct xerr {
	char msg[1024];
};

int xerr_set(struct xerr *e, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* CPUID with EAX=leaf, ECX=subleaf; regs = EAX, EBX, ECX, EDX.  Injectable
 * so that tests can play the hypervisor. */
typedef void (*cpuid_fn)(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);

void cpuid_native(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);

/* What the user asked to read; each source uses what concerns it. */
struct source_opts {
	cpuid_fn cpuid;			/* cpuid_native unless testing */
	const char *debugfs_root;	/* the kvm directory of debugfs */
	long pid;			/* -p: the VMs of this process, or 0 */
	const char *vm;			/* --vm: one VM, "PID-FD", or NULL */
	long vcpu;			/* --vcpu: one vCPU, or -1 */

	/* trace source */
	const char *tracefs;		/* --tracefs DIR, or NULL: find it */
	char *const *command;		/* -- COMMAND ARGS: trace its lifetime */
	uint64_t min_latency;		/* --min-latency, ns; 0: all exits */
	int cycles;			/* --unit cycles: latencies in TSC cycles */
	unsigned int buffer_pages;	/* --buffer-pages: per CPU; 0: default */
};

/* Ctrl-C and SIGTERM, as run.c's handler records them */
struct stop_request {
	volatile sig_atomic_t count;	/* signals so far */
	volatile sig_atomic_t sig;	/* the last one */
};

/* What source_ops.wait() returns besides -errno */
enum wait_result {
	WAIT_DEADLINE = 0,		/* the deadline came */
	WAIT_ENDED = 1,			/* what is traced has ended */
	WAIT_STOPPED = 2,		/* a signal asked to stop */
};

struct source;

struct source_ops {
	const char *name;
	/* 0 if this machine offers the source, else -errno and why not */
	int (*probe)(const struct source_opts *o, struct xerr *e);
	int (*open)(struct source *s, const struct source_opts *o,
		    struct xerr *e);
	/* Fill a snapshot (already snapshot_init()ed for s->vendor). */
	int (*read)(struct source *s, struct snapshot *snap, struct xerr *e);
	/* Optional: one reason, defined or not; NULL = from a full read. */
	int (*read_reason)(struct source *s, uint32_t code,
			   struct reason_stat *r, uint64_t *self_exits,
			   struct xerr *e);
	void (*close)(struct source *s);
	/*
	 * Optional, for sources that collect events as they happen (trace):
	 * wait() collects until @deadline (CLOCK_MONOTONIC; NULL: none) and
	 * returns an enum wait_result; stop() ends collecting, so that the
	 * next read() is complete, and returns non-zero (with a message) when
	 * the traced command failed.
	 */
	int (*wait)(struct source *s, const struct timespec *deadline,
		    struct stop_request *stop, struct xerr *e);
	int (*stop)(struct source *s, struct xerr *e);
};

struct source {
	const struct source_ops *ops;
	enum vendor vendor;		/* numbering of the exit reasons */
	void *priv;
};

extern const struct source_ops cpuid_source;
extern const struct source_ops debugfs_source;
extern const struct source_ops trace_source;

const struct source_ops *source_find(const char *name);
const char *source_names(void);
int source_select(const struct source_opts *o, const struct source_ops **ops,
		  struct xerr *e);
int source_open(struct source *s, const struct source_ops *ops,
		const struct source_opts *o, struct xerr *e);
int source_read(struct source *s, struct snapshot *snap, struct xerr *e);
int source_read_reason(struct source *s, uint32_t code,
		       struct reason_stat *r, uint64_t *self_exits,
		       struct xerr *e);
int source_wait(struct source *s, const struct timespec *deadline,
		struct stop_request *stop, struct xerr *e);
int source_stop(struct source *s, struct xerr *e);
void source_close(struct source *s);

/* CPU vendor of the machine we run on: the fallback reason numbering */
enum vendor cpu_vendor(cpuid_fn cpuid);

#endif /* EXITSTAT_SOURCE_H */
