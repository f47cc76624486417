// SPDX-License-Identifier: GPL-2.0
/* testvmm: command line, payload loading and the repeat loop. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm.h"

#define MEM_MIB_MAX	1024
#define TIMEOUT_MAX	86400
#define REPEAT_MAX	1000000

void vmm_err(const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", PROG, msg);
}

static void usage(FILE *out)
{
	fprintf(out,
"Usage: %s [OPTIONS] PAYLOAD.bin\n"
"Run a 16-bit real-mode payload on /dev/kvm with one thread per vCPU and\n"
"report what it sends on the port protocol (lab/vmm/ports.h).\n"
"\n"
"  -c, --vcpus N       number of vCPUs, 1..%u (default 1)\n"
"  -m, --mem MIB       guest memory in MiB, 1..%u (default 1)\n"
"  -a, --arg-a N       value of EDI at entry, 0..0xffffffff (default 0)\n"
"  -b, --arg-b N       value of EBX at entry, 0..0xffffffff (default 0)\n"
"  -I, --irqchip       create the in-kernel irqchip (LAPIC, needed for x2APIC)\n"
"  -t, --timeout S     limit for the whole run, all rounds and --hold included,\n"
"                      in seconds, 1..%u (default 60)\n"
"  -r, --repeat N      create, run and destroy the VM N times, 1..%u (default 1)\n"
"      --hold          after the vCPUs finish, print '@held PID' and keep the VM\n"
"                      (and its debugfs files) until SIGUSR1, SIGTERM or SIGINT\n"
"  -h, --help          show this help\n"
"\n"
"At entry: CS=DS=ES=0, IP=0x%x, ESI=vCPU index, EDI=arg A, EBX=arg B,\n"
"EBP=number of vCPUs; vCPU n has SS=0x%x+n*0x100, SP=0x%x.\n"
"\n"
"Output (stdout): '@pid PID' first; '@rec VCPU WORDS...' and\n"
"'@fail VCPU WORDS...' as payloads send them (words in hex); per round and\n"
"vCPU '@vcpu ID user_exits=N status=done|fail|timeout'; '@end ok|fail' last.\n"
"A vCPU without -I ends at its first HLT after CMD_DONE, with -I at CMD_DONE.\n"
"\n"
"Exit status: 0 ok, 1 guest failure or unexpected exit, 2 bad command line,\n"
"3 KVM setup error, 4 timeout.\n"
"\n"
"EXAMPLES\n"
"  %s -a 1000 build/lab/payloads/cpuid.bin\n"
"      1000 CPUID exits on one vCPU\n"
"  %s -I -c 2 -a 500 build/lab/payloads/wrmsr_fast.bin\n"
"      two vCPUs in x2APIC mode, 500 fastpath ICR writes each\n"
"  %s -a 0x40000001 -b 0 build/lab/payloads/cpuidq.bin\n"
"      print CPUID leaf 0x40000001 as seen by the guest\n"
"  %s --hold -c 4 -a 100 build/lab/payloads/mixed.bin & ...; kill -USR1 PID\n"
"      keep the VM alive to read its debugfs files\n",
		PROG, MAX_VCPUS, MEM_MIB_MAX, TIMEOUT_MAX, REPEAT_MAX,
		PAYLOAD_ADDR, STACK_BASE >> 4, STACK_TOP,
		PROG, PROG, PROG, PROG);
}

/* Parse an unsigned number (decimal or 0x hex) within [min, max]. */
static bool parse_num(const char *s, unsigned long long min,
		      unsigned long long max, unsigned long long *val)
{
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	*val = strtoull(s, &end, 0);
	return !errno && !*end && *val >= min && *val <= max;
}

