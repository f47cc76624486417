/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kvm_exit_stats.h: the guest-visible ABI of KVM exit statistics.
 *
 * KVM counts every VM exit per exit reason, with the host TSC cycles spent
 * handling it, and answers CPUID leaves 0x4ffffff0..0x4fffffff with those
 * counters.  This header is shared by the KVM patch and by the userspace
 * reader: leaf numbers, status codes, the signature, the flag word of the
 * info leaf, and one table of exit reason names per vendor.
 *
 * A 64-bit value returned by a leaf is always split high 32 bits in EBX,
 * low 32 bits in ECX.
 */
#ifndef _ASM_X86_KVM_EXIT_STATS_H
#define _ASM_X86_KVM_EXIT_STATS_H

#include <linux/types.h>

/*
 * Course layouts: the four leaves at the top of the range mean what the
 * "layout" module parameter selects.  Per-reason leaves take the reason in
 * ECX.  Layout 2021 is the default (course texts of 2021 and 2023).
 */
#define KVM_EXIT_STATS_LEAF_COURSE_FIRST	0x4ffffffc
#define KVM_EXIT_STATS_LEAF_COURSE_LAST		0x4fffffff

#define KVM_EXIT_STATS_2021_LEAF_TOTALS		0x4fffffff /* EAX exits, EBX:ECX cycles */
#define KVM_EXIT_STATS_2021_LEAF_TOTAL_CYCLES	0x4ffffffe /* EBX:ECX */
#define KVM_EXIT_STATS_2021_LEAF_REASON_EXITS	0x4ffffffd /* EAX */
#define KVM_EXIT_STATS_2021_LEAF_REASON_CYCLES	0x4ffffffc /* EBX:ECX */

#define KVM_EXIT_STATS_2020_LEAF_TOTALS		0x4fffffff /* EAX exits, EBX:ECX cycles */
#define KVM_EXIT_STATS_2020_LEAF_REASON_EXITS	0x4ffffffe /* EAX */

#define KVM_EXIT_STATS_2022_LEAF_REASON_CYCLES	0x4fffffff /* EBX:ECX */
#define KVM_EXIT_STATS_2022_LEAF_REASON_EXITS	0x4ffffffe /* EAX */
#define KVM_EXIT_STATS_2022_LEAF_TOTAL_CYCLES	0x4ffffffd /* EBX:ECX */
#define KVM_EXIT_STATS_2022_LEAF_TOTAL_EXITS	0x4ffffffc /* EAX */

/*
 * Extended leaves: the same in every layout, full 64-bit values.  The
 * per-reason leaves (ECX = reason) return the value in EBX:ECX, a
 * KVM_EXIT_STATS_STATUS_* in EAX and, in EDX, KVM_EXIT_STATS_EDX_UNDEFINED
 * for a reason the vendor manual does not define, else 0.
 */
#define KVM_EXIT_STATS_LEAF_INFO		0x4ffffff0
#define KVM_EXIT_STATS_LEAF_REASON_COUNT	0x4ffffff1
#define KVM_EXIT_STATS_LEAF_REASON_CYCLES	0x4ffffff2
#define KVM_EXIT_STATS_LEAF_REASON_MIN		0x4ffffff3
#define KVM_EXIT_STATS_LEAF_REASON_MAX		0x4ffffff4
#define KVM_EXIT_STATS_LEAF_TOTAL_EXITS		0x4ffffff5
#define KVM_EXIT_STATS_LEAF_TOTAL_CYCLES	0x4ffffff6

#define KVM_EXIT_STATS_LEAF_EXT_FIRST		KVM_EXIT_STATS_LEAF_INFO
#define KVM_EXIT_STATS_LEAF_EXT_LAST		KVM_EXIT_STATS_LEAF_TOTAL_CYCLES

/* EAX of the extended per-reason leaves */
#define KVM_EXIT_STATS_STATUS_OK		0
#define KVM_EXIT_STATS_STATUS_NOT_ENABLED	1 /* defined, but this KVM never produces it */
#define KVM_EXIT_STATS_STATUS_UNDEFINED		2 /* not defined by the SDM / APM */

/*
 * EDX for an undefined reason, in the extended and the course per-reason
 * leaves (where EAX, EBX and ECX are then 0; a defined reason that is not
 * enabled returns all four registers 0 there).
 */
