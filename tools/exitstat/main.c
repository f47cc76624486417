// SPDX-License-Identifier: GPL-2.0
/*
 * exitstat: show the VM exits of KVM guests per exit reason, with the
 * cycles KVM spent handling them.  This file is the command line: every
 * option is parsed and checked here, so that a bad invocation fails with
 * exit code 2 before anything is read.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/kvm_exit_stats.h>

#include "debugfs.h"
#include "exitstat.h"

#define PID_MAX			4194304		/* PID_MAX_LIMIT on 64-bit */
#define VCPU_MAX		4095		/* KVM_MAX_VCPUS - 1 on x86 */
#define INTERVAL_MAX_S		86400.0
#define INTERVAL_MIN_S		0.01
#define LATENCY_MAX_NS		1000000000000ull	/* 1000 s */
#define BUFFER_PAGES_MAX	65536
#define REASON_HINT \
	"a reason is a number up to 0xffffffff (or -1), or a name like CPUID"

static const char usage_text[] =
"Usage: exitstat [OPTIONS]\n"
"       exitstat -s trace [OPTIONS] [-- COMMAND [ARGS...]]\n"
"Show the VM exits of KVM guests per exit reason: count, share, and the\n"
"host cycles KVM spent handling them (total, avg, min, max).\n"
"\n"
"Sources:\n"
"  -s, --source NAME    cpuid (inside a guest), debugfs (on the host, patched\n"
"                       KVM) or trace (on the host, any KVM: the kvm_exit and\n"
"                       kvm_entry tracepoints); default: cpuid or debugfs,\n"
"                       the first this machine offers\n"
"  -p, --pid PID        debugfs, trace: the VMs of process PID (debugfs sums\n"
"                       several; trace runs until PID ends)\n"
"      --vm PID-FD      debugfs: one VM (a directory of /sys/kernel/debug/kvm)\n"
"      --vcpu N         one vCPU: debugfs of the VM given by -p or --vm;\n"
"                       trace: vcpu_id N (of -p, of the command, or of all VMs)\n"
"      --debugfs DIR    the kvm directory of debugfs [/sys/kernel/debug/kvm]\n"
"\n"
"Trace source (latency: kvm_exit to the next kvm_entry of the vCPU thread):\n"
"  -- COMMAND ARGS      trace exactly COMMAND, from its exec until it ends\n"
"  -d, --duration SECS  trace for SECS seconds (else until Ctrl-C, the end of\n"
"                       COMMAND or of the -p process); with -i: stop then\n"
"      --min-latency NS count only exits that took at least NS nanoseconds\n"
"      --unit UNIT      ns (default) or cycles (TSC, from the kernel's factor)\n"
"      --buffer-pages N ring buffer pages per CPU, a power of 2 [128]\n"
"      --tracefs DIR    tracefs [/sys/kernel/tracing]\n"
"\n"
"Table:\n"
"  -k, --sort KEY       count (default), time or reason\n"
"  -a, --all            every defined reason, also those without exits\n"
"  -i, --interval SECS  print the exits of each interval, with exits/s\n"
"  -n, --count N        stop after N intervals (default -i 1)\n"
"  -j, --json           JSON, one object per line\n"
"      --csv            CSV with a header line\n"
"\n"
"Single values:\n"
"      --reason N       the full record of one exit reason (number or name)\n"
"      --leaf LEAF      print the registers of one CPUID leaf\n"
"      --ecx N          ECX input of --leaf (default 0)\n"
"\n"
"  -h, --help           this help\n"
"  -V, --version        version and ABI version\n"
"\n"
"Exit status: 0 ok, 1 nothing to read, a read failed or COMMAND failed,\n"
"2 bad command line.\n"
"\n"
"EXAMPLES:\n"
"    exitstat                      # all exits so far, most frequent first\n"
"    exitstat -k time              # sorted by the cycles spent\n"
"    exitstat -i 1 -n 10           # exits per second, ten times\n"
"    exitstat --all                # every reason, including zero counts\n"
"    exitstat --reason 0x072       # one reason (here SVM CPUID) in full\n"
"    exitstat --leaf 0x4ffffffd --ecx 12   # raw registers, like cpuid -l -s\n"
"    exitstat --json | jq .total_exits\n"
"    sudo exitstat -s debugfs -p $(pidof qemu-system-x86_64)   # host, one VM\n"
"    sudo exitstat --vm 4321-12 --vcpu 0    # host, one vCPU of one VM\n"
"    sudo exitstat -s trace -d 10           # stock KVM: all VMs, 10 seconds\n"
"    sudo exitstat -s trace -p 4321 -i 1    # stock KVM: one VMM, per second\n"
"    sudo exitstat -s trace --min-latency 100000 -- qemu-system-x86_64 ...\n";

