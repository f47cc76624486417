/* SPDX-License-Identifier: GPL-2.0 */
/* Decoding of the payload port protocol: pure functions, no KVM. */
#ifndef EXITSTAT_LAB_PROTO_H
#define EXITSTAT_LAB_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ports.h"

/* The words a vCPU has sent on PORT_DATA since its last command. */
struct proto_rec {
	unsigned int nr_words;
	uint32_t words[PROTO_MAX_WORDS];
};

/* What one port access asks testvmm to do. */
enum proto_event {
	PROTO_NONE,		/* handled here, keep running */
	PROTO_REC,		/* print the record, then clear it */
	PROTO_DONE,		/* payload finished */
	PROTO_FAIL,		/* payload reported failure, words in rec */
	PROTO_EXCEPTION,	/* guest exception stub fired, words in rec */
	PROTO_ERROR,		/* protocol violation, message in err */
};

/* One KVM_EXIT_IO, as KVM reports it. */
struct proto_io {
	bool out;
	uint16_t port;
	uint8_t size;		/* 1, 2 or 4 */
	uint32_t count;		/* > 1 for string I/O */
	uint8_t *data;		/* size * count bytes; IN results go here */
};

enum proto_event proto_handle_io(struct proto_rec *rec,
				 const struct proto_io *io,
				 char *err, size_t errlen);
void proto_clear(struct proto_rec *rec);
int proto_format(char *buf, size_t len, const char *tag, unsigned int vcpu,
		 const struct proto_rec *rec);
int proto_describe_exception(char *buf, size_t len,
			     const struct proto_rec *rec);

#endif /* EXITSTAT_LAB_PROTO_H */
