// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of exitstat's debugfs parser (tools/exitstat/debugfs.c) and
 * host source, against the recorded files in tests/unit/exitstat/.
 * Usage: exitstat-debugfs DIR (that directory).  TAP output.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "debugfs.h"
#include "tap.h"

static const char *dir;
static enum vendor fake_cpu = VENDOR_VMX;

/* The CPU vendor the parser falls back to, without the host's CPUID. */
static void fake_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	const char *id = fake_cpu == VENDOR_SVM ? "AuthenticAMD" :
						  "GenuineIntel";

	(void)sub;
	memset(r, 0, 4 * sizeof(*r));
	if (leaf == 0) {
		memcpy(&r[1], id, 4);
		memcpy(&r[3], id + 4, 4);
		memcpy(&r[2], id + 8, 4);
	}
}

static int parse(const char *name, enum vendor fallback, struct snapshot *s,
		 struct xerr *e)
{
	char path[PATH_MAX];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f) {
		printf("Bail out! cannot open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	e->msg[0] = '\0';
	err = debugfs_parse(f, name, fallback, s, e);
	fclose(f);
	return err;
}

static const struct reason_stat *row(const struct snapshot *s, uint32_t code)
{
	return &s->slot[reasons_slot(s->vendor, code)];
}

static int same(const struct reason_stat *r, uint64_t count, uint64_t cycles,
		uint64_t min, uint64_t max, const char *what)
{
	int good = r->count == count && r->cycles == cycles && r->min == min &&
		   r->max == max;

	ok(good, "%s", what);
	if (!good)
		printf("#   got:  %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		       "\n#   want: %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		       "\n", r->count, r->cycles, r->min, r->max, count,
		       cycles, min, max);
	return good;
}

static void test_host_svm(void)
{
	static struct snapshot s;
	struct xerr e;
	uint64_t exits, cycles;
	unsigned int i, rows = 0;

	ok(!parse("kvm-svm/exit_stats", VENDOR_VMX, &s, &e),
	   "SVM host file parses");
	ok(s.vendor == VENDOR_SVM, "SVM host: vendor=svm beats the CPU's VMX");
	is_str(s.scope, "host", "SVM host: scope=host");
	is_u64(s.total_exits, 16300, "SVM host: exits= of the header");
	is_u64(s.total_cycles, 49120000, "SVM host: cycles= of the header");
	same(row(&s, 0x040), 3, 24000, 7000, 9000,
	     "SVM host: 'DE_excp' (the kernel's '_' for a space)");
	same(row(&s, 0x049), 1, 5000, 5000, 5000, "SVM host: 'vec9_excp'");
	same(row(&s, 0x07b), 5000, 20000000, 2500, 120000, "SVM host: io");
	same(row(&s, 0x400), 1200, 2000000, 900, 50000, "SVM host: npf (1024)");
	same(&s.other, 26, 91000, 2000, 9000, "SVM host: the other line");
	for (i = 0; i < s.nr_slots; i++)
		rows += !!s.slot[i].count;
	is_u64(rows, 10, "SVM host: 10 reasons with exits");
	snapshot_sum_rows(&s, &exits, &cycles);
	ok(exits == s.total_exits && cycles == s.total_cycles,
	   "SVM host: rows sum to the header totals");
}

static void test_vm_vcpu(void)
{
	static struct snapshot s;
	struct xerr e;

	ok(!parse("kvm-svm/812-14/exit_stats", VENDOR_VMX, &s, &e),
	   "SVM VM file parses");
	is_str(s.scope, "vm", "SVM VM: scope=vm");
	same(row(&s, 0xffffffff), 1, 30000, 30000, 30000,
	     "SVM VM: reason 4294967295 is VMEXIT_INVALID");
	same(&s.other, 9, 10000, 1000, 2000, "SVM VM: other");

	ok(!parse("kvm-svm/812-11/vcpu1/exit_stats", VENDOR_VMX, &s, &e),
	   "SVM vCPU file parses");
	is_str(s.scope, "vcpu", "SVM vCPU: scope=vcpu");
	same(row(&s, 0x072), 100, 300000, 2000, 4000, "SVM vCPU: cpuid");

	ok(!parse("kvm-svm/900-3/exit_stats", VENDOR_VMX, &s, &e),
	   "a header-only file parses");
	is_u64(s.total_exits, 0, "header only: 0 exits");

	ok(!parse("kvm-vmx/exit_stats", VENDOR_SVM, &s, &e) &&
	   s.vendor == VENDOR_VMX, "VMX host file parses, vendor=vmx");
	same(row(&s, 48), 800, 3600000, 3000, 60000, "VMX host: EPT_VIOLATION");
	ok(!parse("kvm-vmx/2000-12/vcpu0/exit_stats", VENDOR_SVM, &s, &e),
	   "VMX vCPU file parses");
	same(row(&s, 10), 500, 1000000, 1500, 5000, "VMX vCPU: CPUID");
}

static void test_tolerated(void)
{
	static struct snapshot s;
	struct xerr e;

	ok(!parse("files/forward-compat.txt", VENDOR_SVM, &s, &e),
	   "unknown # lines, key=value fields, blank lines: tolerated");
	if (e.msg[0])
		printf("#   %s\n", e.msg);
	same(row(&s, 10), 20, 2000, 50, 150,
	     "forward compat: CPUID row with a trailing p99=140");
	same(row(&s, 12), 10, 1000, 60, 200, "forward compat: HLT after comments");
	is_u64(s.total_exits, 30, "forward compat: header exits");

	ok(!parse("files/spaces.txt", VENDOR_VMX, &s, &e),
	   "names with spaces ('DE excp') parse");
	same(row(&s, 0x040), 3, 300, 90, 110, "spaces: 'DE excp' row");
	same(row(&s, 0x049), 2, 200, 100, 100, "spaces: 'vec9 excp' row");
	same(row(&s, 0x072), 20, 2000, 50, 150, "spaces: the row after them");

	ok(!parse("files/no-vendor.txt", VENDOR_VMX, &s, &e) &&
	   s.vendor == VENDOR_VMX, "no vendor=: the CPU's (VMX)");
	is_u64(s.total_exits, 7, "no exits=: summed from the rows");
	is_u64(s.total_cycles, 700, "no cycles=: summed from the rows");
	ok(!parse("files/no-vendor.txt", VENDOR_SVM, &s, &e) &&
	   s.vendor == VENDOR_SVM, "no vendor=: the CPU's (SVM)");
	ok(parse("files/no-vendor.txt", VENDOR_NONE, &s, &e) == -EINVAL,
	   "no vendor= and an unknown CPU: refused");
	has_str(e.msg, "files/no-vendor.txt:1: no vendor=",
		"no vendor=, unknown CPU: file:line in the message");

	ok(!parse("files/unknown-code.txt", VENDOR_VMX, &s, &e),
	   "reasons newer than our table: tolerated");
	same(&s.other, 6, 610, 100, 110,
	     "unknown codes 71 and 90 are counted under other");
	same(row(&s, 10), 100, 10000, 90, 110, "unknown codes: CPUID row intact");

	ok(!parse("files/big.txt", VENDOR_VMX, &s, &e), "u64 maxima parse");
	is_u64(s.total_exits, UINT64_MAX, "big: exits=2^64-1 exact");
	same(row(&s, 0x072), UINT64_MAX, UINT64_MAX - 1, 1, UINT64_MAX - 2,
	     "big: 64-bit row values exact");
}

static void bad(const char *name, const char *msg)
{
	static struct snapshot s;
	struct xerr e;
	int err = parse(name, VENDOR_VMX, &s, &e);

	if (ok(err == -EINVAL, "%s: refused", name) || err)
		has_str(e.msg, msg, "%s: message", name);
	else
		ok(0, "%s: message", name);
}

static void test_malformed(void)
{
	bad("files/empty.txt", "files/empty.txt: empty file");
	bad("files/bad-header.txt", "files/bad-header.txt:1: not an exit_stats file");
	bad("files/bad-vendor.txt", "files/bad-vendor.txt:1: unknown vendor=");
	bad("files/bad-exits.txt", "files/bad-exits.txt:1: exits= in the header");
	bad("files/short-row.txt", "files/short-row.txt:3: malformed line: expected '<reason> <name> <count> <cycles> <min> <max>'");
	bad("files/bad-number.txt", "files/bad-number.txt:2: malformed line: count, cycles");
	bad("files/negative.txt", "files/negative.txt:2: malformed line: count, cycles");
	bad("files/overflow.txt", "files/overflow.txt:2: malformed line: count, cycles");
	bad("files/bad-reason.txt", "files/bad-reason.txt:4: malformed line: the first field");
	bad("files/duplicate.txt", "files/duplicate.txt:4: reason 10 listed twice (first on line 2)");
	bad("files/duplicate-other.txt", "files/duplicate-other.txt:3: 'other' listed twice (first on line 2)");
}

static int open_src(struct source *src, const char *root, long pid,
		    const char *vm, long vcpu, struct xerr *e)
{
	char path[PATH_MAX];
	static char roots[4][PATH_MAX];
	static unsigned int n;
	struct source_opts o = {
		.cpuid = fake_cpuid, .pid = pid, .vm = vm, .vcpu = vcpu,
	};

	snprintf(path, sizeof(path), "%s/%s", dir, root);
	o.debugfs_root = strcpy(roots[n++ % 4], path);
	e->msg[0] = '\0';
	return source_open(src, &debugfs_source, &o, e);
}

static void test_source(void)
{
	static struct snapshot s;
	struct source src;
	struct xerr e;

	ok(!open_src(&src, "kvm-svm", 812, NULL, -1, &e) &&
	   !source_read(&src, &s, &e), "-p 812: both VMs read");
	is_str(s.target, "pid 812, 2 VMs summed", "-p 812: target says so");
	is_str(s.scope, "vm", "-p 812: scope vm");
	same(row(&s, 0x072), 600, 1800000, 1400, 9500,
	     "-p 812: cpuid summed, min/max of both");
	same(row(&s, 0x060), 600, 1200000, 900, 9000,
	     "-p 812: interrupt (one VM only)");
	same(&s.other, 9, 10000, 1000, 2000, "-p 812: other");
	is_u64(s.total_exits, 1710, "-p 812: total exits summed");
	is_u64(s.total_cycles, 4990000, "-p 812: total cycles summed");
	source_close(&src);

	ok(!open_src(&src, "kvm-svm", 0, "812-11", 1, &e) &&
	   !source_read(&src, &s, &e), "--vm 812-11 --vcpu 1 reads");
	is_str(s.scope, "vcpu", "--vcpu: scope vcpu");
	is_str(s.target, "vm 812-11 vcpu1", "--vcpu: target");
	is_u64(s.total_exits, 300, "--vcpu 1: its exits");
	source_close(&src);

	ok(open_src(&src, "kvm-svm", 812, NULL, 0, &e) == -EINVAL,
	   "-p 812 --vcpu 0: two VMs, refused");
	has_str(e.msg, "pid 812 has 2 VMs (812-11, 812-14): choose one with --vm PID-FD",
		"-p 812 --vcpu 0: asks for --vm");
	ok(open_src(&src, "kvm-svm", 81, NULL, -1, &e) == -ESRCH,
	   "-p 81: no VM (812 is not 81)");
	has_str(e.msg, "no VM of pid 81 in", "-p 81: message");
	ok(open_src(&src, "kvm-svm", 0, "812-11", 7, &e) == -ENOENT,
	   "--vcpu 7: no such vCPU");
	has_str(e.msg, "812-11/vcpu7/exit_stats: no such VM or vCPU",
		"--vcpu 7: message names the file");
	ok(open_src(&src, "kvm-none", 0, NULL, -1, &e) == -ENOENT,
	   "missing kvm directory: refused");
	has_str(e.msg, "the kvm module is not loaded", "missing kvm directory: message");
	ok(open_src(&src, "files", 0, NULL, -1, &e) == -ENOENT,
	   "kvm directory without exit_stats: refused");
	has_str(e.msg, "a stock one; load the patched kvm modules",
		"stock kvm: message");

	ok(!open_src(&src, "kvm-vmx", 0, NULL, -1, &e) &&
	   !source_read(&src, &s, &e), "VMX host-wide reads");
	ok(src.vendor == VENDOR_VMX && !strcmp(s.scope, "host"),
	   "VMX host-wide: vendor and scope");
	source_close(&src);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		printf("Bail out! usage: %s tests/unit/exitstat\n", argv[0]);
		return 1;
	}
	dir = argv[1];
	test_host_svm();
	test_vm_vcpu();
	test_tolerated();
	test_malformed();
	test_source();
	return tap_done();
}
