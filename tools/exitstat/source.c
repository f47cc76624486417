// SPDX-License-Identifier: GPL-2.0
/*
 * source.c: the list of sources, automatic selection, and the calls every
 * source goes through (so that snapshots are stamped the same way).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "source.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * In order of preference: inside a guest first, then the host.  The
 * trace source is never chosen automatically: it collects for as long as
 * it is told (-d, a command, Ctrl-C), where the others read at once.
 */
static const struct source_ops *const sources[] = {
	&cpuid_source,
	&debugfs_source,
};

static const struct source_ops *const all_sources[] = {
	&cpuid_source,
	&debugfs_source,
	&trace_source,
};

int xerr_set(struct xerr *e, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return rc;
}

const struct source_ops *source_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(all_sources); i++)
		if (!strcmp(all_sources[i]->name, name))
			return all_sources[i];
	return NULL;
}

const char *source_names(void)
{
	static char buf[128];
	size_t i, len = 0;

	for (i = 0; i < ARRAY_SIZE(all_sources) && len < sizeof(buf); i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
				i ? ", " : "", all_sources[i]->name);
	return buf;
}

/*
 * Pick the first source this machine offers.  Naming a VM or a vCPU only
 * makes sense on the host.  When nothing is there, say for each source
 * what is missing: the user fixes the one that fits the machine.
 */
int source_select(const struct source_opts *o, const struct source_ops **ops,
		  struct xerr *e)
{
	struct xerr why[ARRAY_SIZE(sources)];
	size_t i, len;

	if (o->pid || o->vm || o->vcpu >= 0) {
		*ops = &debugfs_source;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(sources); i++) {
		if (!sources[i]->probe(o, &why[i])) {
			*ops = sources[i];
			return 0;
		}
	}
	len = snprintf(e->msg, sizeof(e->msg),
		       "interface absent, nothing to read on this machine");
	for (i = 0; i < ARRAY_SIZE(sources) && len < sizeof(e->msg); i++)
		len += snprintf(e->msg + len, sizeof(e->msg) - len,
				"\n  %s: %s", sources[i]->name, why[i].msg);
	if (len < sizeof(e->msg))
		snprintf(e->msg + len, sizeof(e->msg) - len,
			 "\n  (a stock KVM host: exitstat -s trace counts exits from the kvm tracepoints)");
	return -ENOENT;
}

int source_open(struct source *s, const struct source_ops *ops,
		const struct source_opts *o, struct xerr *e)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->vendor = VENDOR_NONE;
	return ops->open(s, o, e);
}

int source_read(struct source *s, struct snapshot *snap, struct xerr *e)
{
	snapshot_init(snap, s->vendor, s->ops->name);
	snapshot_stamp(snap);
	return s->ops->read(s, snap, e);
}

/* One reason's record; sources without a cheaper way do a full read. */
int source_read_reason(struct source *s, uint32_t code,
		       struct reason_stat *r, uint64_t *self_exits,
		       struct xerr *e)
{
	static struct snapshot snap;
	int slot, err;

	if (s->ops->read_reason)
		return s->ops->read_reason(s, code, r, self_exits, e);
	err = source_read(s, &snap, e);
	if (err)
		return err;
	*self_exits = snap.self_exits;
	memset(r, 0, sizeof(*r));
	slot = reasons_slot(s->vendor, code);
	if (slot < 0)
		r->status = STATUS_UNDEFINED;
	else
		*r = snap.slot[slot];
	return 0;
}

/* Collect until @deadline; sources that read at once just sleep. */
int source_wait(struct source *s, const struct timespec *deadline,
		struct stop_request *stop, struct xerr *e)
{
	if (s->ops->wait)
		return s->ops->wait(s, deadline, stop, e);
	while (!stop->count) {
		int err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					  deadline, NULL);

		if (!err)
			return WAIT_DEADLINE;
		if (err != EINTR)
			return xerr_set(e, -err, "clock_nanosleep: %s",
					strerror(err));
	}
	return WAIT_STOPPED;
}

int source_stop(struct source *s, struct xerr *e)
{
	return s->ops->stop ? s->ops->stop(s, e) : 0;
}

void source_close(struct source *s)
{
	if (s->ops && s->ops->close)
		s->ops->close(s);
	s->ops = NULL;
}
