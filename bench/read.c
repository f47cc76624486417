// SPDX-License-Identifier: GPL-2.0
/*
 * bench-read: what reading the exit table from inside a guest costs.
 * Runs in the Linux guest that the lab boots under the patched KVM
 * (bench/l2-init), with one vCPU:
 *
 *   bench-read EXITSTAT RUNS
 *
 * RUNS times, alternately:
 *   - EXITSTAT --json: a full table through the CPUID leaves. Around it,
 *     the guest's own CPUID exit count (leaf 0x4ffffff1, ECX = the
 *     vendor's CPUID reason) is read, so that the CPUID exits of the read
 *     are counted by KVM itself, besides what exitstat says ("self_exits");
 *   - EXITSTAT --leaf 0x4ffffff0: starting the program and one CPUID, the
 *     baseline of the wall time and of the CPUID exits that any run of
 *     the program causes (the C library's start-up executes CPUID too).
 * Prints per run
 *   read WALL_US SELF_EXITS CPUID_EXITS ROWS
 *   base WALL_US CPUID_EXITS
 * (wall time by CLOCK_MONOTONIC from fork to exit, in microseconds;
 * CPUID_EXITS as KVM counted them; ROWS: the reasons with exits in the
 * table), and "vendor svm|vmx" first.
 * Exit status 1 if exitstat failed or the interface is absent.
 */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <asm/kvm_exit_stats.h>

#define SVM_EXIT_CPUID		0x072
#define VMX_EXIT_CPUID		10
#define OUT_MAX			(1 << 20)

static char out[OUT_MAX];

static uint64_t leaf64(uint32_t leaf, uint32_t ecx, uint32_t *eax)
{
	uint32_t a, b, c = ecx, d;

	__cpuid_count(leaf, ecx, a, b, c, d);
	if (eax)
		*eax = a;
	(void)d;
	return KVM_EXIT_STATS_U64(b, c);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Run argv with stdout into out[]; returns its exit status or -1 */
static int run(char *const argv[], size_t *len)
{
	int fd[2], status;
	ssize_t n;
	pid_t pid;

	*len = 0;
	if (pipe(fd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], out + *len, OUT_MAX - 1 - *len)) > 0)
		*len += n;
	out[*len] = 0;
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static long json_number(const char *key)
{
	const char *p = strstr(out, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static unsigned int count_of(const char *s)
{
	unsigned int n = 0;
	const char *p = out;

	while ((p = strstr(p, s))) {
		n++;
		p += strlen(s);
	}
	return n;
}

int main(int argc, char **argv)
{
	uint32_t a, b, c, d, reason;
	int i, runs;
	size_t len;

	runs = argc == 3 ? atoi(argv[2]) : 0;
	if (runs < 1) {
		fprintf(stderr, "usage: bench-read EXITSTAT RUNS\n");
		return 2;
	}
	__cpuid_count(KVM_EXIT_STATS_LEAF_INFO, 0, a, b, c, d);
	if (b != KVM_EXIT_STATS_SIGNATURE_EBX || c != KVM_EXIT_STATS_SIGNATURE_ECX) {
		fprintf(stderr, "bench-read: no exit statistics interface (leaf 0x%x)\n",
			KVM_EXIT_STATS_LEAF_INFO);
		return 1;
	}
	/* Bit 8 of the info leaf's EAX: SVM numbering (docs/exitstat.md) */
	reason = a & 0x100 ? SVM_EXIT_CPUID : VMX_EXIT_CPUID;
	printf("vendor %s\n", a & 0x100 ? "svm" : "vmx");
	(void)d;

	for (i = 0; i < runs; i++) {
		char *read_argv[] = { argv[1], "--json", NULL };
		char *base_argv[] = { argv[1], "--leaf", "0x4ffffff0", NULL };
		uint64_t c0, c1, t0, t1;
		uint32_t st;
		int rc;

		c0 = leaf64(KVM_EXIT_STATS_LEAF_REASON_COUNT, reason, &st);
		t0 = now_us();
		rc = run(read_argv, &len);
		t1 = now_us();
		c1 = leaf64(KVM_EXIT_STATS_LEAF_REASON_COUNT, reason, &st);
		if (rc) {
			fprintf(stderr, "bench-read: %s --json exited with %d\n",
				argv[1], rc);
			return 1;
		}
		/* c1 - c0 includes the exit of the first count query itself */
		printf("read %llu %ld %llu %u\n", (unsigned long long)(t1 - t0),
		       json_number("\"self_exits\":"),
		       (unsigned long long)(c1 - c0 - 1),
		       count_of("\"reason\":"));

		c0 = leaf64(KVM_EXIT_STATS_LEAF_REASON_COUNT, reason, &st);
		t0 = now_us();
		rc = run(base_argv, &len);
		t1 = now_us();
		c1 = leaf64(KVM_EXIT_STATS_LEAF_REASON_COUNT, reason, &st);
		if (rc) {
			fprintf(stderr, "bench-read: %s --leaf exited with %d\n",
				argv[1], rc);
			return 1;
		}
		printf("base %llu %llu\n", (unsigned long long)(t1 - t0),
		       (unsigned long long)(c1 - c0 - 1));
		fflush(stdout);
	}
	return 0;
}
