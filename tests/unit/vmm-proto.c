// SPDX-License-Identifier: GPL-2.0
/* Unit test of testvmm's port protocol decoder (lab/vmm/proto.c), TAP output. */
#include <stdio.h>
#include <string.h>

#include "proto.h"

static unsigned int nr_tests, nr_failed;

static void check(int cond, const char *desc)
{
	nr_tests++;
	if (!cond)
		nr_failed++;
	printf("%s %u - %s\n", cond ? "ok" : "not ok", nr_tests, desc);
}

static void check_str(const char *got, const char *want, const char *desc)
{
	check(!strcmp(got, want), desc);
	if (strcmp(got, want))
		printf("#   got:  '%s'\n#   want: '%s'\n", got, want);
}

static enum proto_event io(struct proto_rec *rec, int out, unsigned int port,
			   unsigned int size, unsigned int count,
			   void *data, char *err)
{
	struct proto_io pio = {
		.out = out, .port = port, .size = size, .count = count,
		.data = data,
	};

	err[0] = '\0';
	return proto_handle_io(rec, &pio, err, 256);
}

static void test_sink(void)
{
	struct proto_rec rec = { 0 };
	uint8_t buf[16], want[16];
	char err[256];

	memset(buf, 0, sizeof(buf));
	check(io(&rec, 1, PORT_SINK, 1, 1, buf, err) == PROTO_NONE &&
	      buf[0] == 0 && rec.nr_words == 0,
	      "OUT to PORT_SINK is ignored");
	check(io(&rec, 0, PORT_SINK, 4, 1, buf, err) == PROTO_NONE &&
	      !memcmp(buf, "\xe5\xe5\xe5\xe5\0", 5),
	      "32-bit IN from PORT_SINK reads 0xe5e5e5e5 and nothing more");
	memset(buf, 0, sizeof(buf));
	memset(want, PORT_SINK_BYTE, 6);
	memset(want + 6, 0, 10);
	check(io(&rec, 0, PORT_SINK, 2, 3, buf, err) == PROTO_NONE &&
	      !memcmp(buf, want, sizeof(buf)),
	      "string IN (insw x3) from PORT_SINK fills exactly 6 bytes");
}

static void test_data(void)
{
	struct proto_rec rec = { 0 };
	uint8_t words[8] = { 0x78, 0x56, 0x34, 0x12, 0xef, 0xbe, 0xad, 0xde };
	char err[256];
	unsigned int i;
	int ok = 1;

	check(io(&rec, 1, PORT_DATA, 4, 1, words, err) == PROTO_NONE &&
	      rec.nr_words == 1 && rec.words[0] == 0x12345678,
	      "32-bit OUT to PORT_DATA appends a little-endian word");
	check(io(&rec, 1, PORT_DATA, 4, 2, words, err) == PROTO_NONE &&
	      rec.nr_words == 3 && rec.words[2] == 0xdeadbeef,
	      "string OUT (outsl x2) to PORT_DATA appends both words");
	check(io(&rec, 1, PORT_DATA, 1, 1, words, err) == PROTO_ERROR,
	      "8-bit OUT to PORT_DATA is an error");
	check_str(err, "1-byte OUT to PORT_DATA (0x5E0); words must be sent with a 32-bit OUT (outl %eax, %dx)",
		  "... and says to use a 32-bit OUT");
	check(io(&rec, 0, PORT_DATA, 4, 1, words, err) == PROTO_ERROR &&
	      strstr(err, "write-only"),
	      "IN from PORT_DATA is an error naming the port write-only");

	proto_clear(&rec);
	for (i = 0; i < PROTO_MAX_WORDS; i++)
		ok &= io(&rec, 1, PORT_DATA, 4, 1, words, err) == PROTO_NONE;
	check(ok && rec.nr_words == PROTO_MAX_WORDS, "64 words fit a record");
	check(io(&rec, 1, PORT_DATA, 4, 1, words, err) == PROTO_ERROR &&
	      rec.nr_words == PROTO_MAX_WORDS,
	      "word 65 is a record overflow and is not stored");
	check_str(err, "record overflow: more than 64 words on PORT_DATA (0x5E0); send CMD_REC before the next word",
		  "... with a message saying what to do");
}

