// SPDX-License-Identifier: GPL-2.0
/*
 * bench-record: what recording one VM exit costs, on the host.
 *
 * The per-exit update code is the kernel's own: kernel/x86/exit_stats.h,
 * compiled unchanged for userspace against the stand-in headers of
 * bench/shim/ (kvm_exit_stats_svm_slot(), kvm_exit_stats_begin() and
 * kvm_exit_stats_end() on a struct kvm_exit_stats_vcpu per vCPU thread).
 * It is compared with the course-style approach: global counter arrays
 * shared by all vCPUs, updated with atomic adds.
 *
 * Every simulated exit takes the next exit code of a fixed sequence that
 * has the reason mix of a real Linux guest boot (below), maps it to its
 * slot and records it; a compiler barrier between begin and end stands for
 * the exit handler in between (the kernel's begin and end are in different
 * functions, so nothing is kept in registers across them either). A
 * repeat times N exits with RDTSC around the whole loop; the result of a
 * variant is the median over the repeats of the cycles per exit (with two
 * threads: the mean of the two threads' values of a repeat, both starting
 * it together, pinned to CPUs 0 and 1). Repeats are short (20000 exits,
 * well under a scheduler time slice) and many (1000): on a machine that
 * other work shares, a repeat that lost its CPU for a while is an outlier
 * the median ignores, where one long timed loop would absorb it.
 *
 * Output: "result VARIANT THREADS MEDIAN P10 P90" lines (TSC cycles per
 * exit, over the repeats), "check VARIANT THREADS ok|FAIL what" lines (the
 * counters hold exactly the simulated exits), and "# " comments. Exit
 * status 1 if a check failed.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exit_stats.h"

bool kvm_exit_stats_enabled = true;

/*
 * The reason mix: the exits of one Linux guest boot (the lab's Debian
 * 6.12 kernel, busybox init, 1 vCPU, QEMU under the patched KVM with
 * nested paging), as the guest read them through CPUID at the end of its
 * boot: "reasons" of build/results/demo/boot-guest.json of a `make demo`
 * run (total_exits 41807). SVM exit codes.
 */
static const struct {
	u32 code;
	u32 count;
	const char *name;
} boot_mix[] = {
	{ 0x07b, 36291, "io" },
	{ 0x060, 1514, "interrupt" },
	{ 0x400, 1349, "npf" },
	{ 0x07c, 1108, "msr" },
	{ 0x072, 1096, "cpuid" },
	{ 0x064, 202, "vintr" },
	{ 0x065, 160, "cr0_sel_write" },
	{ 0x014, 60, "write_cr4" },
	{ 0x004, 11, "read_cr4" },
	{ 0x078, 4, "hlt" },
	{ 0x000, 3, "read_cr0" },
	{ 0x010, 3, "write_cr0" },
	{ 0x089, 2, "wbinvd" },
	{ 0x073, 1, "rsm" },
	{ 0x046, 1, "UD excp" },
	{ 0x037, 1, "write_dr7" },
	{ 0x020, 1, "read_dr0" },
};

#define NR_MIX		(sizeof(boot_mix) / sizeof(boot_mix[0]))
#define MAX_THREADS	2
#define MAX_REPEATS	100000

enum variant {
	V_LOOP,		/* the loop and the slot mapping alone */
	V_TSC,		/* plus the two TSC reads */
	V_PERVCPU,	/* exit_stats.h, counting on */
	V_PERVCPU_OFF,	/* exit_stats.h, exit_stats=0 */
	V_ATOMIC2,	/* course style: global per-reason count, cycles */
	V_ATOMIC4,	/* course style, plus global total exits, cycles */
	NR_VARIANTS
};

static const char *const variant_names[NR_VARIANTS] = {
	"loop", "tsc", "pervcpu", "pervcpu-off", "atomic2", "atomic4",
};

static u32 *seq;		/* exit codes, in the order they are simulated */
static u32 seq_len;
static unsigned long nr_exits = 20000;
static unsigned int nr_repeats = 1000;
static int nr_cpus;

/* Course style: shared by every thread, as the course kernels had them. */
static u64 course_count[KVM_EXIT_STATS_SLOTS];
static u64 course_cycles[KVM_EXIT_STATS_SLOTS];
static u64 course_total_exits;
static u64 course_total_cycles;

static volatile u64 tsc_sink;

struct worker {
	pthread_t thread;
	unsigned int id;
	enum variant v;
	struct kvm_exit_stats_vcpu *es;
	double *cycles;			/* per repeat */
};

static pthread_barrier_t start_line;

