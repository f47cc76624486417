// SPDX-License-Identifier: GPL-2.0
/*
 * trace_source.c: the source for a stock KVM.  kvm:kvm_exit and
 * kvm:kvm_entry are opened with perf_event_open on every CPU (all tasks,
 * or the tasks of a command we start: trace_events.c), their records read
 * from one ring buffer per CPU and paired by trace_pair.c.  System-wide
 * per-CPU events see VMs and vCPU threads that appear and vanish while we
 * run without any bookkeeping.  No BPF: what the kernel gives is the raw
 * tracepoint record, decoded with the offsets of its tracefs format file.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "trace.h"

#define TRACEFS_MOUNT		"/sys/kernel/tracing"
#define TRACEFS_IN_DEBUGFS	"/sys/kernel/debug/tracing"
#define DEFAULT_PAGES		128	/* 512 KiB per CPU: perf_event_mlock_kb */
#define POLL_MS			100
/*
 * A record is stamped before it is published in its ring: events newer
 * than this may still be missing from a ring already drained, so they
 * wait for the next round before being paired (tracing ends flush all).
 */
#define REORDER_NS		50000000ull

struct trace_priv {
	char dir[PATH_MAX];		/* tracefs */
	struct trace_layout layout;
	struct trace_events ev;
	struct trace_target tg;
	struct trace_queue q;
	struct trace_stats st;
	int stopped;
	char scope[16];
	char target[96];
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* --- tracefs --------------------------------------------------------------- */

static int is_tracefs_with_events(const char *dir)
{
	char path[PATH_MAX + 8];
	struct stat st;

	snprintf(path, sizeof(path), "%s/events", dir);
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static int find_tracefs(struct trace_priv *p, const struct source_opts *o,
			struct xerr *e)
{
	struct statfs fs;

	if (o->tracefs) {
		snprintf(p->dir, sizeof(p->dir), "%s", o->tracefs);
		if (!is_tracefs_with_events(p->dir))
			return xerr_set(e, -ENOENT,
					"no %s/events: not a tracefs directory",
					p->dir);
		return 0;
	}
	if (access(TRACEFS_MOUNT, R_OK | X_OK) && errno == EACCES)
		return xerr_set(e, -EACCES,
				"cannot read %s (permission denied): tracefs is root-only; run exitstat as root",
				TRACEFS_MOUNT);
	if (!statfs(TRACEFS_MOUNT, &fs) && fs.f_type == TRACEFS_MAGIC &&
	    is_tracefs_with_events(TRACEFS_MOUNT)) {
		snprintf(p->dir, sizeof(p->dir), "%s", TRACEFS_MOUNT);
		return 0;
	}
	if (is_tracefs_with_events(TRACEFS_IN_DEBUGFS)) {
		snprintf(p->dir, sizeof(p->dir), "%s", TRACEFS_IN_DEBUGFS);
		return 0;
	}
	return xerr_set(e, -ENOENT,
			"tracefs is not mounted on %s: mount it (as root: mount -t tracefs nodev %s)",
			TRACEFS_MOUNT, TRACEFS_MOUNT);
}

static int read_format(const char *dir, const char *event,
		       struct tp_format *fmt, struct xerr *e)
{
	char path[PATH_MAX + 64], kvm[PATH_MAX];
	struct stat st;
	FILE *f;
	int err;

	snprintf(kvm, sizeof(kvm), "%s/events/kvm", dir);
	snprintf(path, sizeof(path), "%s/%s/format", kvm, event);
	f = fopen(path, "r");
	if (!f) {
		err = errno;
		if (err == EACCES || err == EPERM)
			return xerr_set(e, -err,
					"cannot read %s (permission denied): tracefs is root-only; run exitstat as root",
					path);
		if (err == ENOENT && stat(kvm, &st))
			return xerr_set(e, -ENOENT,
					"no kvm events in %s/events: the kvm module is not loaded (as root: modprobe kvm_amd or kvm_intel)",
					dir);
		if (err == ENOENT)
			return xerr_set(e, -ENOENT,
					"no tracepoint kvm:%s (%s): this kernel's KVM does not trace it",
					event, path);
		return xerr_set(e, -err, "cannot read %s: %s", path,
				strerror(err));
	}
	err = tp_format_parse(f, path, fmt, e);
	fclose(f);
	return err;
}

static int read_layout(struct trace_priv *p, struct xerr *e)
{
	struct tp_format exit, entry;
	int err;

	err = read_format(p->dir, "kvm_exit", &exit, e);
	if (!err)
		err = read_format(p->dir, "kvm_entry", &entry, e);
	if (!err)
		err = trace_layout_init(&p->layout, &exit, &entry, e);
	return err;
}

/* The numbering of the loaded KVM; the CPU's when neither is loaded. */
static enum vendor kvm_vendor(const struct source_opts *o)
{
	if (!access("/sys/module/kvm_amd", F_OK))
		return VENDOR_SVM;
	if (!access("/sys/module/kvm_intel", F_OK))
		return VENDOR_VMX;
	return cpu_vendor(o->cpuid);
}

static int trace_probe(const struct source_opts *o, struct xerr *e)
{
	struct trace_priv p = { 0 };
	struct tp_format fmt;

	if (find_tracefs(&p, o, e))
		return -ENOENT;
	return read_format(p.dir, "kvm_exit", &fmt, e);
}

static void describe(struct trace_priv *p, const struct source_opts *o)
{
	char who[64];

	if (p->tg.child)
		snprintf(who, sizeof(who), "pid %d (%s)", (int)p->tg.child,
			 p->tg.command);
	else if (o->pid)
		snprintf(who, sizeof(who), "pid %ld", o->pid);
	else
		snprintf(who, sizeof(who), "all VMs");
	snprintf(p->scope, sizeof(p->scope), "%s",
		 o->vcpu >= 0 ? "vcpu" : p->tg.child || o->pid ? "vm" : "host");
	if (o->vcpu >= 0)
		snprintf(p->target, sizeof(p->target), "%s, vcpu %ld", who,
			 o->vcpu);
	else
		snprintf(p->target, sizeof(p->target), "%s", who);
}

/* --- reading ---------------------------------------------------------------- */

/* Everything the rings hold, paired up to @until (ns) */
static int drain(struct trace_priv *p, uint64_t until, struct xerr *e)
{
	if (trace_events_drain(&p->ev, &p->layout, &p->q))
		return xerr_set(e, -ENOMEM, "out of memory");
	trace_queue_feed(&p->q, &p->st, until);
	return 0;
}

static uint64_t settled(uint64_t now)
{
	return now > REORDER_NS ? now - REORDER_NS : 0;
}

static int trace_wait(struct source *s, const struct timespec *deadline,
		      struct stop_request *stop, struct xerr *e)
{
	struct trace_priv *p = s->priv;
	uint64_t dl = deadline ? (uint64_t)deadline->tv_sec * 1000000000ull +
				 deadline->tv_nsec : 0;

	for (;;) {
		uint64_t now = now_ns();
		int timeout = POLL_MS;

		if (stop->count && trace_target_signal(&p->tg, stop))
			return WAIT_STOPPED;
		if (trace_target_ended(&p->tg))
			return WAIT_ENDED;
		if (deadline && now >= dl)
			return WAIT_DEADLINE;
		if (deadline && dl - now < POLL_MS * 1000000ull)
			timeout = (dl - now + 999999) / 1000000;
		if (poll(p->ev.pfd, p->ev.nr_pfd, timeout) < 0 && errno != EINTR)
			return xerr_set(e, -errno, "poll: %s", strerror(errno));
		trace_events_hangups(&p->ev);
		if (drain(p, settled(now), e))
			return -ENOMEM;
	}
}

/* The end: nothing more comes, so everything is paired or counted. */
static int trace_stop(struct source *s, struct xerr *e)
{
	struct trace_priv *p = s->priv;

	if (p->stopped)
		return 0;
	trace_events_enable(&p->ev, 0);
	if (drain(p, UINT64_MAX, e))
		return -ENOMEM;
	trace_stats_flush(&p->st);
	p->stopped = 1;
	return trace_target_status(&p->tg, e);
}

static int trace_read(struct source *s, struct snapshot *snap,
		      struct xerr *e)
{
	struct trace_priv *p = s->priv;
	uint64_t lost;

	if (!p->stopped && drain(p, settled(now_ns()), e))
		return -ENOMEM;
	trace_stats_fill(&p->st, snap);
	if (!trace_events_lost(&p->ev, &lost))
		snap->lost = lost;
	snap->lost += p->ev.malformed;
	memcpy(snap->scope, p->scope, sizeof(snap->scope));
	memcpy(snap->target, p->target, sizeof(snap->target));
	return 0;
}

/* --- opening and closing --------------------------------------------------- */

static void trace_close(struct source *s)
{
	struct trace_priv *p = s->priv;

	if (!p)
		return;
	trace_events_close(&p->ev);
	trace_target_close(&p->tg);
	trace_queue_free(&p->q);
	trace_stats_free(&p->st);
	free(p);
	s->priv = NULL;
}

static int setup_stats(struct trace_priv *p, const struct source *s,
		       const struct source_opts *o, struct xerr *e)
{
	struct trace_filter f = {
		/* a command's events are only its own: no filter needed */
		.pid = p->tg.child ? 0 : o->pid,
		.vcpu = o->vcpu,
		.min_latency = o->min_latency,
	};

	if (trace_stats_init(&p->st, s->vendor, &f))
		return xerr_set(e, -ENOMEM, "out of memory");
	if (!o->cycles)
		return 0;
	if (trace_ring_tsc(&p->ev.rings[0], &p->st.tsc_mult, &p->st.tsc_shift))
		return xerr_set(e, -ENOTSUP,
				"--unit cycles: this kernel does not publish its TSC to ns factor (cap_user_time is 0: sched_clock is not the TSC, or not stable); use ns");
	p->st.cycles = 1;
	return 0;
}

/* The end of the command or of the -p process wakes poll() up. */
static void poll_target(struct trace_priv *p)
{
	if (p->tg.pidfd < 0)
		return;
	p->ev.pfd[p->ev.nr_pfd].fd = p->tg.pidfd;
	p->ev.pfd[p->ev.nr_pfd].events = POLLIN;
	p->ev.nr_pfd++;
}

static int trace_open(struct source *s, const struct source_opts *o,
		      struct xerr *e)
{
	size_t pages = o->buffer_pages ? o->buffer_pages : DEFAULT_PAGES;
	struct trace_priv *p;
	int err;

	p = calloc(1, sizeof(*p));
	if (!p)
		return xerr_set(e, -ENOMEM, "out of memory");
	s->priv = p;
	trace_target_init(&p->tg);
	s->vendor = kvm_vendor(o);
	err = find_tracefs(p, o, e);
	if (!err)
		err = read_layout(p, e);
	if (!err && o->pid)
		err = trace_target_watch(&p->tg, o->pid, e);
	if (!err && o->command)
		err = trace_target_spawn(&p->tg, o->command, e);
	if (!err)
		err = trace_events_open(&p->ev, &p->layout,
					p->tg.child ? p->tg.child : -1, pages, e);
	if (!err)
		err = setup_stats(p, s, o, e);
	if (!err) {
		poll_target(p);
		describe(p, o);
		if (p->tg.child)
			err = trace_target_release(&p->tg, e);
		else
			trace_events_enable(&p->ev, 1);
	}
	if (err)
		trace_close(s);
	return err;
}

const struct source_ops trace_source = {
	.name = "trace",
	.probe = trace_probe,
	.open = trace_open,
	.read = trace_read,
	.close = trace_close,
	.wait = trace_wait,
	.stop = trace_stop,
};
