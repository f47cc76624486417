// SPDX-License-Identifier: GPL-2.0
/*
 * bench-holdperf: hold one perf event bound to this task until SIGTERM,
 * so that the kernel's perf_sched_events static key stays enabled.
 *
 * Why: every tracing session of the round-trip benchmark (exitstat -s
 * trace, perf kvm stat record) opens task-bound perf events, and the first
 * such event enables the key, the last one disables it (a second later).
 * Each change re-patches __schedule() with the int3 protocol of
 * text_poke_bp(), and QEMU's multi-threaded TCG, which runs the lab, does
 * not always make the other vCPU see that patching atomically: labs died
 * of "Oops: int3" in __schedule() (see also bench/hold/bench_hold.c). Held
 * from before the first configuration until the lab powers off, the event
 * makes the key change once. While it is held, a context switch also runs
 * perf's task hooks, in every configuration alike; the vCPU thread under
 * test rarely switches.
 *
 * Prints "held" once the event is open, then waits.
 */
#include <linux/perf_event.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	struct perf_event_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_DUMMY;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	/* this task, any CPU: a task-bound event */
	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0) {
		perror("bench-holdperf: perf_event_open");
		return 1;
	}
	printf("held\n");
	fflush(stdout);
	for (;;)
		pause();
}
