# SPDX-License-Identifier: GPL-2.0
#
# The patched KVM on Intel VMX (Bochs lab), in one boot: exact per-reason
# exit counts with SDM reason numbers in the per-VM debugfs table, equal
# to the kvm_exit tracepoint's, for CPUID (10), IO_INSTRUCTION (30: OUT
# and IN), HLT (12), MSR_READ (31), MSR_WRITE (32: normal path and the
# x2APIC ICR fastpath, whose exits never reach the exit handler: a build
# that counts only there fails here) and PREEMPTION_TIMER (52, the LAPIC
# timer on the VMX preemption timer, handled in the fastpath); the
# guest's own view (CPUID 0x4FFFFFF1/0x4FFFFFFD from inside the VM); the
# statuses of undefined and not-enabled reasons in all three course
# layouts; scope vm against scope host with two VMs. Then kvm_intel is
# reloaded with ept=0 and the payloads run again under shadow paging
# (what changes, and why, is described at that part below).
# Usage: vmx2-stats [ITERATIONS]   (default 300)
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh

n=${1:-300}
arms=10		# LAPIC timer periods of the timer payload
P=/lab/payloads
KI=/sys/module/kvm_intel/parameters

# SDM basic exit reasons used below
EXC=0 CPUID=10 HLT=12 INVLPG=14 CR=28 IO=30 RDMSR=31 WRMSR=32 EPTV=48 PTIMER=52

# Boot-time warnings of Bochs's CPU model are vmx-basic's business (50-*):
# only what happens from here on must be clean.
dmesg -c >/dev/null
t_start=$(cut -d. -f1 /proc/uptime)

require_exit_stats || return 0
is "$VENDOR" vmx "the lab CPU is Intel (VMX)"
is "$(cat $KI/ept)/$(cat $KI/unrestricted_guest)/$(cat $KI/preemption_timer)/$(cat $KI/enable_apicv)" \
	Y/Y/Y/N "kvm_intel: ept, unrestricted_guest, preemption_timer on; APICv off"
is "$(es_header $HOST_STATS vendor)" vmx "host-wide table says vendor=vmx"
start_keepers || { bail "cannot start the keeper VMs"; return 0; }

# --- kprobes: what a function returned or was given, in a histogram -----
# fastpath_t: 0 NONE, 1 REENTER_GUEST, 2 EXIT_HANDLED, 3 EXIT_USERSPACE.
# They count in the top-level trace instance, so only testvmm's threads
# (set_event_pid of hold_vmm) are seen.
KP=$TRACEFS/events/exitstat

# kr_add NAME FUNC: a return probe on FUNC with its u32 return value "v";
# kp_add NAME FUNC: a probe on FUNC with its second argument "v" (u32)
kr_add()
{
	echo "r:exitstat/$1 $2 v=\$retval:u32" >>$TRACEFS/kprobe_events 2>/dev/null &&
		[ -d "$KP/$1" ]
}

kp_add()
{
	echo "p:exitstat/$1 $2 v=%si:u32" >>$TRACEFS/kprobe_events 2>/dev/null &&
		[ -d "$KP/$1" ]
}

kr_del()
{
	echo "-:exitstat/$1" >>$TRACEFS/kprobe_events
}

# kr_on NAME: start counting; kr_off NAME: keep the counts, stop
KR_SPEC='hist:keys=v:size=128'
kr_on()
{
	echo "$KR_SPEC" >"$KP/$1/trigger"
}

kr_off()
{
	cat "$KP/$1/hist" >"/tmp/kr_$1"
	echo "!$KR_SPEC" >"$KP/$1/trigger"
}

# kr_count NAME [V]: hits between kr_on and kr_off (with value V)
kr_count()
{
	awk -v r="${2:--1}" '/^\{ v:/ { v = $3; sub(/}/, "", v)
		if (r < 0 || v == r) n += $6 } END { print n + 0 }' "/tmp/kr_$1"
}

# kr_diag NAME TEXT: the fastpath verdicts counted
kr_diag()
{
	diag "$2: NONE $(kr_count "$1" 0), REENTER_GUEST $(kr_count "$1" 1), EXIT_HANDLED $(kr_count "$1" 2), EXIT_USERSPACE $(kr_count "$1" 3)"
}

