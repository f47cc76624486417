/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exitstat.h: the command line, parsed (main.c), and what runs it (run.c).
 */
#ifndef EXITSTAT_H
#define EXITSTAT_H

#include <stdint.h>

#include "report.h"
#include "source.h"

#define EXITSTAT_VERSION	"1.0"

/* Exit codes */
#define EXIT_OK			0
#define EXIT_RUNTIME		1	/* nothing to read, read failed */
#define EXIT_USAGE		2	/* bad command line */

enum format {
	FORMAT_TABLE,
	FORMAT_JSON,
	FORMAT_CSV,
};

struct env {
	const char *source;		/* -s; NULL: pick automatically */
	struct source_opts src;
	enum sort_key sort;
	int all;
	enum format format;
	uint64_t interval_ns;		/* 0: one cumulative table */
	unsigned long count;		/* intervals; 0: until Ctrl-C */
	uint64_t duration_ns;		/* -d; 0: no limit */
	const char *reason;		/* --reason, number or name */
	uint32_t reason_code;
	int reason_is_name;
	int leaf_set;
	uint32_t leaf;
	uint32_t subleaf;
};

int run(const struct env *env);

#endif /* EXITSTAT_H */