#define KVM_EXIT_STATS_EDX_UNDEFINED		0xffffffff

/* The 64-bit value of a leaf from its EBX (high) and ECX (low) */
#define KVM_EXIT_STATS_U64(ebx, ecx)	(((__u64)(ebx) << 32) | (__u32)(ecx))

/*
 * Leaf 0x4ffffff0 returns "KVMExitStats" in EBX, ECX, EDX: the ASCII bytes
 * in order, little-endian in each register, as KVM's own "KVMKVMKVM" in
 * leaf 0x40000000.  "KVME" = 0x454d564b, "xitS" = 0x53746978,
 * "tats" = 0x73746174.
 */
#define KVM_EXIT_STATS_SIGNATURE		"KVMExitStats"
#define KVM_EXIT_STATS_SIGNATURE_EBX		0x454d564b
#define KVM_EXIT_STATS_SIGNATURE_ECX		0x53746978
#define KVM_EXIT_STATS_SIGNATURE_EDX		0x73746174

#define KVM_EXIT_STATS_ABI_VERSION		1

/*
 * EAX of leaf 0x4ffffff0:
 *   bits  7:0   ABI version (KVM_EXIT_STATS_ABI_VERSION)
 *   bit   8     reason numbering: 0 = VMX (Intel SDM), 1 = SVM (AMD APM)
 *   bit   9     scope: 0 = this VM (all its vCPUs), 1 = host (all VMs
 *               since module load)
 *   bits 11:10  course layout: 0 = 2021, 1 = 2020, 2 = 2022, 3 = off
 *               (the course leaves are left to normal KVM CPUID, the
 *               extended leaves still answer)
 *   bit  12     paused: 1 = counting is switched off, the counters are
 *               frozen at their last values
 *   bits 31:13  reserved, 0
 * The value 0 in every field is the default configuration, so a reader
 * can treat a field it does not know as absent.  When the interface is off
 * entirely, leaf 0x4ffffff0 is answered by normal KVM CPUID, without the
 * signature.
 */
#define KVM_EXIT_STATS_INFO_VERSION_SHIFT	0
#define KVM_EXIT_STATS_INFO_VERSION_MASK	0xff
#define KVM_EXIT_STATS_INFO_VENDOR_SHIFT	8
#define KVM_EXIT_STATS_INFO_VENDOR_MASK		0x1
#define KVM_EXIT_STATS_INFO_SCOPE_SHIFT		9
#define KVM_EXIT_STATS_INFO_SCOPE_MASK		0x1
#define KVM_EXIT_STATS_INFO_LAYOUT_SHIFT	10
#define KVM_EXIT_STATS_INFO_LAYOUT_MASK		0x3
#define KVM_EXIT_STATS_INFO_PAUSED_SHIFT	12
#define KVM_EXIT_STATS_INFO_PAUSED_MASK		0x1
#define KVM_EXIT_STATS_INFO_RESERVED		0xffffe000

#define KVM_EXIT_STATS_VENDOR_VMX		0
#define KVM_EXIT_STATS_VENDOR_SVM		1

#define KVM_EXIT_STATS_SCOPE_VM			0
#define KVM_EXIT_STATS_SCOPE_HOST		1

#define KVM_EXIT_STATS_LAYOUT_2021		0
#define KVM_EXIT_STATS_LAYOUT_2020		1
#define KVM_EXIT_STATS_LAYOUT_2022		2
#define KVM_EXIT_STATS_LAYOUT_OFF		3