# kvm.ko: the MSR-write fastpath's verdicts. kvm_intel (again after its
# reload): vmx_vcpu_run() returns the fastpath verdict of every exit
# (handle_fastpath_preemption_timer() is inlined into it);
# vmx_handle_exit(), the exit handler, gets it as its second argument
# and runs for every exit that does not re-enter the guest directly;
# handle_preemption_timer() is the slow path of a timer exit.
if kr_add fp_msr handle_fastpath_set_msr_irqoff; then
	ok "kretprobe on handle_fastpath_set_msr_irqoff"
else
	not_ok "kretprobe on handle_fastpath_set_msr_irqoff"
fi
vmx_probes()
{
	kr_add vcpu_run vmx_vcpu_run && kp_add handle_exit vmx_handle_exit &&
		kr_add slow_timer handle_preemption_timer
}
vmx_probes_del()
{
	kr_del vcpu_run
	kr_del handle_exit
	kr_del slow_timer
}
if vmx_probes; then
	ok "kprobes on vmx_vcpu_run, vmx_handle_exit and handle_preemption_timer"
else
	not_ok "kprobes on vmx_vcpu_run, vmx_handle_exit and handle_preemption_timer"
fi

# --- one payload VM, three views ------------------------------------------
# A trace instance of our own for histograms that the top-level one cannot
# carry next to hold_vmm's (which writes its kvm_exit trigger with ">",
# and opening a trigger file with O_TRUNC drops every hist trigger there):
# kvm_exit by reason, interruption information (vector of an
# EXCEPTION_NMI exit) and exit qualification (the address of a #PF), and
# the LAPIC timer's switches between the hv timer and an hrtimer. Only
# testvmm runs while they count.
XI=$TRACEFS/instances/vmx2
mkdir -p $XI
XHIST='hist:keys=exit_reason,intr_info,info1:size=512'
THIST='hist:keys=hv_timer_in_use:size=128'

# vm_run LABEL ARGS...: run testvmm --hold ARGS, keep its per-VM table in
# /tmp/vm, the tracepoint's per-reason counts in /tmp/hist.txt, the
# reason/vector/qualification split in /tmp/xhist.txt and the hv timer
# switches in /tmp/thist.txt. The table must be well formed and count
# exactly what the tracepoint saw, reason by reason.
vm_run()
{
	_label=$1
	shift
	echo "$XHIST" >$XI/events/kvm/kvm_exit/trigger
	echo "$THIST" >$XI/events/kvm/kvm_hv_timer_state/trigger
	if hold_vmm "$@"; then
		cp "$vm_dir/exit_stats" /tmp/vm
		release_vmm
	else
		: >/tmp/vm
		vmm_status=held
	fi
	cat $XI/events/kvm/kvm_exit/hist >/tmp/xhist.txt
	cat $XI/events/kvm/kvm_hv_timer_state/hist >/tmp/thist.txt
	echo "!$XHIST" >$XI/events/kvm/kvm_exit/trigger
	echo "!$THIST" >$XI/events/kvm/kvm_hv_timer_state/trigger
	is "$vmm_status" 0 "$_label: testvmm $* ran"
	es_check /tmp/vm "$_label: per-VM table well formed"
	is "$(es_counts /tmp/vm | grep -v '^other ')" "$(tp_counts)" \
		"$_label: per-VM debugfs counts = kvm_exit tracepoint, every reason"
	sed 1d /tmp/vm | while read -r code name count total _; do
		diag "$(printf '%4s %-22s %7s exits %11s cycles' "$code" "$name" "$count" "$total")"
	done
}

# xh: the last vm_run's kvm_exit split, "reason intr_info info1 count"
xh()
{
	sed -n 's/^{ exit_reason: *\([0-9]*\), intr_info: *\([0-9]*\), info1: *\([0-9]*\) } hitcount: *\([0-9]*\).*/\1 \2 \3 \4/p' \
		/tmp/xhist.txt
}

# exc VECTOR: EXCEPTION_NMI exits of the last vm_run with that vector
exc()
{
	xh | awk -v vec="$1" '$1 == 0 && $2 % 256 == vec { n += $4 } END { print n + 0 }'
}

# pf_pages: guest pages (hex) of the last vm_run's #PF exits, one each
pf_pages()
{
	xh | awk '$1 == 0 && $2 % 256 == 14 { printf "%x:%d\n", int($3 / 4096), $4 }' | sort | tr '\n' ' '
}

