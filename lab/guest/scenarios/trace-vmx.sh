# SPDX-License-Identifier: GPL-2.0
#
# exitstat -s trace under Bochs (Intel VMX, stock kvm_intel): VMX reason
# numbering, exact counts, and KVM's fastpath seen through the
# tracepoints: every x2APIC ICR write that handle_fastpath_set_msr_irqoff()
# completes (counted by a kretprobe) is a kvm_exit and is followed by a
# kvm_entry, because the fastpath re-enters the guest through
# vmx_vcpu_run(), which traces kvm_entry first.  (The QEMU lab's SVM has
# no NRIPS, so it never takes the fastpath.)
# Usage: trace-vmx [ITERATIONS]   (default 300)
. /lab/guest/lib.sh
. /lab/guest/scenarios/trace-lib.sh

n=${1:-300}

# Bochs's UARTs run at the baud rate: speed up the results channel and
# let it drain before poweroff (as vmx-basic.sh does).
stty -F /dev/ttyS1 115200 raw -echo 2>/dev/null
drain_results()
{
	while :; do
		_a=$(grep '^1:' /proc/tty/driver/serial)
		usleep 100000
		[ "$_a" = "$(grep '^1:' /proc/tty/driver/serial)" ] && return 0
	done
}

# Bochs's CPU model makes the kernel warn at boot (vmx-basic.sh checks
# those): only what happens from here on must be clean.
dmesg -c >/dev/null

trace /tmp/course.json -- $VMM -a "$n" -b 100 $COURSE
is "$trace_status $(jtop /tmp/course.json vendor)" "0 vmx" "course payload traced, VMX numbering"
is "$(jrow /tmp/course.json CPUID count)/$(jrow /tmp/course.json IO_INSTRUCTION count)/$(jrow /tmp/course.json HLT count)" \
	"$n/101/1" "CPUID/IO_INSTRUCTION/HLT exits: $n/101/1"
is "$(jtop /tmp/course.json lost_events)" 0 "no event lost"
is "$(jtop /tmp/course.json entries)" "$(jtop /tmp/course.json total_exits)" \
	"kvm_entry events = kvm_exit events"

# The fastpath's verdicts (fastpath_t: 1 = EXIT_FASTPATH_REENTER_GUEST)
P=$TRACEFS/events/exitstat/fp_msr
if echo "r:exitstat/fp_msr handle_fastpath_set_msr_irqoff ret=\$retval:u32" \
	>>$TRACEFS/kprobe_events 2>/dev/null &&
   echo 'hist:keys=ret:size=128' >$P/trigger 2>/dev/null; then
	ok "kretprobe on handle_fastpath_set_msr_irqoff"
else
	not_ok "kretprobe on handle_fastpath_set_msr_irqoff"
fi
trace /tmp/fast.json -- $VMM -I -a "$n" /lab/payloads/wrmsr_fast.bin
reenter=$(awk '/^\{ ret:/ { v = $3; sub(/}/, "", v); if (v == 1) s += $6 } END { print s + 0 }' $P/hist)
is "$reenter" "$n" "ICR writes completed in the fastpath (kretprobe): $n"
is "$trace_status $(jrow /tmp/fast.json MSR_WRITE count)" "0 $((n + 1))" \
	"MSR_WRITE kvm_exit events: the $n fastpath ones + 1 (IA32_APIC_BASE)"
is "$(jrow /tmp/fast.json MSR_WRITE untimed)" 0 \
	"every MSR_WRITE exit, fastpath ones too, is followed by a kvm_entry"
is "$(jtop /tmp/fast.json entries)/$(jtop /tmp/fast.json entries_unpaired)/$(jtop /tmp/fast.json untimed_exits)" \
	"$(jtop /tmp/fast.json total_exits)/1/1" \
	"entries = exits; unpaired: the first entry and the last exit (DONE) only"
diag "MSR_WRITE latency avg $(jrow /tmp/fast.json MSR_WRITE avg) ns, min $(jrow /tmp/fast.json MSR_WRITE min) ns; IO_INSTRUCTION (via testvmm) avg $(jrow /tmp/course.json IO_INSTRUCTION avg) ns"

dmesg_clean "no kernel warnings"
drain_results
