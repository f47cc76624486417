// SPDX-License-Identifier: GPL-2.0
/*
 * Checks the exit reason tables and CPUID ABI constants of
 * <asm/kvm_exit_stats.h> against the vendor manuals' numbering and against
 * the kernel's own VMX_EXIT_REASONS / SVM_EXIT_REASONS (system uapi
 * headers).  Prints TAP.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <asm/kvm.h>		/* DE_VECTOR & co., used by SVM_EXIT_REASONS */
#include <asm/svm.h>
#include <asm/vmx.h>
#include <asm/kvm_exit_stats.h>

struct reason {
	__u32 code;
	const char *name;
};

/* the kernel's lists hold -1 and 0x8000xxxx, so keep them wide */
struct kernel_reason {
	long long code;
	const char *name;
};

static const struct reason vmx[] = KVM_EXIT_STATS_VMX_REASONS;
static const struct reason svm[] = KVM_EXIT_STATS_SVM_REASONS;
static const struct kernel_reason kvmx[] = { VMX_EXIT_REASONS };
static const struct kernel_reason ksvm[] = { SVM_EXIT_REASONS };

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Intel SDM Table C-1 numbers without a basic exit reason */
static const __u32 vmx_undefined[] = { 35, 38, 42, 71, 82, 83 };

static int test_nr;
static int failed;

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++test_nr);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		failed++;
}

static const struct reason *find(const struct reason *t, int n, __u32 code)
{
	int i;

	for (i = 0; i < n; i++)
		if (t[i].code == code)
			return &t[i];
	return NULL;
}

/* strictly increasing codes, hence unique; names present and unique */
static void check_order(const char *vendor, const struct reason *t, int n)
{
	int i, j, bad = -1;

	for (i = 1; i < n && bad < 0; i++)
		if (t[i].code <= t[i - 1].code)
			bad = i;
	if (bad >= 0)
		printf("# %s: code %#x follows %#x\n", vendor, t[bad].code, t[bad - 1].code);
	ok(bad < 0, "%s codes strictly increasing", vendor);

	bad = -1;
	for (i = 0; i < n && bad < 0; i++) {
		if (!t[i].name || !t[i].name[0])
			bad = i;
		for (j = 0; j < i && bad < 0; j++)
			if (!strcmp(t[i].name, t[j].name))
				bad = i;
	}
	if (bad >= 0)
		printf("# %s: code %#x has an empty or repeated name\n", vendor, t[bad].code);
	ok(bad < 0, "%s names present and unique", vendor);
}

static int vmx_is_undefined(__u32 code)
{
	int i;

	for (i = 0; i < N(vmx_undefined); i++)
		if (vmx_undefined[i] == code)
			return 1;
	return 0;
}

static void check_vmx_set(void)
{
	int want = KVM_EXIT_STATS_VMX_MAX_REASON + 1 - N(vmx_undefined);
	int bad = 0;
	__u32 c;

	for (c = 0; c <= KVM_EXIT_STATS_VMX_MAX_REASON + 8; c++) {
		int expect = c <= KVM_EXIT_STATS_VMX_MAX_REASON && !vmx_is_undefined(c);
		int have = !!find(vmx, N(vmx), c);

		if (expect != have) {
			printf("# VMX %u: expected %s, table %s\n", c,
			       expect ? "defined" : "undefined", have ? "has it" : "lacks it");
			bad++;
		}
	}
	ok(!bad, "VMX table is exactly 0..%d without 35 38 42 71 82 83",
	   KVM_EXIT_STATS_VMX_MAX_REASON);
	if (N(vmx) != want || KVM_EXIT_STATS_VMX_NR_DEFINED != want)
		printf("# expected %d, table has %d, NR_DEFINED %d\n",
		       want, N(vmx), KVM_EXIT_STATS_VMX_NR_DEFINED);
	ok(N(vmx) == 80 && want == 80 && KVM_EXIT_STATS_VMX_NR_DEFINED == 80,
	   "VMX table has 80 entries, as KVM_EXIT_STATS_VMX_NR_DEFINED says");
	ok(vmx[N(vmx) - 1].code == KVM_EXIT_STATS_VMX_MAX_REASON &&
	   KVM_EXIT_STATS_VMX_MAX_REASON == 85,
	   "VMX highest reason is 85 (got %u)", vmx[N(vmx) - 1].code);
}