# hv_timer ON: kvm_hv_timer_state events of the last vm_run with
# hv_timer_in_use = ON (1: started on the preemption timer, 0: on an
# hrtimer)
hv_timer()
{
	awk -v on="$1" '/^\{ hv_timer_in_use:/ { v = $3; sub(/}/, "", v)
		if (v == on) n += $6 } END { print n + 0 }' /tmp/thist.txt
}

# counts CODE...: "CODE=COUNT ..." of the last vm_run's per-VM table
counts()
{
	_s=
	for _c in "$@"; do
		_s="$_s $_c=$(es_count /tmp/vm "$_c")"
	done
	echo "${_s# }"
}

# rec N: word N (from 1) of the last testvmm's "@rec" line
rec()
{
	awk -v w="$1" '$1 == "@rec" { print $(w + 2); exit }' $VMM_OUT
}

# timer_checks LABEL: the timer payload's exits after vm_run. A period
# whose deadline passed while the vCPU thread was scheduled out ends in
# software (kvm:kvm_hv_timer_state hv_timer 0, see timer.S): sw of them.
timer_checks()
{
	reads=$((0x$(rec 1)))
	sw=$(hv_timer 0)
	hw=$((arms - sw))
	diag "$1: $arms periods, $reads IRR reads; hv timer started $(hv_timer 1) times (arming and restarts after the vCPU thread was scheduled back in), $sw periods ended in software"
	if [ "$EPT" = Y ]; then
		want="52=$hw 32=$((2 * arms + 3)) 31=$reads 10=1 30=7"
	else
		want="52=$hw 32=0 31=0 10=1 30=7"
	fi
	is "$(counts $PTIMER $WRMSR $RDMSR $CPUID $IO)" "$want" \
		"$1: PREEMPTION_TIMER $hw ($arms periods on the hv timer - $sw ended in software); MSR/CPUID/IO as stated"
	is "$(kr_count vcpu_run 1)/$(kr_count handle_exit 2)/$(kr_count slow_timer)" "$hw/$hw/0" \
		"$1: all $hw timer exits handled in the fastpath (REENTER_GUEST, then EXIT_HANDLED for the pending request), none by handle_preemption_timer"
	is "$(rec 2) $(rec 3) $(rec 4) $(rec 5)" "$(printf '00000000 00000000 %08x 00000000' $hw)" \
		"$1: the guest's own 0x4FFFFFF1 for PREEMPTION_TIMER says $hw"
	if [ "$sw" = 0 ]; then
		ok "$1: exactly one PREEMPTION_TIMER exit for each of the $arms periods"
	else
		skip "$1: exactly one PREEMPTION_TIMER exit per period" \
			"$sw of $arms periods expired while the vCPU thread was scheduled out: kvm_arch_vcpu_load() restarted the hv timer past its deadline (tsc=unstable in the Bochs lab), which ends a period without an exit"
	fi
}

# ============ Part 1: EPT (kvm_intel defaults) ============================
EPT=Y
# Reasons per payload as their header comments state them. Not stated
# there: the first touch of the payload's code page and stack page, which
# are EPT_VIOLATION exits (2 per VM).
vm_run course -a "$n" -b 500 $P/course.bin
is "$(counts $CPUID $IO $HLT $RDMSR $WRMSR $EPTV)" "10=$n 30=501 12=1 31=0 32=0 48=2" \
	"course: CPUID $n, IO_INSTRUCTION 501 (OUT), HLT 1, EPT_VIOLATION 2 (code, stack)"

vm_run in -a "$n" $P/in.bin
is "$(counts $IO $HLT $CPUID $EPTV)" "30=$((n + 1)) 12=1 10=0 48=2" "in: IO_INSTRUCTION $n IN + 1 OUT, HLT 1"

vm_run hlt -a 50 $P/hlt.bin
is "$(counts $HLT $IO $EPTV)" "12=51 30=1 48=2" "hlt: HLT 51, IO_INSTRUCTION 1"

vm_run rdmsr -a "$n" $P/rdmsr.bin
is "$(counts $RDMSR $WRMSR $IO $HLT $EPTV)" "31=$n 32=0 30=1 12=1 48=2" "rdmsr: MSR_READ $n"