static void usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
static void bad_value(const char *what, const char *arg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

static void try_help(void) __attribute__((noreturn));

static void try_help(void)
{
	fprintf(stderr, "Try 'exitstat --help' for more information.\n");
	exit(EXIT_USAGE);
}

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "exitstat: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	try_help();
}

/* "exitstat: invalid WHAT: ARG", then what a valid value looks like */
static void bad_value(const char *what, const char *arg, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "exitstat: %s: %s\nexitstat: ", what, arg);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	try_help();
}

/* A whole decimal number in [min, max]; anything else is refused. */
static int parse_long(const char *s, long min, long max, long *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtol(s, &end, 10);
	return errno || *end || *v < min || *v > max ? -1 : 0;
}

/* A 32-bit number, decimal or 0x hex (a leading 0 is not octal). */
static int parse_u32(const char *s, uint32_t *v)
{
	int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	unsigned long long n;
	char *end;

	if (hex)
		s += 2;
	if (!isxdigit((unsigned char)*s) || (!hex && !isdigit((unsigned char)*s)))
		return -1;
	errno = 0;
	n = strtoull(s, &end, hex ? 16 : 10);
	if (errno || *end || n > UINT32_MAX)
		return -1;
	*v = n;
	return 0;
}

/* Seconds, decimals allowed, in [INTERVAL_MIN_S, INTERVAL_MAX_S] */
static uint64_t parse_seconds(const char *s, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!isdigit((unsigned char)*s) || errno || *end || !isfinite(v) ||
	    v < INTERVAL_MIN_S || v > INTERVAL_MAX_S) {
		char msg[32];

		snprintf(msg, sizeof(msg), "invalid %s", what);
		bad_value(msg, s, "a%s %s is %g to %g seconds",
			  *what == 'i' ? "n" : "", what, INTERVAL_MIN_S,
			  INTERVAL_MAX_S);
	}
	return (uint64_t)(v * 1e9 + 0.5);
}

static uint64_t parse_u64_max(const char *s, uint64_t max)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return UINT64_MAX;
	errno = 0;
	v = strtoull(s, &end, 10);
	return errno || *end || v > max ? UINT64_MAX : v;
}

/* "PID-FD", the name KVM gives a VM's debugfs directory. */
static void parse_vm(const char *s)
{
	const char *dash = strchr(s, '-');
	long v;
	char pid[16];

	if (!dash || (size_t)(dash - s) >= sizeof(pid))
		goto bad;
	memcpy(pid, s, dash - s);
	pid[dash - s] = '\0';
	if (parse_long(pid, 1, PID_MAX, &v) ||
	    parse_long(dash + 1, 0, INT32_MAX, &v))
		goto bad;
	return;
bad:
	bad_value("invalid VM", s,
		  "a VM is PID-FD, a directory name of %s, e.g. 4321-12",
		  DEBUGFS_KVM_DIR);
}

/* A number (-1 is SVM's VMEXIT_INVALID) or a name, resolved once the
 * source says which vendor's numbering applies. */
static void parse_reason(struct env *env, const char *s)
{
	env->reason = s;
	if (!strcmp(s, "-1")) {
		env->reason_code = UINT32_MAX;
		return;
	}
	if (isdigit((unsigned char)*s)) {
		if (parse_u32(s, &env->reason_code))
			bad_value("invalid reason", s, REASON_HINT);
		return;
	}
	if (!isalpha((unsigned char)*s))
		bad_value("invalid reason", s, REASON_HINT);
	env->reason_is_name = 1;
}

enum {
	OPT_VM = 256,
	OPT_VCPU,
	OPT_DEBUGFS,
	OPT_CSV,
	OPT_REASON,
	OPT_LEAF,
	OPT_ECX,
	OPT_MIN_LATENCY,
	OPT_UNIT,
	OPT_BUFFER_PAGES,
	OPT_TRACEFS,
};

