// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs.c: the parser of the host source's files.  The patched KVM
 * writes one text table per scope under /sys/kernel/debug/kvm:
 *
 *   # exit_stats v1 vendor=svm scope=vm exits=<N> cycles=<N>
 *   <reason> <name> <count> <total_cycles> <min> <max>
 *   other - <count> <total_cycles> <min> <max>
 *
 * Names may contain spaces ("DE excp"), so the four numbers are taken from
 * the end of a line and the name from our own table.  Unknown '#' lines,
 * unknown key=value fields and reasons newer than our table are tolerated:
 * a newer kernel must not break an older reader.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "debugfs.h"

#define MAX_TOKENS	64

struct parser {
	const char *path;
	unsigned int lineno;
	struct snapshot *snap;
	unsigned int seen[REASONS_MAX_SLOTS];	/* line of each reason */
	unsigned int other_line;
	int has_exits, has_cycles;
	struct xerr *e;
};

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

/* Reason numbers are decimal; hex is accepted should the kernel switch. */
static int parse_code(const char *s, uint32_t *code)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		v = strtoull(s + 2, &end, 16);
	else
		v = strtoull(s, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return -1;
	*code = v;
	return 0;
}

static int split(char *line, char **tok)
{
	char *save = NULL, *t;
	int n = 0;

	for (t = strtok_r(line, " \t\r\n", &save); t && n < MAX_TOKENS;
	     t = strtok_r(NULL, " \t\r\n", &save))
		tok[n++] = t;
	return n;
}

static int bad(struct parser *p, const char *what)
{
	return xerr_set(p->e, -EINVAL, "%s:%u: %s", p->path, p->lineno, what);
}

static int header_field(struct parser *p, const char *key, const char *val)
{
	struct snapshot *s = p->snap;

	if (!strcmp(key, "vendor")) {
		enum vendor v = vendor_parse(val);

		if (v == VENDOR_NONE)
			return bad(p, "unknown vendor= in the header (expected svm or vmx)");
		snapshot_init(s, v, s->source);
	} else if (!strcmp(key, "scope")) {
		snprintf(s->scope, sizeof(s->scope), "%s", val);
	} else if (!strcmp(key, "exits")) {
		if (parse_u64(val, &s->total_exits))
			return bad(p, "exits= in the header is not a number");
		p->has_exits = 1;
	} else if (!strcmp(key, "cycles")) {
		if (parse_u64(val, &s->total_cycles))
			return bad(p, "cycles= in the header is not a number");
		p->has_cycles = 1;
	}
	return 0;	/* a field of a newer kernel */
}

/*
 * "# exit_stats v<N> key=value...": vendor= comes first in practice but
 * is applied before the other fields in any order.
 */
static int parse_header(struct parser *p, char *line, enum vendor fallback)
{
	char *tok[MAX_TOKENS], *eq;
	uint64_t version;
	int n, i, err;

	n = split(line, tok);
	if (n < 3 || strcmp(tok[0], "#") || strcmp(tok[1], "exit_stats") ||
	    tok[2][0] != 'v' || parse_u64(tok[2] + 1, &version) || !version)
		return bad(p, "not an exit_stats file: the first line is not '# exit_stats v<N> ...'");

	snapshot_init(p->snap, fallback, p->snap->source);
	for (i = 3; i < n; i++) {
		eq = strchr(tok[i], '=');
		if (eq && !strncmp(tok[i], "vendor=", 7)) {
			err = header_field(p, "vendor", eq + 1);
			if (err)
				return err;
		}
	}
	if (p->snap->vendor == VENDOR_NONE)
		return bad(p, "no vendor= in the header and the CPU vendor is unknown: cannot name the exit reasons");
	for (i = 3; i < n; i++) {
		eq = strchr(tok[i], '=');
		if (!eq || !strncmp(tok[i], "vendor=", 7))
			continue;
		*eq = '\0';
		err = header_field(p, tok[i], eq + 1);
		if (err)
			return err;
	}
	return 0;
}

static int add_row(struct parser *p, const char *first,
		   const struct reason_stat *r)
{
	char msg[128];
	uint32_t code;
	int slot;

	if (!strcmp(first, "other")) {
		if (p->other_line) {
			snprintf(msg, sizeof(msg),
				 "'other' listed twice (first on line %u)",
				 p->other_line);
			return bad(p, msg);
		}
		p->other_line = p->lineno;
		stat_add(&p->snap->other, r);
		return 0;
	}
	if (parse_code(first, &code))
		return bad(p, "malformed line: the first field is neither a reason number nor 'other'");
	slot = reasons_slot(p->snap->vendor, code);
	if (slot < 0) {
		/* A code newer than our table: still counted. */
		stat_add(&p->snap->other, r);
		return 0;
	}
	if (p->seen[slot]) {
		snprintf(msg, sizeof(msg),
			 "reason %s listed twice (first on line %u)", first,
			 p->seen[slot]);
		return bad(p, msg);
	}
	p->seen[slot] = p->lineno;
	p->snap->slot[slot] = *r;
	return 0;
}

/* "<reason> <name...> <count> <cycles> <min> <max> [key=value...]" */
static int parse_row(struct parser *p, char *line)
{
	char *tok[MAX_TOKENS];
	struct reason_stat r = { .status = STATUS_OK };
	uint64_t *val[4] = { &r.count, &r.cycles, &r.min, &r.max };
	int n, i, kept = 0;

	n = split(line, tok);
	if (n == MAX_TOKENS)
		return bad(p, "malformed line: too many fields");
	for (i = 0; i < n; i++)
		if (i == 0 || !strchr(tok[i], '='))
			tok[kept++] = tok[i];
	if (kept < 6)
		return bad(p, "malformed line: expected '<reason> <name> <count> <cycles> <min> <max>'");
	for (i = 0; i < 4; i++)
		if (parse_u64(tok[kept - 4 + i], val[i]))
			return bad(p, "malformed line: count, cycles, min and max must be unsigned decimal numbers");
	return add_row(p, tok[0], &r);
}

static int blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
}

int debugfs_parse(FILE *f, const char *path, enum vendor fallback,
		  struct snapshot *snap, struct xerr *e)
{
	struct parser p = { .path = path, .snap = snap, .e = e };
	char *line = NULL;
	size_t cap = 0;
	int err = 0;

	snapshot_init(snap, fallback, snap->source);
	while (!err && getline(&line, &cap, f) >= 0) {
		p.lineno++;
		if (p.lineno == 1)
			err = parse_header(&p, line, fallback);
		else if (blank(line) || line[strspn(line, " \t")] == '#')
			continue;
		else
			err = parse_row(&p, line);
	}
	free(line);
	if (!err && ferror(f))
		err = xerr_set(e, -EIO, "%s: read error", path);
	if (!err && !p.lineno)
		err = xerr_set(e, -EINVAL,
			       "%s: empty file, expected a '# exit_stats v1' header",
			       path);
	if (!err && (!p.has_exits || !p.has_cycles)) {
		uint64_t exits, cycles;

		snapshot_sum_rows(snap, &exits, &cycles);
		if (!p.has_exits)
			snap->total_exits = exits;
		if (!p.has_cycles)
			snap->total_cycles = cycles;
	}
	return err;
}
