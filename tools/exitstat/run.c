// SPDX-License-Identifier: GPL-2.0
/*
 * run.c: what exitstat does once the command line is understood: one
 * cumulative table, per-interval deltas, one reason, or one raw leaf.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exitstat.h"

static volatile sig_atomic_t exiting;

static void on_signal(int sig)
{
	(void)sig;
	exiting = 1;
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

/* Sleep until @deadline; 0 when it came, -1 when asked to stop. */
static int wait_until(const struct timespec *deadline)
{
	while (!exiting) {
		int err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					  deadline, NULL);

		if (!err)
			return 0;
		if (err != EINTR)
			return -1;
	}
	return -1;
}

/* Deltas on a fixed beat (no drift from the time reads and prints take). */
static int show_intervals(const struct env *env, struct source *s)
{
	static struct snapshot prev, cur, delta;
	struct sigaction sa = { .sa_handler = on_signal };
	struct timespec next;
	unsigned long n;
	struct xerr e;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (source_read(s, &prev, &e))
		return fail(&e);
	if (env->format == FORMAT_TABLE && !env->count)
		printf("Reading every %.2f s... Hit Ctrl-C to end.\n",
		       env->interval_ns / 1e9);
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (n = 0; !env->count || n < env->count; n++) {
		timespec_add_ns(&next, env->interval_ns);
		if (wait_until(&next))
			break;
		if (source_read(s, &cur, &e))
			return fail(&e);
		snapshot_delta(&prev, &cur, &delta);
		emit(env, &delta, n == 0);
		prev = cur;
	}
	return EXIT_OK;
}

int run(const struct env *env)
{
	struct source s;
	int err;

	if (env->leaf_set)
		return show_leaf(env);
	err = open_source(env, &s);
	if (err)
		return err;
	if (env->reason)
		err = show_reason(env, &s);
	else if (env->interval_ns)
		err = show_intervals(env, &s);
	else
		err = show_cumulative(env, &s);
	source_close(&s);
	return err;
}