static const struct option long_opts[] = {
	{ "source",	required_argument, NULL, 's' },
	{ "pid",	required_argument, NULL, 'p' },
	{ "vm",		required_argument, NULL, OPT_VM },
	{ "vcpu",	required_argument, NULL, OPT_VCPU },
	{ "debugfs",	required_argument, NULL, OPT_DEBUGFS },
	{ "sort",	required_argument, NULL, 'k' },
	{ "all",	no_argument,	   NULL, 'a' },
	{ "interval",	required_argument, NULL, 'i' },
	{ "count",	required_argument, NULL, 'n' },
	{ "json",	no_argument,	   NULL, 'j' },
	{ "csv",	no_argument,	   NULL, OPT_CSV },
	{ "reason",	required_argument, NULL, OPT_REASON },
	{ "leaf",	required_argument, NULL, OPT_LEAF },
	{ "ecx",	required_argument, NULL, OPT_ECX },
	{ "subleaf",	required_argument, NULL, OPT_ECX },
	{ "duration",	required_argument, NULL, 'd' },
	{ "min-latency", required_argument, NULL, OPT_MIN_LATENCY },
	{ "unit",	required_argument, NULL, OPT_UNIT },
	{ "buffer-pages", required_argument, NULL, OPT_BUFFER_PAGES },
	{ "tracefs",	required_argument, NULL, OPT_TRACEFS },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "version",	no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* '+': stop at the first non-option, so that "-- COMMAND -x" stays whole */
static const char short_opts[] = "+:s:p:k:ai:n:d:jhV";

struct seen {
	int json, csv, ecx, interval, count, debugfs, sort;
	int vm, trace;	/* --vm; an option only the trace source takes */
};

static void parse_sort(struct env *env, const char *s)
{
	if (!strcmp(s, "count"))
		env->sort = SORT_COUNT;
	else if (!strcmp(s, "time"))
		env->sort = SORT_TIME;
	else if (!strcmp(s, "reason"))
		env->sort = SORT_REASON;
	else
		bad_value("unknown sort key", s,
			  "the sort keys are count, time and reason");
}

static void parse_one(struct env *env, struct seen *seen, int c,
		      const char *arg)
{
	long v;

	switch (c) {
	case 's':
		if (!source_find(arg))
			bad_value("unknown source", arg,
				  "the sources are %s", source_names());
		env->source = arg;
		break;
	case 'p':
		if (parse_long(arg, 1, PID_MAX, &v))
			bad_value("invalid PID", arg,
				  "a PID is 1 to %d", PID_MAX);
		env->src.pid = v;
		break;
	case OPT_VM:
		parse_vm(arg);
		env->src.vm = arg;
		seen->vm = 1;
		break;
	case OPT_VCPU:
		if (parse_long(arg, 0, VCPU_MAX, &v))
			bad_value("invalid vCPU", arg,
				  "a vCPU index is 0 to %d", VCPU_MAX);
		env->src.vcpu = v;
		break;
	case 'd':
		env->duration_ns = parse_seconds(arg, "duration");
		break;
	case OPT_MIN_LATENCY:
		env->src.min_latency = parse_u64_max(arg, LATENCY_MAX_NS);
		if (env->src.min_latency == UINT64_MAX || !env->src.min_latency)
			bad_value("invalid latency", arg,
				  "a latency is 1 to %llu nanoseconds",
				  LATENCY_MAX_NS);
		seen->trace = 1;
		break;
	case OPT_UNIT:
		if (strcmp(arg, "ns") && strcmp(arg, "cycles"))
			bad_value("unknown unit", arg,
				  "the units are ns and cycles");
		env->src.cycles = !strcmp(arg, "cycles");
		seen->trace = 1;
		break;
	case OPT_BUFFER_PAGES:
		if (parse_long(arg, 1, BUFFER_PAGES_MAX, &v) || (v & (v - 1)))
			bad_value("invalid buffer size", arg,
				  "--buffer-pages is a power of 2 from 1 to %d",
				  BUFFER_PAGES_MAX);
		env->src.buffer_pages = v;
		seen->trace = 1;
		break;
	case OPT_TRACEFS:
		if (!*arg)
			usage_error("invalid tracefs directory: empty");
		env->src.tracefs = arg;
		seen->trace = 1;
		break;
	case OPT_DEBUGFS:
		if (!*arg)
			usage_error("invalid debugfs directory: empty");
		env->src.debugfs_root = arg;
		seen->debugfs = 1;
		break;
	case 'k':
		parse_sort(env, arg);
		seen->sort = 1;
		break;
	case 'a':
		env->all = 1;
		break;
	case 'i':
		env->interval_ns = parse_seconds(arg, "interval");
		seen->interval = 1;
		break;
	case 'n':
		if (parse_long(arg, 1, INT32_MAX, &v))
			bad_value("invalid count", arg,
				  "a count is 1 to %d", INT32_MAX);
		env->count = v;
		seen->count = 1;
		break;
	case 'j':
		seen->json = 1;
		break;
	case OPT_CSV:
		seen->csv = 1;
		break;
	case OPT_REASON:
		parse_reason(env, arg);
		break;
	case OPT_LEAF:
		if (parse_u32(arg, &env->leaf))
			bad_value("invalid leaf", arg,
				  "a leaf is a 32-bit number, e.g. 0x4ffffff0");
		env->leaf_set = 1;
		break;
	case OPT_ECX:
		if (parse_u32(arg, &env->subleaf))
			bad_value("invalid ECX value", arg,
				  "ECX is a 32-bit number, e.g. 12 or 0xc");
		seen->ecx = 1;
		break;
	}
}

/* Options of the trace source alone; they make it the source. */
static void check_trace(struct env *env, const struct seen *seen)
{
	int only = seen->trace || env->src.command ||
		   (env->duration_ns && !seen->interval && !seen->count);

	if (only && !env->source)
		env->source = trace_source.name;
	if (only && strcmp(env->source, trace_source.name))
		usage_error("--min-latency, --unit, --buffer-pages, --tracefs, -d without -i, and -- COMMAND are trace options: they need -s trace");
	if (env->src.command && env->src.pid)
		usage_error("-p and -- COMMAND exclude each other");
	if (env->src.command && env->duration_ns)
		usage_error("-d and -- COMMAND exclude each other: the command's run is the duration");
	if (env->source && !strcmp(env->source, trace_source.name) &&
	    (seen->vm || seen->debugfs))
		usage_error("--vm and --debugfs are debugfs options: the trace source takes -p PID and --vcpu N");
	/* its record would print latencies in ns as "cycles" */
	if (env->source && !strcmp(env->source, trace_source.name) &&
	    env->reason)
		usage_error("--reason is not for -s trace: use --json or --csv and take the reason's row");
}

/* Options that make no sense together are refused, not silently ignored. */
static void check_combinations(struct env *env, const struct seen *seen)
{
	int vm_opts = env->src.pid || env->src.vm || env->src.vcpu >= 0;
	int trace;

	if (seen->json && seen->csv)
		usage_error("--json and --csv exclude each other");
	env->format = seen->json ? FORMAT_JSON :
		      seen->csv ? FORMAT_CSV : FORMAT_TABLE;
	if (seen->ecx && !env->leaf_set)
		usage_error("--ecx needs --leaf");
	if (env->leaf_set && (env->source || vm_opts || seen->debugfs ||
			      env->reason || seen->interval || seen->count ||
			      env->all || seen->sort || seen->trace ||
			      env->duration_ns || env->src.command))
		usage_error("--leaf prints one CPUID leaf: it takes only --ecx, --json or --csv");
	if (env->reason && (seen->interval || seen->count || env->all ||
			    seen->sort))
		usage_error("--reason prints one record: it cannot be combined with --interval, --count, --all or --sort");
	if (env->src.pid && env->src.vm)
		usage_error("-p and --vm exclude each other");
	check_trace(env, seen);
	trace = env->source && !strcmp(env->source, trace_source.name);
	if (env->src.vcpu >= 0 && !env->src.pid && !env->src.vm && !trace)
		usage_error("--vcpu needs the VM: -p PID or --vm PID-FD");
	if ((vm_opts || seen->debugfs) && env->source && !trace &&
	    strcmp(env->source, debugfs_source.name))
		usage_error("-p, --vm, --vcpu and --debugfs select VMs on the host: they need -s debugfs");
	if (seen->debugfs && !env->source)
		env->source = debugfs_source.name;
	if (seen->count && !seen->interval)
		env->interval_ns = 1000000000ull;
}

static void bad_option(const char *arg) __attribute__((noreturn));

static void bad_option(const char *arg)
{
	if (strncmp(arg, "--", 2))
		usage_error("unknown option: -%c", optopt);
	if (optopt && strchr(arg, '='))
		usage_error("option %.*s takes no argument",
			    (int)strcspn(arg, "="), arg);
	usage_error("unknown option: %s", arg);
}

static void parse_args(int argc, char **argv, struct env *env)
{
	struct seen seen = { 0 };
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_OK);
		case 'V':
			printf("exitstat %s (exit statistics ABI v%d)\n",
			       EXITSTAT_VERSION, KVM_EXIT_STATS_ABI_VERSION);
			exit(EXIT_OK);
		case ':':
			usage_error("option %s needs an argument",
				    argv[optind - 1]);
		case '?':
			bad_option(argv[optind - 1]);
		default:
			parse_one(env, &seen, c, optarg);
		}
	}
	if (optind > 1 && !strcmp(argv[optind - 1], "--")) {
		if (optind == argc)
			usage_error("-- needs a COMMAND to trace");
		env->src.command = &argv[optind];
	} else if (optind < argc) {
		usage_error("unexpected argument: %s", argv[optind]);
	}
	check_combinations(env, &seen);
}

int main(int argc, char **argv)
{
	struct env env = {
		.src = {
			.cpuid = cpuid_native,
			.debugfs_root = DEBUGFS_KVM_DIR,
			.vcpu = -1,
		},
		.sort = SORT_COUNT,
	};

	parse_args(argc, argv, &env);
	return run(&env);
}