static int svm_expected(__u32 c)
{
	return c <= KVM_EXIT_STATS_SVM_LOW_LAST ||
	       (c >= KVM_EXIT_STATS_SVM_HIGH_FIRST && c <= KVM_EXIT_STATS_SVM_HIGH_LAST) ||
	       c == KVM_EXIT_STATS_SVM_EXIT_INVALID;
}

static void check_svm_set(void)
{
	static const __u32 probe_extra[] = {
		0x404, 0x7ff, 0x80000001, 0xf0000000, 0xfffffffe, 0xfffffffd,
	};
	int bad = 0, i;
	__u32 c;

	for (c = 0; c <= 0x500; c++) {
		int have = !!find(svm, N(svm), c);

		if (svm_expected(c) != have) {
			printf("# SVM %#x: expected %s\n", c, have ? "absent" : "present");
			bad++;
		}
	}
	for (i = 0; i < N(probe_extra); i++)
		if (find(svm, N(svm), probe_extra[i])) {
			printf("# SVM %#x: unexpected entry\n", probe_extra[i]);
			bad++;
		}
	if (!find(svm, N(svm), 0xffffffff)) {
		printf("# SVM 0xffffffff (failed VMRUN) missing\n");
		bad++;
	}
	ok(!bad, "SVM table is exactly 0x000..0x0a6, 0x400..0x403, 0xffffffff");
	ok(KVM_EXIT_STATS_SVM_LOW_LAST == 0xa6 && KVM_EXIT_STATS_SVM_HIGH_FIRST == 0x400 &&
	   KVM_EXIT_STATS_SVM_HIGH_LAST == 0x403 &&
	   KVM_EXIT_STATS_SVM_EXIT_INVALID == 0xffffffff,
	   "SVM range constants are 0x0a6, 0x400, 0x403, 0xffffffff");
	ok(N(svm) == 172 && KVM_EXIT_STATS_SVM_NR_DEFINED == 172,
	   "SVM table has 172 entries, as KVM_EXIT_STATS_SVM_NR_DEFINED says (got %d, %d)",
	   N(svm), KVM_EXIT_STATS_SVM_NR_DEFINED);
}

/*
 * Every reason the kernel names must be ours too, under the same name.
 * skip_sw leaves out the SEV-ES software VMGEXIT events 0x8000xxxx of
 * SVM_EXIT_REASONS: GHCB exit codes, never a hardware EXITCODE.
 */
static void check_superset(const char *vendor, const struct reason *t, int n,
			   const struct kernel_reason *k, int kn, int skip_sw)
{
	int i, bad = 0, skipped = 0, checked = 0;

	for (i = 0; i < kn; i++) {
		__u32 code = (__u32)k[i].code;
		const struct reason *r;

		if (skip_sw && code >= 0x80000000u && code != 0xffffffffu) {
			skipped++;
			continue;
		}
		checked++;
		r = find(t, n, code);
		if (!r) {
			printf("# %s %#x \"%s\": missing\n", vendor, code, k[i].name);
			bad++;
		} else if (strcmp(r->name, k[i].name)) {
			printf("# %s %#x: kernel \"%s\", ours \"%s\"\n",
			       vendor, code, k[i].name, r->name);
			bad++;
		}
	}
	printf("# %s: %d kernel entries compared, %d software VMGEXIT events skipped\n",
	       vendor, checked, skipped);
	ok(!bad && checked > 0, "%s table contains the kernel's %s_EXIT_REASONS, same names",
	   vendor, vendor);
}