kr_on fp_msr
vm_run wrmsr -a "$n" $P/wrmsr.bin
kr_off fp_msr
is "$(counts $WRMSR $IO $HLT $EPTV)" "32=$n 30=1 12=1 48=2" "wrmsr: MSR_WRITE $n (IA32_UCODE_REV)"
is "$(kr_count fp_msr 1)/$(kr_count fp_msr 0)" "0/$n" \
	"wrmsr: no write re-entered from the fastpath, $n left to the exit handler"

# The x2APIC ICR writes: KVM completes them in its irqs-off fastpath and
# re-enters the guest without calling the exit handler. All of them must
# be counted, in debugfs and in the guest's own CPUID view; a build that
# counts only in the exit handler says 1 instead of n + 1.
kr_on fp_msr
kr_on handle_exit
vm_run icrq -I -a "$n" $P/icrq.bin
kr_off handle_exit
kr_off fp_msr
kr_diag fp_msr "handle_fastpath_set_msr_irqoff returned"
kr_diag handle_exit "vmx_handle_exit was called with"
is "$(kr_count fp_msr 1)" "$n" "icrq: $n ICR writes re-entered the guest from the fastpath (REENTER_GUEST)"
is "$(kr_count fp_msr 0)" 1 "icrq: 1 MSR write left to the exit handler (IA32_APIC_BASE)"
total=$(tp_counts | awk '{ s += $2 } END { print s + 0 }')	# the tracepoint's
is "$(kr_count handle_exit)" $((total - n)) \
	"icrq: vmx_handle_exit ran for $((total - n)) of the VM's $total exits, never for the $n re-entered ones"
is "$(counts $WRMSR $CPUID $IO $HLT $EPTV)" "32=$((n + 1)) 10=2 30=10 12=0 48=2" \
	"icrq: per-VM debugfs MSR_WRITE $((n + 1)) (fastpath included), CPUID 2, IO 10"
want=$(printf '00000000 00000000 %08x 00000000 %08x 00000000 00000000 00000000' $((n + 1)) $((n + 1)))
is "$(rec 1) $(rec 2) $(rec 3) $(rec 4) $(rec 5) $(rec 6) $(rec 7) $(rec 8)" "$want" \
	"icrq: the guest's 0x4FFFFFF1 and 0x4FFFFFFD (2021) for MSR_WRITE say $((n + 1))"

# The LAPIC timer on the VMX preemption timer (timer.S explains why one
# exit per period). Only timer exits can get REENTER_GUEST from
# vmx_vcpu_run(): the payload's MSRs are no fastpath MSRs. With APICv off,
# the expiry requests KVM_REQ_UNBLOCK, so each of them still reaches
# vmx_handle_exit() (as EXIT_HANDLED): unlike the ICR writes above, these
# exits would be counted by the exit handler alone, too.
# Host-wide table reset first, for the host scope below.
echo 1 >$HOST_STATS
timer_run()
{
	kr_on vcpu_run
	kr_on handle_exit
	kr_on slow_timer
	vm_run "$1" -I -a $arms $P/timer.bin
	kr_off slow_timer
	kr_off handle_exit
	kr_off vcpu_run
	kr_diag vcpu_run "vmx_vcpu_run returned"
	kr_diag handle_exit "vmx_handle_exit was called with"
	timer_checks "$1"
}
timer_run timer

# Scope host: the destroyed timer VM is the only source of these reasons
# since the reset, and a cpuidq VM (one CPUID, IO, HLT) adds none of them.
# cpuidq prints "eax ebx ecx edx".
cq64()
{
	_q=$(cpuidq "$1" "$2")
	# shellcheck disable=SC2046 # EBX and ECX: two arguments
	u64 $(echo "$_q" | cut -d' ' -f2,3)
}
set_param exit_stats_scope host
for r in $PTIMER $RDMSR $WRMSR; do
	got="$(cq64 0x4ffffff1 "$r") $(cq64 0x4ffffff2 "$r") $(cq64 0x4ffffff3 "$r") $(cq64 0x4ffffff4 "$r")"
	vmrow=$(es_row /tmp/vm "$r")
	is "$got|$(es_row $HOST_STATS "$r")" "$vmrow|$vmrow" \
		"scope host, reason $r: 0x4FFFFFF1..F4 = host-wide debugfs = the timer VM's row ($vmrow)"
