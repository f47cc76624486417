/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reasons.h: exit reason numbering of one vendor, from the ABI header's
 * tables.  A "slot" is the index of a defined reason in its vendor table;
 * snapshots keep one record per slot.
 */
#ifndef EXITSTAT_REASONS_H
#define EXITSTAT_REASONS_H

#include <stddef.h>
#include <stdint.h>

enum vendor {
	VENDOR_NONE = -1,	/* not known (yet) */
	VENDOR_VMX = 0,		/* Intel SDM basic exit reasons */
	VENDOR_SVM = 1,		/* AMD APM EXITCODEs */
};

struct reason {
	uint32_t code;
	const char *name;
};

/* Room for the largest vendor table; reasons.c checks it at build time. */
#define REASONS_MAX_SLOTS	192

/* Enough for "0xffffffff" and for any decimal u32 */
#define REASON_CODE_LEN		16

unsigned int reasons_nr(enum vendor v);
const struct reason *reasons_at(enum vendor v, unsigned int slot);
int reasons_slot(enum vendor v, uint32_t code);
int reasons_slot_by_name(enum vendor v, const char *name);
int reasons_cpuid_slot(enum vendor v);
void reason_code_str(enum vendor v, uint32_t code, char *buf, size_t len);

const char *vendor_name(enum vendor v);
enum vendor vendor_parse(const char *s);
enum vendor vendor_from_cpu_id(const char id[12]);

#endif /* EXITSTAT_REASONS_H */