static void check_signature(void)
{
	const __u32 regs[3] = {
		KVM_EXIT_STATS_SIGNATURE_EBX,
		KVM_EXIT_STATS_SIGNATURE_ECX,
		KVM_EXIT_STATS_SIGNATURE_EDX,
	};
	char s[13];
	int i, b;

	/* store as CPUID's registers would be, little-endian byte by byte */
	for (i = 0; i < 3; i++)
		for (b = 0; b < 4; b++)
			s[i * 4 + b] = (char)((regs[i] >> (8 * b)) & 0xff);
	s[12] = '\0';
	ok(!strcmp(s, "KVMExitStats") && !strcmp(KVM_EXIT_STATS_SIGNATURE, s),
	   "signature EBX,ECX,EDX spells \"KVMExitStats\" (got \"%s\")", s);
}

static void check_info_flags(void)
{
	const __u32 fields[] = {
		KVM_EXIT_STATS_INFO_PUT(VERSION, ~0u),
		KVM_EXIT_STATS_INFO_PUT(VENDOR, ~0u),
		KVM_EXIT_STATS_INFO_PUT(SCOPE, ~0u),
		KVM_EXIT_STATS_INFO_PUT(LAYOUT, ~0u),
		KVM_EXIT_STATS_INFO_PUT(PAUSED, ~0u),
		KVM_EXIT_STATS_INFO_RESERVED,
	};
	__u32 version, vendor, scope, layout, paused, eax, all = 0, k;
	int bad = 0, n = 0, bits = 0, i;

	/* every combination: 4 versions x vendor x scope x 4 layouts x paused */
	for (k = 0; k < 4 * 2 * 2 * 4 * 2; k++, n++) {
		version = (k & 3) * 85;
		vendor = (k >> 2) & 1;
		scope = (k >> 3) & 1;
		layout = (k >> 4) & 3;
		paused = (k >> 6) & 1;
		eax = KVM_EXIT_STATS_INFO_EAX(version, vendor, scope, layout, paused);
		if (KVM_EXIT_STATS_INFO_VERSION(eax) != version ||
		    KVM_EXIT_STATS_INFO_VENDOR(eax) != vendor ||
		    KVM_EXIT_STATS_INFO_SCOPE(eax) != scope ||
		    KVM_EXIT_STATS_INFO_LAYOUT(eax) != layout ||
		    KVM_EXIT_STATS_INFO_PAUSED(eax) != paused ||
		    (eax & KVM_EXIT_STATS_INFO_RESERVED)) {
			printf("# eax %#x does not round-trip\n", eax);
			bad++;
		}
	}
	ok(!bad, "info flags round-trip through compose/extract (%d combinations)", n);

	for (i = 0; i < N(fields); i++) {
		all |= fields[i];
		bits += __builtin_popcount(fields[i]);
	}
	ok(all == 0xffffffffu && bits == 32 && fields[N(fields) - 1] == 0xffffe000u,
	   "info fields and reserved bits tile the 32-bit word exactly");

	eax = KVM_EXIT_STATS_INFO_EAX(KVM_EXIT_STATS_ABI_VERSION, KVM_EXIT_STATS_VENDOR_SVM,
				      KVM_EXIT_STATS_SCOPE_HOST, KVM_EXIT_STATS_LAYOUT_2022, 0);
	ok(eax == 0xb01 && KVM_EXIT_STATS_ABI_VERSION == 1,
	   "ABI 1, SVM, host, layout 2022 encodes as 0xb01 (got %#x)", eax);
	ok(KVM_EXIT_STATS_INFO_EAX(KVM_EXIT_STATS_ABI_VERSION, KVM_EXIT_STATS_VENDOR_VMX,
				   KVM_EXIT_STATS_SCOPE_VM, KVM_EXIT_STATS_LAYOUT_2021, 0) == 1,
	   "the default configuration encodes as just the ABI version");
	ok(KVM_EXIT_STATS_LAYOUT_2021 == 0 && KVM_EXIT_STATS_LAYOUT_2020 == 1 &&
	   KVM_EXIT_STATS_LAYOUT_2022 == 2 && KVM_EXIT_STATS_LAYOUT_OFF == 3,
	   "layout codes 2021=0 2020=1 2022=2 off=3");
}