done
set_param exit_stats_scope vm

# --- scope vm vs host with two VMs, and the three course layouts ---------
# VM 1 (held): the ICR writes. VM 2: cpuidq queries (no MSR writes).
echo 1 >$HOST_STATS
if hold_vmm -I -a "$n" $P/wrmsr_fast.bin; then
	cp "$vm_dir/exit_stats" /tmp/vm1
	w=$((n + 1))
	cyc=$(es_row /tmp/vm1 $WRMSR | cut -d' ' -f2)
	wx=$(printf '%08x' $w)
	zero="00000000 00000000 00000000 00000000"
	is "$(cpuidq 0x4ffffff1 $WRMSR)/$(cpuidq 0x4ffffffd $WRMSR)" "$zero/$zero" \
		"scope vm: VM 2 sees 0 MSR_WRITE exits of its own (0x4FFFFFF1 status ok, 2021 0x4FFFFFFD)"
	set_param exit_stats_scope host
	is "$(cpuidq 0x4ffffff1 $WRMSR)" "00000000 00000000 $wx 00000000" \
		"scope host: VM 2 sees VM 1's $w MSR_WRITE exits (0x4FFFFFF1)"
	is "$(es_row $HOST_STATS $WRMSR)" "$(es_row /tmp/vm1 $WRMSR)" \
		"scope host: host-wide debugfs MSR_WRITE row = VM 1's per-VM row"
	is "$(cpuidq 0x4ffffffd $WRMSR)" "$wx 00000000 00000000 00000000" \
		"layout 2021: 0x4FFFFFFD MSR_WRITE: EAX = $w"
	is "$(cq64 0x4ffffffc $WRMSR)" "$cyc" "layout 2021: 0x4FFFFFFC MSR_WRITE: EBX:ECX = VM 1's cycles ($cyc)"
	set_param exit_stats_layout 2020
	is "$(cpuidq 0x4ffffffe $WRMSR)" "$wx 00000000 00000000 00000000" \
		"layout 2020: 0x4FFFFFFE MSR_WRITE: EAX = $w"
	set_param exit_stats_layout 2022
	is "$(cpuidq 0x4ffffffe $WRMSR)" "$wx 00000000 00000000 00000000" \
		"layout 2022: 0x4FFFFFFE MSR_WRITE: EAX = $w"
	is "$(cq64 0x4fffffff $WRMSR)" "$cyc" "layout 2022: 0x4FFFFFFF MSR_WRITE: EBX:ECX = VM 1's cycles"
	set_param exit_stats_layout 2021
	release_vmm
	is "$vmm_status/$(es_count /tmp/vm1 $WRMSR)/$(tp_count msr_write)" "0/$w/$w" \
		"VM 1: ran; per-VM debugfs MSR_WRITE = tracepoint = $w"
	is "$(cq64 0x4ffffff1 $WRMSR)" $w "scope host: VM 1's $w MSR_WRITE exits stay after it is destroyed"
	set_param exit_stats_scope vm
else
	not_ok "hold VM 1 (wrmsr_fast)"
fi

# --- reason statuses: undefined, defined but not enabled -----------------
# Scope vm, from a cpuidscan VM of its own. Undefined in the SDM: 35, 38,
# 42, 82, 83 and anything above 85 (444, 0xFFFFFFFF). Defined, but with no
# entry in 6.12's kvm_vmx_exit_handlers[] (76 entries, up to NOTIFY):
# GETSEC 11, INVALID_STATE 33 and MSR_LOAD_FAIL 34 (failed VM entries,
# handled ahead of the table; none happened), MSR_READ_IMM 84,
# MSR_WRITE_IMM 85. Defined with a handler, never exited for here: 36, 37,
# 39, 40, 41.
UNDEF="35 38 42 82 83 444 4294967295"
NOTEN="11 33 34 84 85"

# hexlist N...: " n1 n2 ... " as testvmm prints words (8 hex digits)
hexlist()
{
	printf ' '
	printf '%08x ' "$@"
}