static void test_cmd(void)
{
	struct proto_rec rec = { 0 };
	uint8_t cmd[2] = { 0, 0 };
	char err[256];

	cmd[0] = CMD_REC;
	check(io(&rec, 1, PORT_CMD, 1, 1, cmd, err) == PROTO_REC, "CMD_REC");
	cmd[0] = CMD_DONE;
	check(io(&rec, 1, PORT_CMD, 1, 1, cmd, err) == PROTO_DONE, "CMD_DONE");
	cmd[0] = CMD_FAIL;
	check(io(&rec, 1, PORT_CMD, 1, 1, cmd, err) == PROTO_FAIL, "CMD_FAIL");
	cmd[0] = CMD_EXCEPTION;
	check(io(&rec, 1, PORT_CMD, 1, 1, cmd, err) == PROTO_EXCEPTION,
	      "CMD_EXCEPTION");
	cmd[0] = 9;
	check(io(&rec, 1, PORT_CMD, 1, 1, cmd, err) == PROTO_ERROR,
	      "unknown command is an error");
	check_str(err, "unknown command 9 on PORT_CMD (0x5E1); use CMD_REC=1, CMD_DONE=2 or CMD_FAIL=3",
		  "... listing the valid commands");
	cmd[0] = CMD_DONE;
	check(io(&rec, 1, PORT_CMD, 2, 1, cmd, err) == PROTO_ERROR &&
	      strstr(err, "2-byte OUT to PORT_CMD"),
	      "16-bit OUT to PORT_CMD is an error");
	check(io(&rec, 1, PORT_CMD, 1, 2, cmd, err) == PROTO_ERROR &&
	      strstr(err, "one command per OUT"),
	      "string OUT to PORT_CMD is an error");
	check(io(&rec, 0, PORT_CMD, 1, 1, cmd, err) == PROTO_ERROR &&
	      strstr(err, "IN from PORT_CMD"),
	      "IN from PORT_CMD is an error");
}

static void test_other_ports(void)
{
	struct proto_rec rec = { 0 };
	uint8_t buf[4] = { 0 };
	char err[256];

	check(io(&rec, 1, 0x80, 1, 1, buf, err) == PROTO_ERROR,
	      "OUT to port 0x80 is an error");
	check_str(err, "unexpected OUT to port 0x80 (size 1); payloads may only use ports 0x5E0-0x5E2",
		  "... naming port, size and the allowed range");
	check(io(&rec, 0, 0x5e3, 4, 1, buf, err) == PROTO_ERROR,
	      "IN from port 0x5e3 is an error");
	check_str(err, "unexpected IN from port 0x5e3 (size 4); payloads may only use ports 0x5E0-0x5E2",
		  "... with the direction in the message");
}

static void test_format(void)
{
	struct proto_rec rec = { 0 };
	char line[16 + 9 * PROTO_MAX_WORDS + 2], small[12];
	unsigned int i;
	int len;

	check(proto_format(line, sizeof(line), "@rec", 0, &rec) == 7,
	      "empty record formats");
	check_str(line, "@rec 0\n", "... as '@rec 0'");

	rec.words[rec.nr_words++] = 0xa;
	rec.words[rec.nr_words++] = 0xdeadbeef;
	rec.words[rec.nr_words++] = 0;
	proto_format(line, sizeof(line), "@fail", 63, &rec);
	check_str(line, "@fail 63 0000000a deadbeef 00000000\n",
		  "words print as 8 lowercase hex digits");

	check(proto_format(small, sizeof(small), "@rec", 1, &rec) == -1,
	      "too small a buffer is refused");

	for (rec.nr_words = 0, i = 0; i < PROTO_MAX_WORDS; i++)
		rec.words[rec.nr_words++] = 0xffffffff;
	len = proto_format(line, sizeof(line), "@fail", 63, &rec);
	check(len == (int)strlen("@fail 63") + 9 * PROTO_MAX_WORDS + 1 &&
	      line[len - 1] == '\n',
	      "a full record fits the documented buffer size");

	proto_clear(&rec);
	check(rec.nr_words == 0, "proto_clear empties the record");
}

static void test_exception(void)
{
	struct proto_rec rec = { 3, { 13, 0x1030, 0 } };
	char msg[256];

	proto_describe_exception(msg, sizeof(msg), &rec);
	check(!strncmp(msg, "guest exception 13 (#GP general protection) at 0000:1030;", 57),
	      "#GP report names vector, mnemonic and CS:IP");
	rec.words[0] = 32;
	proto_describe_exception(msg, sizeof(msg), &rec);
	check(strstr(msg, "INT with a vector >= 32 at 0000:1030") != NULL,
	      "vector 32 is reported as a software interrupt");
	rec.nr_words = 1;
	proto_describe_exception(msg, sizeof(msg), &rec);
	check(strstr(msg, "malformed exception report: 1 word(s)") != NULL,
	      "a report with the wrong word count is called malformed");
}

int main(void)
{
	test_sink();
	test_data();
	test_cmd();
	test_other_ports();
	test_format();
	test_exception();
	printf("1..%u\n", nr_tests);
	return nr_failed ? 1 : 0;
}