static const struct option long_opts[] = {
	{ "vcpus",	required_argument,	NULL, 'c' },
	{ "mem",	required_argument,	NULL, 'm' },
	{ "arg-a",	required_argument,	NULL, 'a' },
	{ "arg-b",	required_argument,	NULL, 'b' },
	{ "irqchip",	no_argument,		NULL, 'I' },
	{ "timeout",	required_argument,	NULL, 't' },
	{ "repeat",	required_argument,	NULL, 'r' },
	{ "hold",	no_argument,		NULL, 'H' },
	{ "help",	no_argument,		NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The numeric options, their limits and how an error names them. */
static const struct num_opt {
	int opt;
	const char *what;
	unsigned long long min, max;
	const char *range;
} num_opts[] = {
	{ 'c', "vCPU count", 1, MAX_VCPUS, "1..64" },
	{ 'm', "memory size", 1, MEM_MIB_MAX, "1..1024 MiB" },
	{ 'a', "argument A", 0, UINT32_MAX, "0..4294967295, decimal or 0x hex" },
	{ 'b', "argument B", 0, UINT32_MAX, "0..4294967295, decimal or 0x hex" },
	{ 't', "timeout", 1, TIMEOUT_MAX, "1..86400 seconds" },
	{ 'r', "repeat count", 1, REPEAT_MAX, "1..1000000" },
};

static int parse_num_opt(struct vmm_opts *opts, const struct num_opt *n,
			 const char *arg)
{
	unsigned long long v;

	if (!parse_num(arg, n->min, n->max, &v)) {
		vmm_err("invalid %s: %s (%s)", n->what, arg, n->range);
		return EXIT_USAGE;
	}
	switch (n->opt) {
	case 'c':
		opts->nr_vcpus = v;
		break;
	case 'm':
		opts->mem_mib = v;
		break;
	case 'a':
		opts->arg_a = v;
		break;
	case 'b':
		opts->arg_b = v;
		break;
	case 't':
		opts->timeout_s = v;
		break;
	case 'r':
		opts->repeat = v;
		break;
	}
	return -1;
}

/* One option; returns -1 to go on, or an exit status. */
static int parse_opt(struct vmm_opts *opts, int c, const char *arg)
{
	size_t i;

	for (i = 0; i < sizeof(num_opts) / sizeof(num_opts[0]); i++)
		if (num_opts[i].opt == c)
			return parse_num_opt(opts, &num_opts[i], arg);

	switch (c) {
	case 'I':
		opts->irqchip = true;
		return -1;
	case 'H':
		opts->hold = true;
		return -1;
	case 'h':
		usage(stdout);
		return EXIT_OK;
	}
	fprintf(stderr, "Try '%s --help' for usage.\n", PROG);
	return EXIT_USAGE;
}

/* Returns -1 when the run should go ahead, else an exit status. */
static int parse_args(struct vmm_opts *opts, int argc, char **argv)
{
	int c, ret;

	opts->nr_vcpus = 1;
	opts->mem_mib = 1;
	opts->timeout_s = 60;
	opts->repeat = 1;
	while ((c = getopt_long(argc, argv, "c:m:a:b:It:r:h", long_opts,
				NULL)) != -1) {
		ret = parse_opt(opts, c, optarg);
		if (ret >= 0)
			return ret;
	}
	if (optind == argc) {
		vmm_err("no payload given; name a flat binary such as build/lab/payloads/cpuid.bin (see --help)");
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		vmm_err("only one payload may be given, but '%s' follows '%s'",
			argv[optind + 1], argv[optind]);
		return EXIT_USAGE;
	}
	opts->payload_path = argv[optind];
	return -1;
}

static int load_payload(struct vmm_opts *opts)
{
	const char *path = opts->payload_path;
	struct stat st;
	FILE *f;

	f = fopen(path, "rb");
	if (!f) {
		vmm_err("cannot open payload '%s': %s; build it with 'make lab-bins'",
			path, strerror(errno));
		return EXIT_USAGE;
	}
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		vmm_err("payload '%s' is not a regular file", path);
		goto close_file;
	}
	if (st.st_size == 0 || st.st_size > PAYLOAD_MAX_SIZE) {
		vmm_err("payload '%s' is %lld bytes; it must be 1..%d bytes to fit between 0x%x and the vCPU stacks at 0x%x",
			path, (long long)st.st_size, PAYLOAD_MAX_SIZE,
			PAYLOAD_ADDR, STACK_BASE);
		goto close_file;
	}
	opts->payload_size = st.st_size;
	opts->payload = malloc(opts->payload_size);
	if (!opts->payload ||
	    fread(opts->payload, 1, opts->payload_size, f) != opts->payload_size) {
		vmm_err("cannot read payload '%s'", path);
		goto free_payload;
	}
	fclose(f);
	return EXIT_OK;

free_payload:
	free(opts->payload);
close_file:
	fclose(f);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct vmm_opts opts = { 0 };
	struct timespec deadline;
	unsigned int round;
	sigset_t usr1;
	int kvm_fd, ret;

	/* Before any thread exists: a SIGUSR1 for --hold must not kill us. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);

	ret = parse_args(&opts, argc, argv);
	if (ret >= 0)
		return ret;
	ret = load_payload(&opts);
	if (ret)
		return ret;

	run_deadline(&deadline, opts.timeout_s);
	printf("@pid %d\n", (int)getpid());
	fflush(stdout);

	ret = kvm_open(&kvm_fd, &opts);
	for (round = 1; !ret && round <= opts.repeat; round++)
		ret = run_once(&opts, kvm_fd, round, &deadline);

	printf("@end %s\n", ret ? "fail" : "ok");
	fflush(stdout);
	/* On timeout vCPU threads are still in KVM_RUN; exit() ends them. */
	return ret;
}
