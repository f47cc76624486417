// SPDX-License-Identifier: GPL-2.0
/*
 * trace_format.c: the format files of tracefs (events/kvm/<event>/format)
 * and the perf records they describe.  The offsets of exit_reason, isa and
 * vcpu_id are read at run time: they moved between kernel versions, and a
 * field added to the tracepoint would shift them again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

/* "\tfield:unsigned int exit_reason;\toffset:8;\tsize:4;\tsigned:0;" */
static int parse_field(const char *line, struct tp_field *fl)
{
	const char *decl = line + strlen("field:"), *semi, *name;
	unsigned int off, size;
	int sgn = 0;
	size_t len;

	semi = strchr(decl, ';');
	if (!semi)
		return -1;
	/* The name is the last word of the declaration, less any [N]. */
	name = semi;
	while (name > decl && name[-1] != ' ' && name[-1] != '*')
		name--;
	len = strcspn(name, "[;");
	if (!len || len >= sizeof(fl->name))
		return -1;
	if (sscanf(semi + 1, " offset:%u; size:%u; signed:%d;", &off, &size,
		   &sgn) < 2)
		return -1;
	memcpy(fl->name, name, len);
	fl->name[len] = '\0';
	fl->offset = off;
	fl->size = size;
	fl->is_signed = sgn;
	return 0;
}

