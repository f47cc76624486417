// SPDX-License-Identifier: GPL-2.0
/*
 * trace_events.c: kvm:kvm_exit and kvm:kvm_entry opened with
 * perf_event_open on every online CPU, for all tasks or for one command
 * and its descendants.  Per CPU, kvm_exit owns the ring buffer and
 * kvm_entry writes into it too (PERF_EVENT_IOC_SET_OUTPUT), so the records
 * of one CPU come in the order they were written.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "trace.h"

/* "0-3,8,10-11": the CPUs that can run a vCPU now */
static int online_cpus(struct trace_events *ev, struct xerr *e)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	char buf[4096], *s, *tok;
	unsigned int a, b, c;

	if (n < 1)
		n = 1;
	ev->cpus = calloc(n, sizeof(*ev->cpus));
	if (!ev->cpus) {
		if (f)
			fclose(f);
		return xerr_set(e, -ENOMEM, "out of memory");
	}
	if (!f || !fgets(buf, sizeof(buf), f))
		snprintf(buf, sizeof(buf), "0-%ld", n - 1);
	if (f)
		fclose(f);
	for (tok = strtok_r(buf, ",\n", &s); tok; tok = strtok_r(NULL, ",\n", &s)) {
		int k = sscanf(tok, "%u-%u", &a, &b);

		if (k < 1)
			continue;
		if (k == 1)
			b = a;
		for (c = a; c <= b && (long)ev->nr_cpus < n; c++)
			ev->cpus[ev->nr_cpus++] = c;
	}
	return ev->nr_cpus ? 0 : xerr_set(e, -ENODEV, "no online CPU found");
}

static int perf_open(struct perf_event_attr *a, pid_t pid, int cpu)
{
	return syscall(SYS_perf_event_open, a, pid, cpu, -1,
		       PERF_FLAG_FD_CLOEXEC);
}

static void set_attr(struct perf_event_attr *a, unsigned int id, int task,
		     const struct trace_events *ev, pid_t pid, size_t data_size)
{
	memset(a, 0, sizeof(*a));
	a->type = PERF_TYPE_TRACEPOINT;
	a->size = sizeof(*a);
	a->config = id;
	a->sample_period = 1;
	a->sample_type = TRACE_SAMPLE_TYPE;
	a->disabled = 1;
	a->sample_id_all = 1;		/* LOST and EXIT records carry a time */
	/* Records comparable across CPUs and with our clock_gettime() */
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	a->watermark = 1;
	a->wakeup_watermark = data_size / 2;
	a->task = task;			/* PERF_RECORD_EXIT: a thread ended */
	/*
	 * The kernel writes PERF_RECORD_LOST only with the next record
	 * that fits: a loss at the end of a run would never be told.  read()
	 * gives the count at any time (children's drops included: they are
	 * accounted to the parent event).
	 */
	if (ev->lost_format)
		a->read_format = PERF_FORMAT_LOST;
	if (pid > 0) {
		/* Exactly the command: its threads and children, from exec */
		a->inherit = 1;
		a->enable_on_exec = 1;
	}
}

static int paranoid(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int v = INT_MIN;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = INT_MIN;
		fclose(f);
	}
	return v;
}

static int explain_open(const char *event, unsigned int id, int cpu, int err,
			struct xerr *e)
{
	int lvl = paranoid();
	char why[64] = "";

	if (lvl != INT_MIN)
		snprintf(why, sizeof(why), " (kernel.perf_event_paranoid = %d)",
			 lvl);
	switch (err) {
	case EACCES:
	case EPERM:
		return xerr_set(e, -err,
				"no permission to trace kvm:%s with perf_event_open%s: run exitstat as root, or give it CAP_PERFMON and allow raw tracepoints: sysctl -w kernel.perf_event_paranoid=-1",
				event, why);
	case ENOENT:
	case EINVAL:
		return xerr_set(e, -err,
				"perf_event_open of kvm:%s (tracepoint ID %u) on CPU %d: %s; is the tracefs the one of this kernel, and is it built with CONFIG_PERF_EVENTS?",
				event, id, cpu, strerror(err));
	case EMFILE:
		return xerr_set(e, -err,
				"too many open files: exitstat needs 2 per CPU; raise the limit (ulimit -n)");
	}
	return xerr_set(e, -err, "perf_event_open of kvm:%s on CPU %d: %s",
			event, cpu, strerror(err));
}

static int map_ring(struct trace_events *ev, unsigned int i, size_t pages,
		    struct xerr *e)
{
	size_t psz = sysconf(_SC_PAGESIZE);
	void *m;

	ev->map_len = (pages + 1) * psz;
	m = mmap(NULL, ev->map_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		 ev->exit_fd[i], 0);
	if (m == MAP_FAILED) {
		int err = errno;

		if (err == EPERM || err == ENOMEM)
			return xerr_set(e, -err,
					"cannot map the %zu KiB ring buffer of CPU %d: over the locked-memory limit; run as root, raise kernel.perf_event_mlock_kb, or use fewer --buffer-pages",
					ev->map_len / 1024, ev->cpus[i]);
		return xerr_set(e, -err, "mmap of the ring buffer of CPU %d: %s",
				ev->cpus[i], strerror(err));
	}
	ev->maps[i] = m;
	return trace_ring_init(&ev->rings[i], m, psz, pages);
}

