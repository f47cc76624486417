// SPDX-License-Identifier: GPL-2.0
/*
 * reasons.c: names and slots of exit reasons, from the reason tables of
 * <asm/kvm_exit_stats.h>, the one list shared with the KVM patch.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <asm/kvm_exit_stats.h>
#include <asm/svm.h>
#include <asm/vmx.h>

#include "reasons.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct reason vmx_reasons[] = KVM_EXIT_STATS_VMX_REASONS;
static const struct reason svm_reasons[] = KVM_EXIT_STATS_SVM_REASONS;

_Static_assert(ARRAY_SIZE(vmx_reasons) == KVM_EXIT_STATS_VMX_NR_DEFINED,
	       "VMX table size differs from KVM_EXIT_STATS_VMX_NR_DEFINED");
_Static_assert(ARRAY_SIZE(svm_reasons) == KVM_EXIT_STATS_SVM_NR_DEFINED,
	       "SVM table size differs from KVM_EXIT_STATS_SVM_NR_DEFINED");
_Static_assert(ARRAY_SIZE(vmx_reasons) <= REASONS_MAX_SLOTS &&
	       ARRAY_SIZE(svm_reasons) <= REASONS_MAX_SLOTS,
	       "raise REASONS_MAX_SLOTS");

static const struct reason *table(enum vendor v, unsigned int *nr)
{
	switch (v) {
	case VENDOR_VMX:
		*nr = ARRAY_SIZE(vmx_reasons);
		return vmx_reasons;
	case VENDOR_SVM:
		*nr = ARRAY_SIZE(svm_reasons);
		return svm_reasons;
	default:
		*nr = 0;
		return NULL;
	}
}

unsigned int reasons_nr(enum vendor v)
{
	unsigned int nr;

	table(v, &nr);
	return nr;
}

const struct reason *reasons_at(enum vendor v, unsigned int slot)
{
	unsigned int nr;
	const struct reason *t = table(v, &nr);

	return slot < nr ? &t[slot] : NULL;
}

/* The tables are sorted by code (the ABI header promises it). */
int reasons_slot(enum vendor v, uint32_t code)
{
	unsigned int nr, lo = 0, hi;
	const struct reason *t = table(v, &nr);

	hi = nr;
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (t[mid].code == code)
			return mid;
		if (t[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Any case; '_' matches ' ' (debugfs prints "DE excp" as "DE_excp"). */
static int same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		if ((*a == ' ' || *a == '_') && (*b == ' ' || *b == '_'))
			continue;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	}
	return !*a && !*b;
}

int reasons_slot_by_name(enum vendor v, const char *name)
{
	unsigned int nr, i;
	const struct reason *t = table(v, &nr);

	for (i = 0; i < nr; i++)
		if (same_name(t[i].name, name))
			return i;
	return -1;
}

/* The CPUID exit: the one the CLI causes itself when it reads. */
int reasons_cpuid_slot(enum vendor v)
{
	switch (v) {
	case VENDOR_VMX:
		return reasons_slot(v, EXIT_REASON_CPUID);
	case VENDOR_SVM:
		return reasons_slot(v, SVM_EXIT_CPUID);
	default:
		return -1;
	}
}

/* How the vendor manuals write the numbers: SDM decimal, APM hex. */
void reason_code_str(enum vendor v, uint32_t code, char *buf, size_t len)
{
	if (v == VENDOR_SVM)
		snprintf(buf, len, "0x%03x", code);
	else
		snprintf(buf, len, "%u", code);
}

const char *vendor_name(enum vendor v)
{
	switch (v) {
	case VENDOR_VMX:
		return "vmx";
	case VENDOR_SVM:
		return "svm";
	default:
		return "unknown";
	}
}

enum vendor vendor_parse(const char *s)
{
	if (!strcmp(s, "vmx"))
		return VENDOR_VMX;
	if (!strcmp(s, "svm"))
		return VENDOR_SVM;
	return VENDOR_NONE;
}

/* The 12-byte vendor string of CPUID leaf 0 (EBX, EDX, ECX). */
enum vendor vendor_from_cpu_id(const char id[12])
{
	if (!memcmp(id, "GenuineIntel", 12))
		return VENDOR_VMX;
	/* Hygon's Dhyana is a Zen derivative with AMD's SVM. */
	if (!memcmp(id, "AuthenticAMD", 12) || !memcmp(id, "HygonGenuine", 12))
		return VENDOR_SVM;
	return VENDOR_NONE;
}
