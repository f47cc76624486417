// SPDX-License-Identifier: GPL-2.0
/* Port protocol decoding: turns one KVM_EXIT_IO into an event for the VMM. */
#include <stdio.h>
#include <string.h>

#include "proto.h"

#define ERR(...)	(snprintf(err, errlen, __VA_ARGS__), PROTO_ERROR)

static enum proto_event proto_data(struct proto_rec *rec,
				   const struct proto_io *io,
				   char *err, size_t errlen)
{
	uint32_t i, word;

	if (!io->out)
		return ERR("IN from PORT_DATA (0x%X); the port is write-only, read PORT_SINK (0x%X) instead",
			   PORT_DATA, PORT_SINK);
	if (io->size != 4)
		return ERR("%u-byte OUT to PORT_DATA (0x%X); words must be sent with a 32-bit OUT (outl %%eax, %%dx)",
			   io->size, PORT_DATA);

	for (i = 0; i < io->count; i++) {
		if (rec->nr_words == PROTO_MAX_WORDS)
			return ERR("record overflow: more than %u words on PORT_DATA (0x%X); send CMD_REC before the next word",
				   PROTO_MAX_WORDS, PORT_DATA);
		memcpy(&word, io->data + 4 * i, sizeof(word));
		rec->words[rec->nr_words++] = word;
	}
	return PROTO_NONE;
}

static enum proto_event proto_cmd(const struct proto_io *io,
				  char *err, size_t errlen)
{
	if (!io->out)
		return ERR("IN from PORT_CMD (0x%X); the port is write-only",
			   PORT_CMD);
	if (io->size != 1)
		return ERR("%u-byte OUT to PORT_CMD (0x%X); commands are single bytes (outb %%al, %%dx)",
			   io->size, PORT_CMD);
	if (io->count != 1)
		return ERR("string OUT of %u commands to PORT_CMD (0x%X); send one command per OUT",
			   io->count, PORT_CMD);

	switch (io->data[0]) {
	case CMD_REC:
		return PROTO_REC;
	case CMD_DONE:
		return PROTO_DONE;
	case CMD_FAIL:
		return PROTO_FAIL;
	case CMD_EXCEPTION:
		return PROTO_EXCEPTION;
	}
	return ERR("unknown command %u on PORT_CMD (0x%X); use CMD_REC=%u, CMD_DONE=%u or CMD_FAIL=%u",
		   io->data[0], PORT_CMD, CMD_REC, CMD_DONE, CMD_FAIL);
}

enum proto_event proto_handle_io(struct proto_rec *rec,
				 const struct proto_io *io,
				 char *err, size_t errlen)
{
	switch (io->port) {
	case PORT_SINK:
		if (!io->out)
			memset(io->data, PORT_SINK_BYTE,
			       (size_t)io->size * io->count);
		return PROTO_NONE;
	case PORT_DATA:
		return proto_data(rec, io, err, errlen);
	case PORT_CMD:
		return proto_cmd(io, err, errlen);
	}
	return ERR("unexpected %s port 0x%x (size %u); payloads may only use ports 0x%X-0x%X",
		   io->out ? "OUT to" : "IN from", io->port, io->size,
		   PORT_FIRST, PORT_LAST);
}

void proto_clear(struct proto_rec *rec)
{
	rec->nr_words = 0;
}

/*
 * Format "<tag> <vcpu> <w0> <w1> ...\n". Returns the length, or -1 if buf
 * is too small (a buffer of 16 + 9 * PROTO_MAX_WORDS bytes always fits).
 */
int proto_format(char *buf, size_t len, const char *tag, unsigned int vcpu,
		 const struct proto_rec *rec)
{
	size_t pos;
	unsigned int i;
	int n;

	n = snprintf(buf, len, "%s %u", tag, vcpu);
	if (n < 0 || (size_t)n >= len)
		return -1;
	pos = n;
	for (i = 0; i < rec->nr_words; i++) {
		n = snprintf(buf + pos, len - pos, " %08x", rec->words[i]);
		if (n < 0 || (size_t)n >= len - pos)
			return -1;
		pos += n;
	}
	if (pos + 2 > len)
		return -1;
	buf[pos++] = '\n';
	buf[pos] = '\0';
	return pos;
}

static const char *const exception_names[32] = {
	[0] = "#DE divide error",
	[1] = "#DB debug",
	[2] = "NMI",
	[3] = "#BP breakpoint",
	[4] = "#OF overflow",
	[5] = "#BR bound range",
	[6] = "#UD invalid opcode",
	[7] = "#NM device not available",
	[8] = "#DF double fault",
	[10] = "#TS invalid TSS",
	[11] = "#NP segment not present",
	[12] = "#SS stack fault",
	[13] = "#GP general protection",
	[14] = "#PF page fault",
	[16] = "#MF x87 error",
	[17] = "#AC alignment check",
	[18] = "#MC machine check",
	[19] = "#XM SIMD error",
};

/*
 * Explain a CMD_EXCEPTION record (vector, IP, CS) in words. The stubs
 * report every vector >= 32 as 32: only INT n can raise those here.
 */
int proto_describe_exception(char *buf, size_t len,
			     const struct proto_rec *rec)
{
	const char *name = NULL;
	uint32_t vector;

	if (rec->nr_words != 3)
		return snprintf(buf, len,
				"malformed exception report: %u word(s), expected 3 (vector, IP, CS)",
				rec->nr_words);
	vector = rec->words[0];
	if (vector >= 32)
		return snprintf(buf, len,
				"guest ran INT with a vector >= 32 at %04x:%04x; payloads must not use software interrupts",
				rec->words[2] & 0xffff, rec->words[1] & 0xffff);
	name = exception_names[vector];
	return snprintf(buf, len,
			"guest exception %u (%s) at %04x:%04x; check the instruction there (objdump -D -m i8086 on the payload's .elf)",
			vector, name ? name : "reserved",
			rec->words[2] & 0xffff, rec->words[1] & 0xffff);
}