# scan_check LAYOUT RANGES...: run cpuidscan over the ECX ranges (each
# "FIRST:COUNT") and check every per-reason answer; prints "checked E C
# BAD": E extended and C course per-reason answers, BAD of them wrong
# (the first few as diagnostics).
scan_check()
{
	_layout=$1
	shift
	: >/tmp/scan
	for _r in "$@"; do
		run_vmm -a "${_r%:*}" -b "${_r#*:}" $P/cpuidscan.bin
		awk '$1 == "@rec" { print $3, $4, $5, $6, $7, $8 }' $VMM_OUT >>/tmp/scan
	done
	case $_layout in
	2021) _course="4ffffffd 4ffffffc" _info=00000001 ;;
	2020) _course="4ffffffe" _info=00000401 ;;
	2022) _course="4ffffffe 4fffffff" _info=00000801 ;;
	esac
	# shellcheck disable=SC2086 # one argument per reason
	_out=$(awk -v undef="$(hexlist $UNDEF)" -v noten="$(hexlist $NOTEN)" \
		-v course=" $_course " -v info="$_info" '
		{
			leaf = $1; r = $2
			got = $3 " " $4 " " $5 " " $6
			u = index(undef, " " r " ") > 0
			ne = index(noten, " " r " ") > 0
			if (leaf == "4ffffff0") {
				want = info " 454d564b 53746978 73746174"
			} else if (leaf >= "4ffffff1" && leaf <= "4ffffff4") {
				want = u ? "00000002 00000000 00000000 ffffffff" :
				       ne ? "00000001 00000000 00000000 00000000" :
				       "00000000 00000000 00000000 00000000"
				ext++
			} else if (index(course, " " leaf " ")) {
				want = u ? "00000000 00000000 00000000 ffffffff" :
				       "00000000 00000000 00000000 00000000"
				crs++
			} else
				next
			if (got != want) {
				bad++
				if (bad <= 5)
					print "# " leaf " ecx=" r ": " got " (want " want ")"
			}
		}
		END { print "checked", ext + 0, crs + 0, bad + 0 }' /tmp/scan)
	echo "$_out" | grep '^# ' | while read -r l; do diag "${l#\# }"; done
	echo "$_out" | tail -n 1
}

set -- 11:1 33:10 82:4 444:1 4294967295:1
vals=17		# ECX values in these ranges
is "$(scan_check 2021 "$@")" "checked $((4 * vals)) $((2 * vals)) 0" \
	"layout 2021: 0x4FFFFFF0..F4 and 0x4FFFFFFD/FC for $vals reasons: undefined EDX=ffffffff (status 2), not enabled status 1, course leaves 0"
set_param exit_stats_layout 2020
is "$(scan_check 2020 "$@")" "checked $((4 * vals)) $vals 0" \
	"layout 2020: 0x4FFFFFF0..F4 and 0x4FFFFFFE for the same $vals reasons"
set_param exit_stats_layout 2022
is "$(scan_check 2022 "$@")" "checked $((4 * vals)) $((2 * vals)) 0" \
	"layout 2022: 0x4FFFFFF0..F4 and 0x4FFFFFFE/FF for the same $vals reasons"
set_param exit_stats_layout 2021
diag "part 1 (EPT) took $(($(cut -d. -f1 /proc/uptime) - t_start)) s"

# ============ Part 2: shadow paging (kvm_intel ept=0) =====================
# Without EPT, kvm_intel also turns unrestricted guest off (it needs EPT),
# so the payloads' real mode runs in virtual-8086 mode (enter_rmode()), on
# shadow page tables. From the 6.12 source, what changes:
# - EPT_VIOLATION (48) disappears. A first touch of a page is a #PF,
#   intercepted (a vm86 guest's exception bitmap is all ones,
#   vmx_update_exception_bitmap()), i.e. an EXCEPTION_NMI (0) exit with
#   vector 14 that kvm_handle_page_fault() resolves in the shadow MMU.
#   3 pages per VM: the code page (0x1000), the stack page (vCPU 0: SS
#   0x2000, 0x20000) and the vm86 TSS page at KVM_SET_TSS_ADDR
#   (0xfffbd000), whose I/O bitmap the CPU reads on every IN and OUT.
# - HLT, RDMSR and WRMSR are privileged and vm86 runs at CPL 3: they raise
#   #GP, which has priority over their VM exits, so each is an
#   EXCEPTION_NMI exit with vector 13, which handle_rmode_exception() hands
#   to the instruction emulator (HLT: kvm_emulate_halt_noskip()). No HLT,
#   MSR_READ or MSR_WRITE exits, and no MSR-write fastpath.
# - CPUID exits as before, IN and OUT too: the vm86 TSS's I/O bitmap
#   (init_rmode_tss()) is all zeros, so no #GP, and KVM's unconditional
#   I/O exiting gives IO_INSTRUCTION exits.
# - The LAPIC timer still runs on the preemption timer: PREEMPTION_TIMER,
#   in the fastpath. The timer payload's MSR accesses become #GP exits.
# - The payloads write no control register and run no INVLPG: no
#   CR_ACCESS (28), no INVLPG (14) exits, with or without EPT.
stop_keepers
vmx_probes_del
if ! rmmod kvm_intel; then
	bail "rmmod kvm_intel"
	dmesg_clean "no kernel warnings"
	return 0