#define KVM_EXIT_STATS_INFO_FIELD(eax, f)				\
	(((__u32)(eax) >> KVM_EXIT_STATS_INFO_##f##_SHIFT) &		\
	 KVM_EXIT_STATS_INFO_##f##_MASK)
#define KVM_EXIT_STATS_INFO_VERSION(eax)	KVM_EXIT_STATS_INFO_FIELD(eax, VERSION)
#define KVM_EXIT_STATS_INFO_VENDOR(eax)		KVM_EXIT_STATS_INFO_FIELD(eax, VENDOR)
#define KVM_EXIT_STATS_INFO_SCOPE(eax)		KVM_EXIT_STATS_INFO_FIELD(eax, SCOPE)
#define KVM_EXIT_STATS_INFO_LAYOUT(eax)		KVM_EXIT_STATS_INFO_FIELD(eax, LAYOUT)
#define KVM_EXIT_STATS_INFO_PAUSED(eax)		KVM_EXIT_STATS_INFO_FIELD(eax, PAUSED)

#define KVM_EXIT_STATS_INFO_PUT(f, v)					\
	(((__u32)(v) & KVM_EXIT_STATS_INFO_##f##_MASK) <<		\
	 KVM_EXIT_STATS_INFO_##f##_SHIFT)
#define KVM_EXIT_STATS_INFO_EAX(version, vendor, scope, layout, paused)	\
	(KVM_EXIT_STATS_INFO_PUT(VERSION, version) |			\
	 KVM_EXIT_STATS_INFO_PUT(VENDOR, vendor) |			\
	 KVM_EXIT_STATS_INFO_PUT(SCOPE, scope) |			\
	 KVM_EXIT_STATS_INFO_PUT(LAYOUT, layout) |			\
	 KVM_EXIT_STATS_INFO_PUT(PAUSED, paused))

/*
 * Exit reason names: each table is a complete array initializer of
 * { number, "name" } pairs in increasing number order, e.g.
 *   static const struct { __u32 code; const char *name; } t[] =
 *	KVM_EXIT_STATS_VMX_REASONS;
 * (the outer braces keep the macro a single expression).  A number missing
 * from a table is one the vendor manual does not define.  Where the kernel's
 * VMX_EXIT_REASONS / SVM_EXIT_REASONS name a reason, the name here is the
 * same string, so that reports match the kvm_exit tracepoint.
 *
 * VMX: basic exit reasons (bits 15:0 of the exit reason) of the Intel SDM,
 * Vol. 3, Appendix C, Table C-1.  The SDM leaves 35, 38, 42, 82 and 83
 * unused.  71 is left undefined too: the SDM-derived exit lists skip it,
 * while Intel's TDX module source calls it SGX_CONFLICT, an exit that the
 * SDM's SGX chapter mentions; it is added once Table C-1 is seen to list it.
 * A failed VM entry is counted under its basic reason 33, 34 or 41.
 */
#define KVM_EXIT_STATS_VMX_MAX_REASON		85
#define KVM_EXIT_STATS_VMX_NR_DEFINED		80

#define KVM_EXIT_STATS_VMX_REASONS { \
	{  0, "EXCEPTION_NMI" }, \
	{  1, "EXTERNAL_INTERRUPT" }, \
	{  2, "TRIPLE_FAULT" }, \
	{  3, "INIT_SIGNAL" }, \
	{  4, "SIPI_SIGNAL" }, \
	{  5, "IO_SMI" }, \
	{  6, "OTHER_SMI" }, \
	{  7, "INTERRUPT_WINDOW" }, \
	{  8, "NMI_WINDOW" }, \
	{  9, "TASK_SWITCH" }, \
	{ 10, "CPUID" }, \
	{ 11, "GETSEC" }, \
	{ 12, "HLT" }, \
	{ 13, "INVD" }, \
	{ 14, "INVLPG" }, \
	{ 15, "RDPMC" }, \
	{ 16, "RDTSC" }, \
	{ 17, "RSM" }, \
	{ 18, "VMCALL" }, \
	{ 19, "VMCLEAR" }, \
	{ 20, "VMLAUNCH" }, \
	{ 21, "VMPTRLD" }, \
	{ 22, "VMPTRST" }, \
	{ 23, "VMREAD" }, \
	{ 24, "VMRESUME" }, \
	{ 25, "VMWRITE" }, \
	{ 26, "VMOFF" }, \
	{ 27, "VMON" }, \
	{ 28, "CR_ACCESS" }, \
	{ 29, "DR_ACCESS" }, \
	{ 30, "IO_INSTRUCTION" }, \
	{ 31, "MSR_READ" }, \
	{ 32, "MSR_WRITE" }, \
	{ 33, "INVALID_STATE" }, \
	{ 34, "MSR_LOAD_FAIL" }, \
	/* 35: not used by the SDM */ \
	{ 36, "MWAIT_INSTRUCTION" }, \
	{ 37, "MONITOR_TRAP_FLAG" }, \
	/* 38: not used by the SDM */ \
	{ 39, "MONITOR_INSTRUCTION" }, \
	{ 40, "PAUSE_INSTRUCTION" }, \
	{ 41, "MCE_DURING_VMENTRY" }, \
	/* 42: not used by the SDM */ \
	{ 43, "TPR_BELOW_THRESHOLD" }, \
	{ 44, "APIC_ACCESS" }, \
	{ 45, "EOI_INDUCED" }, \
	{ 46, "GDTR_IDTR" }, \
	{ 47, "LDTR_TR" }, \
	{ 48, "EPT_VIOLATION" }, \
	{ 49, "EPT_MISCONFIG" }, \
	{ 50, "INVEPT" }, \
	{ 51, "RDTSCP" }, \
	{ 52, "PREEMPTION_TIMER" }, \
	{ 53, "INVVPID" }, \
	{ 54, "WBINVD" }, \
	{ 55, "XSETBV" }, \
	{ 56, "APIC_WRITE" }, \
	{ 57, "RDRAND" }, \
	{ 58, "INVPCID" }, \
	{ 59, "VMFUNC" }, \
	{ 60, "ENCLS" }, \
	{ 61, "RDSEED" }, \
	{ 62, "PML_FULL" }, \
	{ 63, "XSAVES" }, \
	{ 64, "XRSTORS" }, \
	{ 65, "PCONFIG" }, \
	{ 66, "SPP_EVENT" }, \
	{ 67, "UMWAIT" }, \
	{ 68, "TPAUSE" }, \
	{ 69, "LOADIWKEY" }, \
	{ 70, "ENCLV" }, \
	/* 71: left undefined, see above */ \
	{ 72, "ENQCMD_PASID_FAIL" }, \
	{ 73, "ENQCMDS_PASID_FAIL" }, \
	{ 74, "BUS_LOCK" }, \
	{ 75, "NOTIFY" }, \
	{ 76, "SEAMCALL" }, \
	{ 77, "TDCALL" }, \
	{ 78, "RDMSRLIST" }, \
	{ 79, "WRMSRLIST" }, \
	{ 80, "URDMSR" }, \
	{ 81, "UWRMSR" }, \
	/* 82, 83: not used by the SDM */ \
	{ 84, "MSR_READ_IMM" }, \
	{ 85, "MSR_WRITE_IMM" } \
}

/*
 * SVM: EXITCODE values of the AMD APM, Vol. 2, Appendix C, Table C-1.
 * The APM defines every code of 0x000..0x0a6 (CR and DR reads and writes
 * and CR write traps for all 16 registers, and an exception code
 * 0x040 + vector for each of the 32 vectors, reserved vectors included:
 * the table lists VMEXIT_EXCP0..31 as one range), 0x400..0x403 and
 * -1 (0xffffffff).  Exception names follow the kernel's "DE excp" form;
 * "vecN excp" is a vector without an AMD mnemonic.  Not listed: the
 * SEV-ES software-defined VMGEXIT events (0x8000xxxx) of the kernel's
 * SVM_EXIT_REASONS, which are GHCB exit codes, not hardware EXITCODEs, and
 * the SEV-SNP codes -2..-4 (VMEXIT_BUSY, VMEXIT_IDLE_REQUIRED,
 * VMEXIT_INVALID_PMC), which lie outside the counted ranges.
 */
#define KVM_EXIT_STATS_SVM_LOW_LAST		0x0a6
#define KVM_EXIT_STATS_SVM_HIGH_FIRST		0x400
#define KVM_EXIT_STATS_SVM_HIGH_LAST		0x403
#define KVM_EXIT_STATS_SVM_EXIT_INVALID		0xffffffff
#define KVM_EXIT_STATS_SVM_NR_DEFINED		172

#define KVM_EXIT_STATS_SVM_REASONS { \
	/* CR0..CR15 reads, then CR0..CR15 writes */ \
	{ 0x000, "read_cr0" }, \
	{ 0x001, "read_cr1" }, \
	{ 0x002, "read_cr2" }, \
	{ 0x003, "read_cr3" }, \
	{ 0x004, "read_cr4" }, \
	{ 0x005, "read_cr5" }, \
	{ 0x006, "read_cr6" }, \
	{ 0x007, "read_cr7" }, \
	{ 0x008, "read_cr8" }, \
	{ 0x009, "read_cr9" }, \
	{ 0x00a, "read_cr10" }, \
	{ 0x00b, "read_cr11" }, \
	{ 0x00c, "read_cr12" }, \
	{ 0x00d, "read_cr13" }, \
	{ 0x00e, "read_cr14" }, \
	{ 0x00f, "read_cr15" }, \
	{ 0x010, "write_cr0" }, \
	{ 0x011, "write_cr1" }, \
	{ 0x012, "write_cr2" }, \
	{ 0x013, "write_cr3" }, \
	{ 0x014, "write_cr4" }, \
	{ 0x015, "write_cr5" }, \
	{ 0x016, "write_cr6" }, \
	{ 0x017, "write_cr7" }, \
	{ 0x018, "write_cr8" }, \
	{ 0x019, "write_cr9" }, \
	{ 0x01a, "write_cr10" }, \
	{ 0x01b, "write_cr11" }, \
	{ 0x01c, "write_cr12" }, \
	{ 0x01d, "write_cr13" }, \
	{ 0x01e, "write_cr14" }, \
	{ 0x01f, "write_cr15" }, \
	/* DR0..DR15 reads, then DR0..DR15 writes */ \
	{ 0x020, "read_dr0" }, \
	{ 0x021, "read_dr1" }, \
	{ 0x022, "read_dr2" }, \
	{ 0x023, "read_dr3" }, \
	{ 0x024, "read_dr4" }, \
	{ 0x025, "read_dr5" }, \
	{ 0x026, "read_dr6" }, \
	{ 0x027, "read_dr7" }, \
	{ 0x028, "read_dr8" }, \
	{ 0x029, "read_dr9" }, \
	{ 0x02a, "read_dr10" }, \
	{ 0x02b, "read_dr11" }, \
	{ 0x02c, "read_dr12" }, \
	{ 0x02d, "read_dr13" }, \
	{ 0x02e, "read_dr14" }, \
	{ 0x02f, "read_dr15" }, \
	{ 0x030, "write_dr0" }, \
	{ 0x031, "write_dr1" }, \
	{ 0x032, "write_dr2" }, \
	{ 0x033, "write_dr3" }, \
	{ 0x034, "write_dr4" }, \
	{ 0x035, "write_dr5" }, \
	{ 0x036, "write_dr6" }, \
	{ 0x037, "write_dr7" }, \
	{ 0x038, "write_dr8" }, \
	{ 0x039, "write_dr9" }, \
	{ 0x03a, "write_dr10" }, \
	{ 0x03b, "write_dr11" }, \
	{ 0x03c, "write_dr12" }, \
	{ 0x03d, "write_dr13" }, \
	{ 0x03e, "write_dr14" }, \
	{ 0x03f, "write_dr15" }, \
	/* exception intercepts: 0x040 + vector, for every vector 0..31 */ \
	{ 0x040, "DE excp" }, \
	{ 0x041, "DB excp" }, \
	{ 0x042, "NMI excp" }, \
	{ 0x043, "BP excp" }, \
	{ 0x044, "OF excp" }, \
	{ 0x045, "BR excp" }, \
	{ 0x046, "UD excp" }, \
	{ 0x047, "NM excp" }, \
	{ 0x048, "DF excp" }, \
	{ 0x049, "vec9 excp" }, \
	{ 0x04a, "TS excp" }, \
	{ 0x04b, "NP excp" }, \
	{ 0x04c, "SS excp" }, \
	{ 0x04d, "GP excp" }, \
	{ 0x04e, "PF excp" }, \
	{ 0x04f, "vec15 excp" }, \
	{ 0x050, "MF excp" }, \
	{ 0x051, "AC excp" }, \
	{ 0x052, "MC excp" }, \
	{ 0x053, "XF excp" }, \
	{ 0x054, "vec20 excp" }, \
	{ 0x055, "CP excp" }, \
	{ 0x056, "vec22 excp" }, \
	{ 0x057, "vec23 excp" }, \
	{ 0x058, "vec24 excp" }, \
	{ 0x059, "vec25 excp" }, \
	{ 0x05a, "vec26 excp" }, \
	{ 0x05b, "vec27 excp" }, \
	{ 0x05c, "HV excp" }, \
	{ 0x05d, "VC excp" }, \
	{ 0x05e, "SX excp" }, \
	{ 0x05f, "vec31 excp" }, \
	/* physical events, then instruction intercepts */ \
	{ 0x060, "interrupt" }, \
	{ 0x061, "nmi" }, \
	{ 0x062, "smi" }, \
	{ 0x063, "init" }, \
	{ 0x064, "vintr" }, \
	{ 0x065, "cr0_sel_write" }, \
	{ 0x066, "read_idtr" }, \
	{ 0x067, "read_gdtr" }, \
	{ 0x068, "read_ldtr" }, \
	{ 0x069, "read_rt" }, \
	{ 0x06a, "write_idtr" }, \
	{ 0x06b, "write_gdtr" }, \
	{ 0x06c, "write_ldtr" }, \
	{ 0x06d, "write_rt" }, \
	{ 0x06e, "rdtsc" }, \
	{ 0x06f, "rdpmc" }, \
	{ 0x070, "pushf" }, \
	{ 0x071, "popf" }, \
	{ 0x072, "cpuid" }, \
	{ 0x073, "rsm" }, \
	{ 0x074, "iret" }, \
	{ 0x075, "swint" }, \
	{ 0x076, "invd" }, \
	{ 0x077, "pause" }, \
	{ 0x078, "hlt" }, \
	{ 0x079, "invlpg" }, \
	{ 0x07a, "invlpga" }, \
	{ 0x07b, "io" }, \
	{ 0x07c, "msr" }, \
	{ 0x07d, "task_switch" }, \
	{ 0x07e, "ferr_freeze" }, \
	{ 0x07f, "shutdown" }, \
	{ 0x080, "vmrun" }, \
	{ 0x081, "hypercall" }, \
	{ 0x082, "vmload" }, \
	{ 0x083, "vmsave" }, \
	{ 0x084, "stgi" }, \
	{ 0x085, "clgi" }, \
	{ 0x086, "skinit" }, \
	{ 0x087, "rdtscp" }, \
	{ 0x088, "icebp" }, \
	{ 0x089, "wbinvd" }, \
	{ 0x08a, "monitor" }, \
	{ 0x08b, "mwait" }, \
	{ 0x08c, "mwait_cond" }, \
	{ 0x08d, "xsetbv" }, \
	{ 0x08e, "rdpru" }, \
	/* EFER and CR0..CR15 write traps (SEV-ES) */ \
	{ 0x08f, "write_efer_trap" }, \
	{ 0x090, "write_cr0_trap" }, \
	{ 0x091, "write_cr1_trap" }, \
	{ 0x092, "write_cr2_trap" }, \
	{ 0x093, "write_cr3_trap" }, \
	{ 0x094, "write_cr4_trap" }, \
	{ 0x095, "write_cr5_trap" }, \
	{ 0x096, "write_cr6_trap" }, \
	{ 0x097, "write_cr7_trap" }, \
	{ 0x098, "write_cr8_trap" }, \
	{ 0x099, "write_cr9_trap" }, \
	{ 0x09a, "write_cr10_trap" }, \
	{ 0x09b, "write_cr11_trap" }, \
	{ 0x09c, "write_cr12_trap" }, \
	{ 0x09d, "write_cr13_trap" }, \
	{ 0x09e, "write_cr14_trap" }, \
	{ 0x09f, "write_cr15_trap" }, \
	/* INVLPGB .. IDLE_HLT */ \
	{ 0x0a0, "invlpgb" }, \
	{ 0x0a1, "invlpgb_illegal" }, \
	{ 0x0a2, "invpcid" }, \
	{ 0x0a3, "mcommit" }, \
	{ 0x0a4, "tlbsync" }, \
	{ 0x0a5, "buslock" }, \
	{ 0x0a6, "idle-halt" }, \
	/* nested paging, AVIC, SEV-ES VMGEXIT */ \
	{ 0x400, "npf" }, \
	{ 0x401, "avic_incomplete_ipi" }, \
	{ 0x402, "avic_unaccelerated_access" }, \
	{ 0x403, "vmgexit" }, \
	/* VMEXIT_INVALID: VMRUN failed its consistency checks */ \
	{ 0xffffffff, "invalid_guest_state" } \
}

#endif /* _ASM_X86_KVM_EXIT_STATS_H */