static void check_leaves(void)
{
	ok(KVM_EXIT_STATS_LEAF_INFO == 0x4ffffff0 &&
	   KVM_EXIT_STATS_LEAF_REASON_COUNT == 0x4ffffff1 &&
	   KVM_EXIT_STATS_LEAF_REASON_CYCLES == 0x4ffffff2 &&
	   KVM_EXIT_STATS_LEAF_REASON_MIN == 0x4ffffff3 &&
	   KVM_EXIT_STATS_LEAF_REASON_MAX == 0x4ffffff4 &&
	   KVM_EXIT_STATS_LEAF_TOTAL_EXITS == 0x4ffffff5 &&
	   KVM_EXIT_STATS_LEAF_TOTAL_CYCLES == 0x4ffffff6 &&
	   KVM_EXIT_STATS_LEAF_EXT_FIRST == 0x4ffffff0 &&
	   KVM_EXIT_STATS_LEAF_EXT_LAST == 0x4ffffff6,
	   "extended leaves are 0x4ffffff0..0x4ffffff6");
	ok(KVM_EXIT_STATS_LEAF_COURSE_FIRST == 0x4ffffffc &&
	   KVM_EXIT_STATS_LEAF_COURSE_LAST == 0x4fffffff &&
	   KVM_EXIT_STATS_2021_LEAF_TOTALS == 0x4fffffff &&
	   KVM_EXIT_STATS_2021_LEAF_TOTAL_CYCLES == 0x4ffffffe &&
	   KVM_EXIT_STATS_2021_LEAF_REASON_EXITS == 0x4ffffffd &&
	   KVM_EXIT_STATS_2021_LEAF_REASON_CYCLES == 0x4ffffffc &&
	   KVM_EXIT_STATS_2020_LEAF_TOTALS == 0x4fffffff &&
	   KVM_EXIT_STATS_2020_LEAF_REASON_EXITS == 0x4ffffffe &&
	   KVM_EXIT_STATS_2022_LEAF_REASON_CYCLES == 0x4fffffff &&
	   KVM_EXIT_STATS_2022_LEAF_REASON_EXITS == 0x4ffffffe &&
	   KVM_EXIT_STATS_2022_LEAF_TOTAL_CYCLES == 0x4ffffffd &&
	   KVM_EXIT_STATS_2022_LEAF_TOTAL_EXITS == 0x4ffffffc,
	   "course layout leaves as in SPEC section 3");
	ok(KVM_EXIT_STATS_STATUS_OK == 0 && KVM_EXIT_STATS_STATUS_NOT_ENABLED == 1 &&
	   KVM_EXIT_STATS_STATUS_UNDEFINED == 2 && KVM_EXIT_STATS_EDX_UNDEFINED == 0xffffffffu,
	   "status codes 0/1/2 and EDX 0xffffffff for undefined reasons");
	ok(KVM_EXIT_STATS_U64(0x12345678u, 0x9abcdef0u) == 0x123456789abcdef0ull,
	   "EBX is the high half, ECX the low half of a 64-bit value");
}

int main(void)
{
	check_order("VMX", vmx, N(vmx));
	check_vmx_set();
	check_superset("VMX", vmx, N(vmx), kvmx, N(kvmx), 0);
	check_order("SVM", svm, N(svm));
	check_svm_set();
	check_superset("SVM", svm, N(svm), ksvm, N(ksvm), 1);
	check_signature();
	check_info_flags();
	check_leaves();
	printf("1..%d\n", test_nr);
	return failed != 0;
}