fi
# shellcheck disable=SC2046 # one word per module argument
if ! insmod /lib/modules/kvm-intel.ko $(module_args kvm_intel) ept=0; then
	bail "insmod kvm-intel.ko ept=0"
	return 0
fi
is "$(cat $KI/ept)/$(cat $KI/unrestricted_guest)/$(cat $KI/preemption_timer)" N/N/Y \
	"kvm_intel ept=0: EPT and unrestricted guest off, preemption timer on"
start_keepers || { bail "cannot start the keeper VMs (ept=0)"; return 0; }
vmx_probes || not_ok "kprobes on kvm_intel after its reload"

EPT=N
PF_PAGES="1:1 20:1 fffbd:1 "	# page (hex):#PF exits, see above

# shadow LABEL GP: the EXCEPTION_NMI exits of the last vm_run are GP #GP
# exits and one #PF for each of the three pages; no EPT_VIOLATION,
# CR_ACCESS or INVLPG exit.
shadow()
{
	is "$(exc 13)/$(pf_pages)/$(es_count /tmp/vm $EXC)" "$2/$PF_PAGES/$(($2 + 3))" \
		"$1: EXCEPTION_NMI $(($2 + 3)) = $2 #GP + 3 #PF (pages $PF_PAGES)"
	is "$(counts $EPTV $CR $INVLPG)" "48=0 28=0 14=0" "$1: no EPT_VIOLATION, CR_ACCESS or INVLPG exit"
}

vm_run "ept=0 course" -a "$n" -b 500 $P/course.bin
is "$(counts $CPUID $IO $HLT)" "10=$n 30=501 12=0" "ept=0 course: CPUID $n, IO_INSTRUCTION 501, no HLT exit"
shadow "ept=0 course" 1

vm_run "ept=0 in" -a "$n" $P/in.bin
is "$(counts $IO $HLT)" "30=$((n + 1)) 12=0" "ept=0 in: IO_INSTRUCTION $((n + 1)) (IN is no #GP in vm86)"
shadow "ept=0 in" 1

vm_run "ept=0 hlt" -a 50 $P/hlt.bin
is "$(counts $HLT $IO)" "12=0 30=1" "ept=0 hlt: no HLT exit"
shadow "ept=0 hlt" 51

vm_run "ept=0 rdmsr" -a "$n" $P/rdmsr.bin
is "$(counts $RDMSR $IO)" "31=0 30=1" "ept=0 rdmsr: no MSR_READ exit"
shadow "ept=0 rdmsr" $((n + 1))

kr_on fp_msr
vm_run "ept=0 icrq" -I -a "$n" $P/icrq.bin
kr_off fp_msr
is "$(counts $WRMSR $CPUID $IO)/$(kr_count fp_msr)" "32=0 10=2 30=10/0" \
	"ept=0 icrq: no MSR_WRITE exit; handle_fastpath_set_msr_irqoff never called"
shadow "ept=0 icrq" $((n + 1))
is "$(rec 1) $(rec 2) $(rec 3) $(rec 4) $(rec 5) $(rec 6) $(rec 7) $(rec 8)" \
	"00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000" \
	"ept=0 icrq: the guest's 0x4FFFFFF1 and 0x4FFFFFFD agree: 0 MSR_WRITE exits"

timer_run "ept=0 timer"
shadow "ept=0 timer" $((2 * arms + 3 + reads))

stop_keepers
diag "scenario took $(($(cut -d. -f1 /proc/uptime) - t_start)) s"
dmesg_clean "no kernel warnings"
