// SPDX-License-Identifier: GPL-2.0
/*
 * run.c: what exitstat does once the command line is understood: one
 * cumulative table, per-interval deltas, one reason, or one raw leaf.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exitstat.h"

static struct stop_request stop;

static void on_signal(int sig)
{
	stop.sig = sig;
	stop.count++;
}

/* Ctrl-C and SIGTERM end a run that goes on by itself, cleanly. */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int fail(const struct xerr *e)
{
	fprintf(stderr, "exitstat: %s\n", e->msg);
	return EXIT_RUNTIME;
}

/* Like cpuid -l LEAF -s ECX: no interface needed, nothing interpreted. */
static int show_leaf(const struct env *env)
{
	struct leaf_record lr = { .leaf = env->leaf, .subleaf = env->subleaf };

	env->src.cpuid(lr.leaf, lr.subleaf, lr.regs);
	if (env->format == FORMAT_JSON)
		json_print_leaf(stdout, &lr);
	else if (env->format == FORMAT_CSV)
		csv_print_leaf(stdout, &lr);
	else
		table_print_leaf(stdout, &lr);
	return EXIT_OK;
}

static int open_source(const struct env *env, struct source *s)
{
	const struct source_ops *ops = NULL;
	struct xerr e;

	if (env->source)
		ops = source_find(env->source);
	else if (source_select(&env->src, &ops, &e))
		return fail(&e);
	if (source_open(s, ops, &env->src, &e))
		return fail(&e);
	return 0;
}

static int show_reason(const struct env *env, struct source *s)
{
	struct reason_record rr = {
		.vendor = s->vendor,
		.source = s->ops->name,
		.code = env->reason_code,
	};
	struct xerr e;
	int slot;

	if (env->reason_is_name) {
		slot = reasons_slot_by_name(s->vendor, env->reason);
		if (slot < 0) {
			fprintf(stderr, "exitstat: unknown reason name for %s numbering: %s\n",
				vendor_name(s->vendor), env->reason);
			return EXIT_USAGE;
		}
		rr.code = reasons_at(s->vendor, slot)->code;
	}
	slot = reasons_slot(s->vendor, rr.code);
	rr.name = slot >= 0 ? reasons_at(s->vendor, slot)->name : NULL;
	if (source_read_reason(s, rr.code, &rr.st, &rr.self_exits, &e))
		return fail(&e);
	if (env->format == FORMAT_JSON)
		json_print_reason(stdout, &rr);
	else if (env->format == FORMAT_CSV)
		csv_print_reason(stdout, &rr);
	else
		table_print_reason(stdout, &rr);
	return EXIT_OK;
}

static void emit(const struct env *env, const struct snapshot *snap,
		 int first)
{
	static struct report rep;

	report_build(&rep, snap, env->all, env->sort);
	switch (env->format) {
	case FORMAT_JSON:
		json_print(stdout, &rep);
		break;
	case FORMAT_CSV:
		csv_print(stdout, &rep, first);
		/* CSV rows have no place for it, and it must not go unsaid */
		if (snap->traced && snap->lost)
			fprintf(stderr, "exitstat: %" PRIu64 " events lost%s: counts are too low\n",
				snap->lost, snap->is_delta ? " in this interval" : "");
		break;
	default:
		if (!first)
			putchar('\n');
		table_print(stdout, &rep);
		fflush(stdout);
	}
}

static int show_cumulative(const struct env *env, struct source *s)
{
	static struct snapshot snap;
	struct xerr e;

	if (source_read(s, &snap, &e))
		return fail(&e);
	emit(env, &snap, 1);
	return EXIT_OK;
}

static void timespec_add_ns(struct timespec *t, uint64_t ns)
{
	ns += t->tv_nsec;
	t->tv_sec += ns / 1000000000;
	t->tv_nsec = ns % 1000000000;
}

static int timespec_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/*
 * Collecting is over (trace): the source takes in what is still in its
 * buffers.  A failed command is reported after the output (*failed).
 */
static int stop_source(struct source *s, int *failed, struct xerr *fe)
{
	struct xerr e;
	int err = source_stop(s, &e);

	if (err == -ECHILD) {
		*fe = e;
		*failed = 1;
		return 0;
	}
	return err ? fail(&e) : 0;
}

/*
 * Sources that collect events (trace) do it now: for -d SECONDS, while
 * the command runs or the -p process lives, or until Ctrl-C.
 */
static int collect(const struct env *env, struct source *s, int *failed,
		   struct xerr *fe)
{
	struct timespec end;
	struct xerr e;
	int rc;

	if (!s->ops->wait)
		return 0;
	catch_signals();
	if (env->duration_ns) {
		clock_gettime(CLOCK_MONOTONIC, &end);
		timespec_add_ns(&end, env->duration_ns);
	} else if (!env->src.command && !env->src.pid &&
		   env->format == FORMAT_TABLE) {
		printf("Tracing... Hit Ctrl-C to end.\n");
		fflush(stdout);
	}
	rc = source_wait(s, env->duration_ns ? &end : NULL, &stop, &e);
	if (rc < 0)
		return fail(&e);
	return stop_source(s, failed, fe);
}

/*
 * Deltas on a fixed beat (no drift from the time reads and prints take).
 * Ctrl-C ends without a partial interval; the end of -d, of the traced
 * command or process ends with one, so that no exit is left out.
 */
static int show_intervals(const struct env *env, struct source *s,
			  int *failed, struct xerr *fe)
{
	static struct snapshot prev, cur, delta;
	struct timespec next, end, *until;
	unsigned long n;
	struct xerr e;
	int rc, last = 0, err;

	catch_signals();
	if (source_read(s, &prev, &e))
		return fail(&e);
	if (env->format == FORMAT_TABLE && !env->count && !env->duration_ns &&
	    !env->src.command)
		printf("Reading every %.2f s... Hit Ctrl-C to end.\n",
		       env->interval_ns / 1e9);
	clock_gettime(CLOCK_MONOTONIC, &next);
	end = next;
	timespec_add_ns(&end, env->duration_ns);
	for (n = 0; !last && (!env->count || n < env->count); n++) {
		timespec_add_ns(&next, env->interval_ns);
		until = &next;
		if (env->duration_ns && !timespec_before(&next, &end)) {
			until = &end;
			last = 1;
		}
		rc = source_wait(s, until, &stop, &e);
		if (rc < 0)
			return fail(&e);
		if (rc == WAIT_STOPPED)
			break;
		if (rc == WAIT_ENDED)
			last = 1;
		if (last && (err = stop_source(s, failed, fe)))
			return err;
		if (source_read(s, &cur, &e))
			return fail(&e);
		snapshot_delta(&prev, &cur, &delta);
		emit(env, &delta, n == 0);
		prev = cur;
	}
	return last ? EXIT_OK : stop_source(s, failed, fe);
}

int run(const struct env *env)
{
	struct source s;
	struct xerr fe;
	int err, failed = 0;

	if (env->leaf_set)
		return show_leaf(env);
	err = open_source(env, &s);
	if (err)
		return err;
	if (env->interval_ns && !env->reason)
		err = show_intervals(env, &s, &failed, &fe);
	else
		err = collect(env, &s, &failed, &fe);
	if (!err && env->reason)
		err = show_reason(env, &s);
	else if (!err && !env->interval_ns)
		err = show_cumulative(env, &s);
	source_close(&s);
	if (!err && failed)
		err = fail(&fe);
	return err;
}
