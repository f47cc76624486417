/* SPDX-License-Identifier: GPL-2.0 */
/* I/O port protocol between testvmm and its payloads (C and .S alike). */
#ifndef EXITSTAT_LAB_PORTS_H
#define EXITSTAT_LAB_PORTS_H

/*
 * Only #defines live here: the payloads include this file through the C
 * preprocessor, so it must stay valid assembler input too.
 *
 * A payload talks to testvmm through three I/O ports; any other port, or
 * another access size on PORT_DATA/PORT_CMD, is a protocol error and the
 * run fails.
 *
 * PORT_DATA (32-bit OUT only): append one u32 to the vCPU's current
 *	record. A record holds at most PROTO_MAX_WORDS words; one more is a
 *	protocol error.
 *
 * PORT_CMD (8-bit OUT only): one command byte.
 *	CMD_REC		print the record as "@rec <vcpu> <w0> <w1> ..." on stdout
 *			(each word as 8 lowercase hex digits) and clear it.
 *	CMD_DONE	the payload has finished (see "Ending" below).
 *	CMD_FAIL	the payload detected an error: testvmm prints
 *			"@fail <vcpu> <words...>" on stdout and a message on
 *			stderr, stops this vCPU, and exits 1 at the end.
 *	CMD_EXCEPTION	sent only by testvmm's own exception stubs at
 *			TRAP_STUB_BASE (words: vector, IP, CS); handled like
 *			CMD_FAIL. Payloads do not send it.
 *
 * PORT_SINK (IN or OUT of any size): the counted I/O target. OUTs are
 *	ignored; INs read PORT_SINK_BYTE in every byte.
 *
 * Ending. Without an in-kernel irqchip, HLT exits to testvmm: an HLT
 * before CMD_DONE is simply resumed (so payloads may count HLTs), and the
 * first HLT after CMD_DONE ends the vCPU. With -I (irqchip) KVM handles
 * HLT itself and, with IF=0, would never return, so CMD_DONE ends the vCPU
 * at once and the HLT after it never runs. Hence every payload ends with
 * "CMD_DONE; hlt": one OUT exit, plus one HLT exit without -I only.
 *
 * Exit cost of the protocol itself: a word is one OUT exit, so a record
 * of k words costs k + 1 OUT exits; CMD_DONE costs one.
 */
#define PORT_DATA		0x5E0
#define PORT_CMD		0x5E1
#define PORT_SINK		0x5E2

#define PORT_FIRST		PORT_DATA
#define PORT_LAST		PORT_SINK

#define CMD_REC			1
#define CMD_DONE		2
#define CMD_FAIL		3
#define CMD_EXCEPTION		4

#define PORT_SINK_BYTE		0xE5
#define PROTO_MAX_WORDS		64

/* Guest-physical layout shared by testvmm and the payloads. */
#define PAYLOAD_ADDR		0x1000	/* CS = 0, IP = PAYLOAD_ADDR */
#define PAYLOAD_MAX_SIZE	(STACK_BASE - PAYLOAD_ADDR)
#define TRAP_STUB_BASE		0x500	/* IVT entries point here */
#define STACK_BASE		0x20000	/* vCPU n: SS = (STACK_BASE >> 4) + n * 0x100 */
#define STACK_SIZE		0x1000
#define STACK_TOP		0xFF0	/* initial SP */
#define MAX_VCPUS		64
#define GUEST_MIN_BYTES		(STACK_BASE + MAX_VCPUS * STACK_SIZE)

/* MSRs the payloads use. */
#define MSR_IA32_APICBASE	0x1B
#define MSR_IA32_UCODE_REV	0x8B
#define MSR_X2APIC_ICR		0x830

#endif /* EXITSTAT_LAB_PORTS_H */