static char *trim_left(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * Lines of interest: "name: X", "ID: N", "field:..." lines.  "format:",
 * blank lines and "print fmt:" are skipped; fields beyond the first
 * TRACE_MAX_FIELDS are ignored (none of ours is that far).
 */
int tp_format_parse(FILE *f, const char *path, struct tp_format *fmt,
		    struct xerr *e)
{
	char buf[8192];
	int lineno = 0, has_id = 0;

	memset(fmt, 0, sizeof(*fmt));
	while (fgets(buf, sizeof(buf), f)) {
		char *s = trim_left(buf);

		lineno++;
		s[strcspn(s, "\n")] = '\0';
		if (!strncmp(s, "name:", 5)) {
			snprintf(fmt->name, sizeof(fmt->name), "%s",
				 trim_left(s + 5));
		} else if (!strncmp(s, "ID:", 3)) {
			char *end;

			errno = 0;
			fmt->id = strtoul(trim_left(s + 3), &end, 10);
			if (errno || *end || end == trim_left(s + 3))
				return xerr_set(e, -EINVAL, "%s:%d: malformed ID line",
						path, lineno);
			has_id = 1;
		} else if (!strncmp(s, "field:", 6)) {
			if (fmt->nr == TRACE_MAX_FIELDS)
				continue;
			if (parse_field(s, &fmt->field[fmt->nr]))
				return xerr_set(e, -EINVAL,
						"%s:%d: malformed field line: expected 'field:TYPE NAME; offset:N; size:N; signed:N;'",
						path, lineno);
			fmt->nr++;
		}
	}
	if (ferror(f))
		return xerr_set(e, -EIO, "cannot read %s: %s", path,
				strerror(errno));
	if (!has_id)
		return xerr_set(e, -EINVAL, "%s: no 'ID:' line: not a tracefs event format file",
				path);
	return 0;
}

const struct tp_field *tp_format_field(const struct tp_format *fmt,
				       const char *name)
{
	unsigned int i;

	for (i = 0; i < fmt->nr; i++)
		if (!strcmp(fmt->field[i].name, name))
			return &fmt->field[i];
	return NULL;
}

int tp_field_get(const struct tp_field *fl, const void *raw, size_t len,
		 uint64_t *v)
{
	const unsigned char *p = (const unsigned char *)raw + fl->offset;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;

	if (fl->offset > len || fl->size > len - fl->offset)
		return -1;
	switch (fl->size) {
	case 1:
		u8 = *p;
		*v = u8;
		return 0;
	case 2:
		memcpy(&u16, p, 2);
		*v = u16;
		return 0;
	case 4:
		memcpy(&u32, p, 4);
		*v = u32;
		return 0;
	case 8:
		memcpy(v, p, 8);
		return 0;
	}
	return -1;
}

/* An integer field of 1 to 8 bytes that the layout depends on. */
static int need_field(const struct tp_format *fmt, const char *name,
		      struct tp_field *out, struct xerr *e)
{
	const struct tp_field *fl = tp_format_field(fmt, name);

	if (!fl)
		return xerr_set(e, -EINVAL,
				"event %s has no field '%s': a kernel this exitstat does not know",
				fmt->name, name);
	if (fl->size != 1 && fl->size != 2 && fl->size != 4 && fl->size != 8)
		return xerr_set(e, -EINVAL,
				"event %s: field '%s' has size %u, expected an integer of 1, 2, 4 or 8 bytes",
				fmt->name, name, fl->size);
	*out = *fl;
	return 0;
}

int trace_layout_init(struct trace_layout *l, const struct tp_format *exit,
		      const struct tp_format *entry, struct xerr *e)
{
	struct tp_field entry_type;
	int err;

	memset(l, 0, sizeof(*l));
	l->exit_id = exit->id;
	l->entry_id = entry->id;
	err = need_field(exit, "common_type", &l->type, e);
	if (!err)
		err = need_field(entry, "common_type", &entry_type, e);
	if (!err && (entry_type.offset != l->type.offset ||
		     entry_type.size != l->type.size))
		err = xerr_set(e, -EINVAL,
			       "common_type differs between %s and %s",
			       exit->name, entry->name);
	if (!err)
		err = need_field(exit, "exit_reason", &l->exit_reason, e);
	if (!err)
		err = need_field(exit, "vcpu_id", &l->exit_vcpu, e);
	if (!err && tp_format_field(exit, "isa")) {
		err = need_field(exit, "isa", &l->exit_isa, e);
		l->has_isa = 1;
	}
	if (!err && tp_format_field(entry, "vcpu_id")) {
		err = need_field(entry, "vcpu_id", &l->entry_vcpu, e);
		l->has_entry_vcpu = 1;
	}
	if (!err && exit->id == entry->id)
		err = xerr_set(e, -EINVAL, "%s and %s have the same ID %u",
			       exit->name, entry->name, exit->id);
	return err;
}

/* The sample_id trailer of a non-sample record (TRACE_SAMPLE_TYPE). */
struct id_trailer {
	uint32_t pid, tid;
	uint64_t time;
	uint32_t cpu, res;
};

static int trailer(const void *rec, size_t len, size_t body,
		   struct trace_ev *ev)
{
	struct id_trailer t;

	if (len < body + sizeof(t))
		return -1;
	memcpy(&t, (const char *)rec + len - sizeof(t), sizeof(t));
	ev->pid = t.pid;
	ev->tid = t.tid;
	ev->time = t.time;
	ev->cpu = t.cpu;
	return 1;
}

/* PERF_RECORD_SAMPLE of TRACE_SAMPLE_TYPE: header, pid, tid, time, cpu,
 * res, raw size, raw data (of which kvm_exit or kvm_entry). */
struct sample_head {
	struct perf_event_header h;
	uint32_t pid, tid;
	uint64_t time;
	uint32_t cpu, res;
	uint32_t raw_size;
} __attribute__((packed));

static int decode_sample(const struct trace_layout *l, const void *rec,
			 size_t len, struct trace_ev *ev)
{
	const unsigned char *raw = (const unsigned char *)rec +
				   sizeof(struct sample_head);
	struct sample_head s;
	uint64_t type, v;

	if (len < sizeof(s))
		return -1;
	memcpy(&s, rec, sizeof(s));
	if (s.raw_size > len - sizeof(s) ||
	    tp_field_get(&l->type, raw, s.raw_size, &type))
		return -1;
	ev->pid = s.pid;
	ev->tid = s.tid;
	ev->time = s.time;
	ev->cpu = s.cpu;
	if (type == l->entry_id) {
		ev->type = TEV_ENTRY;
		ev->vcpu = TRACE_VCPU_UNKNOWN;
		if (l->has_entry_vcpu &&
		    tp_field_get(&l->entry_vcpu, raw, s.raw_size, &v) == 0)
			ev->vcpu = v;
		return 1;
	}
	if (type != l->exit_id)
		return 0;
	ev->type = TEV_EXIT;
	if (tp_field_get(&l->exit_reason, raw, s.raw_size, &v))
		return -1;
	ev->reason = v;
	if (tp_field_get(&l->exit_vcpu, raw, s.raw_size, &v))
		return -1;
	ev->vcpu = v;
	if (l->has_isa) {
		if (tp_field_get(&l->exit_isa, raw, s.raw_size, &v))
			return -1;
		ev->isa = v;
	}
	/* VMX: bits 31:16 are flags (31: failed VM entry), not the reason */
	if (ev->isa == TRACE_ISA_VMX)
		ev->reason &= TRACE_VMX_BASIC_MASK;
	return 1;
}

int trace_decode(const struct trace_layout *l, const void *rec, size_t len,
		 struct trace_ev *ev)
{
	struct perf_event_header h;
	uint64_t n;

	if (len < sizeof(h))
		return -1;
	memcpy(&h, rec, sizeof(h));
	memset(ev, 0, sizeof(*ev));
	switch (h.type) {
	case PERF_RECORD_SAMPLE:
		return decode_sample(l, rec, len, ev);
	case PERF_RECORD_LOST:		/* header, id, lost, sample_id */
		if (len < sizeof(h) + 16)
			return -1;
		memcpy(&n, (const char *)rec + sizeof(h) + 8, 8);
		ev->type = TEV_LOST;
		ev->lost = n;
		return trailer(rec, len, sizeof(h) + 16, ev);
	case PERF_RECORD_LOST_SAMPLES:	/* header, lost, sample_id */
		if (len < sizeof(h) + 8)
			return -1;
		memcpy(&n, (const char *)rec + sizeof(h), 8);
		ev->type = TEV_LOST;
		ev->lost = n;
		return trailer(rec, len, sizeof(h) + 8, ev);
	case PERF_RECORD_EXIT:		/* header, pid, ppid, tid, ptid, time */
		ev->type = TEV_TASK_EXIT;
		if (trailer(rec, len, sizeof(h) + 24, ev) < 0)
			return -1;
		/* the thread that ended, not the one that reported it */
		memcpy(&ev->pid, (const char *)rec + sizeof(h), 4);
		memcpy(&ev->tid, (const char *)rec + sizeof(h) + 8, 4);
		memcpy(&ev->time, (const char *)rec + sizeof(h) + 16, 8);
		return 1;
	}
	return 0;
}
