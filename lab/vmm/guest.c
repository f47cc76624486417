// SPDX-License-Identifier: GPL-2.0
/* Guest memory contents: the payload and exception stubs behind the IVT. */
#include <stdint.h>
#include <string.h>

#include "vmm.h"

/*
 * A payload bug that faults (say a WRMSR that KVM answers with #GP) would
 * otherwise vector through an all-zero IVT to 0000:0000 and run garbage
 * until the timeout. Instead every IVT entry points at a stub that reports
 * the vector and the faulting CS:IP with CMD_EXCEPTION, so the run fails at
 * once with a precise message. The stubs only run after a fault, so they
 * add no exits to a correct payload.
 *
 * Layout from TRAP_STUB_BASE: the common tail, then one stub per vector
 * 0..31 and a shared stub for every vector >= 32 (reported as 32). In real
 * mode the CPU pushes FLAGS, CS and IP; the stub pushes the vector on top.
 */
#define TRAP_STUBS	(TRAP_STUB_BASE + 0x20)
#define TRAP_STUB_LEN	5
#define TRAP_NR_STUBS	33

static const uint8_t trap_tail[] = {
	0xba, PORT_DATA & 0xff, PORT_DATA >> 8,	/* mov  $PORT_DATA, %dx */
	0x66, 0x31, 0xc0,			/* xor  %eax, %eax */
	0x58,					/* pop  %ax (vector) */
	0x66, 0xef,				/* out  %eax, %dx */
	0x58,					/* pop  %ax (IP) */
	0x66, 0xef,				/* out  %eax, %dx */
	0x58,					/* pop  %ax (CS) */
	0x66, 0xef,				/* out  %eax, %dx */
	0x42,					/* inc  %dx (PORT_CMD) */
	0xb0, CMD_EXCEPTION,			/* mov  $CMD_EXCEPTION, %al */
	0xee,					/* out  %al, %dx */
	0xf4,					/* 1: hlt */
	0xeb, 0xfd,				/* jmp  1b */
};

_Static_assert(sizeof(trap_tail) <= TRAP_STUBS - TRAP_STUB_BASE,
	       "exception tail overlaps the stubs");
_Static_assert(TRAP_STUBS + TRAP_NR_STUBS * TRAP_STUB_LEN <= PAYLOAD_ADDR,
	       "exception stubs overlap the payload");
_Static_assert(PORT_CMD == PORT_DATA + 1, "the tail reaches PORT_CMD by inc");

static void guest_put_stub(uint8_t *mem, unsigned int vector)
{
	uint32_t at = TRAP_STUBS + vector * TRAP_STUB_LEN;
	uint16_t rel = TRAP_STUB_BASE - (at + TRAP_STUB_LEN);

	mem[at + 0] = 0x6a;			/* push $vector */
	mem[at + 1] = vector;
	mem[at + 2] = 0xe9;			/* jmp  tail */
	mem[at + 3] = rel & 0xff;
	mem[at + 4] = rel >> 8;
}

static void guest_put_ivt(uint8_t *mem)
{
	unsigned int vector, stub;
	uint16_t offset;

	for (vector = 0; vector < 256; vector++) {
		stub = vector < 32 ? vector : 32;
		offset = TRAP_STUBS + stub * TRAP_STUB_LEN;
		/* IVT entry: 16-bit offset, then 16-bit segment 0. */
		mem[vector * 4 + 0] = offset & 0xff;
		mem[vector * 4 + 1] = offset >> 8;
		mem[vector * 4 + 2] = 0;
		mem[vector * 4 + 3] = 0;
	}
}

/* Fill fresh (zeroed) guest memory: IVT, stubs and the payload image. */
void guest_load(void *mem, const void *payload, size_t size)
{
	uint8_t *bytes = mem;
	unsigned int stub;

	guest_put_ivt(bytes);
	memcpy(bytes + TRAP_STUB_BASE, trap_tail, sizeof(trap_tail));
	for (stub = 0; stub < TRAP_NR_STUBS; stub++)
		guest_put_stub(bytes, stub);
	memcpy(bytes + PAYLOAD_ADDR, payload, size);
}