static u64 xorshift(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The boot's exit codes, shuffled with a fixed seed. */
static void make_sequence(void)
{
	u64 s = 0x9e3779b97f4a7c15ULL;
	u32 i, j, k = 0;

	for (i = 0; i < NR_MIX; i++)
		seq_len += boot_mix[i].count;
	seq = malloc(seq_len * sizeof(*seq));
	if (!seq) {
		perror("malloc");
		exit(1);
	}
	for (i = 0; i < NR_MIX; i++)
		for (j = 0; j < boot_mix[i].count; j++)
			seq[k++] = boot_mix[i].code;
	for (i = seq_len - 1; i > 0; i--) {
		u32 t;

		j = xorshift(&s) % (i + 1);
		t = seq[i];
		seq[i] = seq[j];
		seq[j] = t;
	}
}

static void pin(unsigned int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % nr_cpus, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/*
 * One repeat of a variant: N simulated exits. Written out per variant so
 * that each timed loop holds only its own code.
 */
static u64 run_once(struct worker *w)
{
	struct kvm_exit_stats_vcpu *es = w->es;
	unsigned long n = nr_exits;
	u32 j = 0;
	u64 t0, t1, start, cycles;
	u32 slot;

	t0 = rdtsc();
	switch (w->v) {
	case V_LOOP:
		while (n--) {
			slot = kvm_exit_stats_svm_slot(READ_ONCE(seq[j]));
			barrier();
			WRITE_ONCE(es->slot, slot);
			barrier();
			if (++j == seq_len)
				j = 0;
		}
		break;
	case V_TSC:
		while (n--) {
			slot = kvm_exit_stats_svm_slot(READ_ONCE(seq[j]));
			start = rdtsc();
			barrier();
			WRITE_ONCE(es->slot, slot);
			tsc_sink = rdtsc() - start;
			barrier();
			if (++j == seq_len)
				j = 0;
		}
		break;
	case V_PERVCPU:
	case V_PERVCPU_OFF:
		while (n--) {
			kvm_exit_stats_begin(es,
				kvm_exit_stats_svm_slot(READ_ONCE(seq[j])));
			barrier();
			kvm_exit_stats_end(es);
			barrier();
			if (++j == seq_len)
				j = 0;
		}
		break;
	case V_ATOMIC2:
		while (n--) {
			slot = kvm_exit_stats_svm_slot(READ_ONCE(seq[j]));
			start = rdtsc();
			barrier();
			cycles = rdtsc() - start;
			__atomic_fetch_add(&course_count[slot], 1, __ATOMIC_RELAXED);
			__atomic_fetch_add(&course_cycles[slot], cycles, __ATOMIC_RELAXED);
			barrier();
			if (++j == seq_len)
				j = 0;
		}
		break;
	case V_ATOMIC4:
		while (n--) {
			slot = kvm_exit_stats_svm_slot(READ_ONCE(seq[j]));
			start = rdtsc();
			barrier();
			cycles = rdtsc() - start;
			__atomic_fetch_add(&course_total_exits, 1, __ATOMIC_RELAXED);
			__atomic_fetch_add(&course_total_cycles, cycles, __ATOMIC_RELAXED);
			__atomic_fetch_add(&course_count[slot], 1, __ATOMIC_RELAXED);
			__atomic_fetch_add(&course_cycles[slot], cycles, __ATOMIC_RELAXED);
			barrier();
			if (++j == seq_len)
				j = 0;
		}
		break;
	case NR_VARIANTS:
		break;
	}
	t1 = rdtsc();
	return t1 - t0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned int r;

	pin(w->id);
	for (r = 0; r < nr_repeats; r++) {
		pthread_barrier_wait(&start_line);
		w->cycles[r] = (double)run_once(w) / nr_exits;
	}
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Exits of each slot among the first n of the sequence (repeated). */
static void expected_counts(u64 *want, unsigned long n)
{
	unsigned long i;
	u32 j = 0;

	memset(want, 0, KVM_EXIT_STATS_SLOTS * sizeof(*want));
	for (i = 0; i < n; i++) {
		want[kvm_exit_stats_svm_slot(seq[j])]++;
		if (++j == seq_len)
			j = 0;
	}
}

static int failures;

static void check(enum variant v, unsigned int threads, bool good,
		  const char *what)
{
	printf("check %s %u %s %s\n", variant_names[v], threads,
	       good ? "ok" : "FAIL", what);
	if (!good)
		failures++;
}

/* The counters hold exactly the simulated exits, per slot. */
static void check_counts(enum variant v, unsigned int threads,
			 struct worker *w)
{
	u64 want[KVM_EXIT_STATS_SLOTS];
	unsigned long per_thread = nr_exits * nr_repeats;
	bool good = true;
	unsigned int i, t;

	/* Every repeat starts the sequence again */
	expected_counts(want, nr_exits);
	for (i = 0; i < KVM_EXIT_STATS_SLOTS; i++)
		want[i] *= nr_repeats;
	for (i = 0; i < KVM_EXIT_STATS_SLOTS; i++) {
		u64 got = 0;

		switch (v) {
		case V_PERVCPU:
			for (t = 0; t < threads; t++) {
				/* Each vCPU: its own exits, exactly. */
				if (w[t].es->s[i].count != want[i])
					good = false;
				if (w[t].es->s[i].count &&
				    (w[t].es->s[i].min > w[t].es->s[i].max ||
				     w[t].es->s[i].cycles < w[t].es->s[i].count * w[t].es->s[i].min))
					good = false;
			}
			break;
		case V_PERVCPU_OFF:
			for (t = 0; t < threads; t++)
				got += w[t].es->s[i].count;
			if (got)
				good = false;
			break;
		case V_ATOMIC2:
		case V_ATOMIC4:
			got = course_count[i];
			if (got != want[i] * threads)
				good = false;
			break;
		default:
			return;
		}
	}
	if (v == V_ATOMIC4 &&
	    course_total_exits != (u64)per_thread * threads)
		good = false;
	check(v, threads, good,
	      v == V_PERVCPU_OFF ? "counting off: no exit counted" :
	      v == V_PERVCPU ? "every vCPU counted exactly its exits, per reason" :
	      "the shared counters hold every thread's exits, per reason");
}

static double pct(const double *sorted, unsigned int n, double p)
{
	double pos = p * (n - 1);
	unsigned int lo = pos;

	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]);
}

static void run_variant(enum variant v, unsigned int threads)
{
	struct worker w[MAX_THREADS];
	double *all;
	unsigned int r, t;

	memset(w, 0, sizeof(w));
	memset(course_count, 0, sizeof(course_count));
	memset(course_cycles, 0, sizeof(course_cycles));
	course_total_exits = 0;
	course_total_cycles = 0;
	kvm_exit_stats_enabled = v != V_PERVCPU_OFF;
	pthread_barrier_init(&start_line, NULL, threads);
	for (t = 0; t < threads; t++) {
		/* Separately allocated, as the vendor's vCPU structures are */
		w[t].es = aligned_alloc(64, (sizeof(*w[t].es) + 63) & ~63UL);
		if (!w[t].es) {
			perror("aligned_alloc");
			exit(1);
		}
		memset(w[t].es, 0, sizeof(*w[t].es));
		w[t].cycles = calloc(nr_repeats, sizeof(double));
		if (!w[t].cycles) {
			perror("calloc");
			exit(1);
		}
		w[t].id = t;
		w[t].v = v;
		if (pthread_create(&w[t].thread, NULL, worker_main, &w[t])) {
			perror("pthread_create");
			exit(1);
		}
	}
	for (t = 0; t < threads; t++)
		pthread_join(w[t].thread, NULL);
	pthread_barrier_destroy(&start_line);

	all = calloc(nr_repeats, sizeof(double));
	if (!all) {
		perror("calloc");
		exit(1);
	}
	for (r = 0; r < nr_repeats; r++) {
		double sum = 0;

		for (t = 0; t < threads; t++)
			sum += w[t].cycles[r];
		all[r] = sum / threads;
	}
	qsort(all, nr_repeats, sizeof(all[0]), cmp_double);
	printf("result %s %u %.1f %.1f %.1f\n", variant_names[v], threads,
	       pct(all, nr_repeats, 0.5), pct(all, nr_repeats, 0.1),
	       pct(all, nr_repeats, 0.9));
	check_counts(v, threads, w);
	fflush(stdout);
	for (t = 0; t < threads; t++) {
		free(w[t].es);
		free(w[t].cycles);
	}
	free(all);
}

static void usage(FILE *out)
{
	fprintf(out,
"Usage: bench-record [-n EXITS] [-r REPEATS]\n"
"Time the kernel's per-exit recording code (kernel/x86/exit_stats.h) and\n"
"course-style global atomic counters, with 1 and 2 threads.\n"
"  -n EXITS    simulated exits per repeat and thread (default 20000)\n"
"  -r REPEATS  repeats, 1..%u (default 1000); the median is reported\n",
		MAX_REPEATS);
}

int main(int argc, char **argv)
{
	unsigned int threads;
	int c, v;

	while ((c = getopt(argc, argv, "n:r:h")) != -1) {
		switch (c) {
		case 'n':
			nr_exits = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			nr_repeats = strtoul(optarg, NULL, 0);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || !nr_exits || !nr_repeats ||
	    nr_repeats > MAX_REPEATS) {
		usage(stderr);
		return 2;
	}
	nr_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (nr_cpus < 1)
		nr_cpus = 1;
	make_sequence();

	printf("# record path: %lu simulated exits per repeat and thread, %u repeats, %d CPUs online\n",
	       nr_exits, nr_repeats, nr_cpus);
	printf("# reason mix: %u exits of %zu reasons (a Linux guest boot), io %.1f%%\n",
	       seq_len, NR_MIX, 100.0 * boot_mix[0].count / seq_len);
	printf("sizeof struct_kvm_exit_stats_vcpu %zu\n",
	       sizeof(struct kvm_exit_stats_vcpu));
	for (threads = 1; threads <= MAX_THREADS; threads++)
		for (v = 0; v < NR_VARIANTS; v++)
			run_variant(v, threads);
	free(seq);
	return failures ? 1 : 0;
}