static int alloc_cpus(struct trace_events *ev, struct xerr *e)
{
	unsigned int i, n = ev->nr_cpus;

	ev->exit_fd = calloc(n, sizeof(int));
	ev->entry_fd = calloc(n, sizeof(int));
	ev->maps = calloc(n, sizeof(void *));
	ev->rings = calloc(n, sizeof(*ev->rings));
	ev->pfd = calloc(n + 1, sizeof(*ev->pfd));
	if (!ev->exit_fd || !ev->entry_fd || !ev->maps || !ev->rings || !ev->pfd)
		return xerr_set(e, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		ev->exit_fd[i] = ev->entry_fd[i] = -1;
	return 0;
}

static int open_cpu(struct trace_events *ev, const struct trace_layout *l,
		    unsigned int i, pid_t pid, size_t pages, struct xerr *e)
{
	size_t data_size = pages * sysconf(_SC_PAGESIZE);
	struct perf_event_attr a;
	int cpu = ev->cpus[i], err;

	set_attr(&a, l->exit_id, 1, ev, pid, data_size);
	ev->exit_fd[i] = perf_open(&a, pid, cpu);
	if (ev->exit_fd[i] < 0 && !i && errno == EINVAL && ev->lost_format) {
		ev->lost_format = 0;	/* before Linux 6.0: LOST records only */
		set_attr(&a, l->exit_id, 1, ev, pid, data_size);
		ev->exit_fd[i] = perf_open(&a, pid, cpu);
	}
	if (ev->exit_fd[i] < 0)
		return explain_open("kvm_exit", l->exit_id, cpu, errno, e);
	set_attr(&a, l->entry_id, 0, ev, pid, data_size);
	ev->entry_fd[i] = perf_open(&a, pid, cpu);
	if (ev->entry_fd[i] < 0)
		return explain_open("kvm_entry", l->entry_id, cpu, errno, e);
	err = map_ring(ev, i, pages, e);
	if (err)
		return err;
	if (ioctl(ev->entry_fd[i], PERF_EVENT_IOC_SET_OUTPUT, ev->exit_fd[i]))
		return xerr_set(e, -errno,
				"cannot share the ring buffer of CPU %d: %s",
				cpu, strerror(errno));
	ev->pfd[i].fd = ev->exit_fd[i];
	ev->pfd[i].events = POLLIN;
	return 0;
}

int trace_events_open(struct trace_events *ev, const struct trace_layout *l,
		      pid_t pid, size_t pages, struct xerr *e)
{
	unsigned int i;
	int err;

	memset(ev, 0, sizeof(*ev));
	ev->lost_format = 1;
	err = online_cpus(ev, e);
	if (!err)
		err = alloc_cpus(ev, e);
	for (i = 0; !err && i < ev->nr_cpus; i++)
		err = open_cpu(ev, l, i, pid, pages, e);
	ev->nr_pfd = ev->nr_cpus;
	return err;
}

void trace_events_enable(struct trace_events *ev, int on)
{
	unsigned long req = on ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE;
	unsigned int i;

	for (i = 0; i < ev->nr_cpus; i++) {
		if (ev->exit_fd[i] >= 0)
			ioctl(ev->exit_fd[i], req, 0);
		if (ev->entry_fd[i] >= 0)
			ioctl(ev->entry_fd[i], req, 0);
	}
}

int trace_events_drain(struct trace_events *ev, const struct trace_layout *l,
		       struct trace_queue *q)
{
	unsigned int i;

	for (i = 0; i < ev->nr_cpus; i++)
		if (trace_ring_drain(&ev->rings[i], l, q, &ev->malformed))
			return -ENOMEM;
	return 0;
}

/* Samples the kernel dropped, by its own count: read() = { value, lost } */
int trace_events_lost(struct trace_events *ev, uint64_t *lost)
{
	uint64_t v[2];
	unsigned int i;

	if (!ev->lost_format)
		return -1;
	*lost = 0;
	for (i = 0; i < ev->nr_cpus; i++) {
		if (read(ev->exit_fd[i], v, sizeof(v)) == sizeof(v))
			*lost += v[1];
		if (read(ev->entry_fd[i], v, sizeof(v)) == sizeof(v))
			*lost += v[1];
	}
	return 0;
}

/* A per-task ring hangs up when its task is gone: stop polling it */
void trace_events_hangups(struct trace_events *ev)
{
	unsigned int i;

	for (i = 0; i < ev->nr_cpus; i++)
		if (ev->pfd[i].revents & (POLLHUP | POLLERR))
			ev->pfd[i].fd = -1;
}

void trace_events_close(struct trace_events *ev)
{
	unsigned int i;

	for (i = 0; i < ev->nr_cpus && ev->exit_fd; i++) {
		if (ev->maps[i])
			munmap(ev->maps[i], ev->map_len);
		trace_ring_fini(&ev->rings[i]);
		if (ev->entry_fd[i] >= 0)
			close(ev->entry_fd[i]);
		if (ev->exit_fd[i] >= 0)
			close(ev->exit_fd[i]);
	}
	free(ev->cpus);
	free(ev->exit_fd);
	free(ev->entry_fd);
	free(ev->maps);
	free(ev->rings);
	free(ev->pfd);
	memset(ev, 0, sizeof(*ev));
}
