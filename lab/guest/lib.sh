# SPDX-License-Identifier: GPL-2.0
#
# Helpers for lab scenarios: run the test VMM, count its exits through the
# kvm_exit tracepoint. Sourced by the scenario scripts inside the lab.

TRACEFS=/sys/kernel/tracing
HIST_SPEC='hist:keys=vcpu_id,exit_reason:size=4096'
VMM_OUT=/tmp/vmm.out
if grep -q '^flags.* svm' /proc/cpuinfo; then VENDOR=svm; else VENDOR=vmx; fi

# The vendor's name of a reason, from the short names scenarios use.
reason_name()
{
	case $VENDOR:$1 in
	svm:*) echo "$1" ;;
	vmx:cpuid) echo CPUID ;;
	vmx:hlt) echo HLT ;;
	vmx:io) echo IO_INSTRUCTION ;;
	vmx:msr_read) echo MSR_READ ;;
	vmx:msr_write) echo MSR_WRITE ;;
	vmx:npf) echo EPT_VIOLATION ;;
	*) echo "$1" ;;
	esac
}

# Exit code of a reason, looked up in the ABI header's tables
# (/lab/reasons.tsv: vendor, code, name).
reason_code()
{
	awk -F '\t' -v v=$VENDOR -v n="$(reason_name "$1")" '
		$1 == v && $3 == n { print $2; found = 1 }
		END { if (!found) print -1 }' /lab/reasons.tsv
}

# wait_line FILE TEXT PID: until FILE has a line starting with TEXT (status
# 0), or PID has ended without writing one (status 1). There is no time
# limit here: PID's own deadline (testvmm -t) and the lab's timeout bound
# the wait, and a lab slowed down by a busy host only waits longer.
wait_line()
{
	while ! grep -q "^$2" "$1" 2>/dev/null; do
		if ! kill -0 "$3" 2>/dev/null; then
			grep -q "^$2" "$1" 2>/dev/null
			return
		fi
		usleep 20000
	done
}

# run_vmm ARGS...: run testvmm, counting its kvm_exit events per vCPU and
# reason in a histogram trigger (exact: no ring buffer that could overflow).
# Only the VMM's threads are counted: its pid goes to set_event_pid before
# it execs, and event-fork adds the vCPU threads. Sets $vmm_status.
run_vmm()
{
	echo 1 >$TRACEFS/options/event-fork
	sh -c 'echo $$ >'$TRACEFS'/set_event_pid &&
		echo "'"$HIST_SPEC"'" >'$TRACEFS'/events/kvm/kvm_exit/trigger &&
		exec /lab/testvmm "$@"' testvmm "$@" >$VMM_OUT 2>&1
	vmm_status=$?
	cat $TRACEFS/events/kvm/kvm_exit/hist >/tmp/hist.txt
	echo "!$HIST_SPEC" >$TRACEFS/events/kvm/kvm_exit/trigger
	echo >$TRACEFS/set_event_pid
	if [ $vmm_status -ne 0 ]; then
		diag "testvmm $* exited with $vmm_status:"
		tail -n 10 $VMM_OUT | while read -r l; do diag "  $l"; done
	fi
}

# tp_count REASON [VCPU]: kvm_exit events of the last run_vmm.
tp_count()
{
	awk -v code="$(reason_code "$1")" -v vcpu="${2:--1}" '
		/^\{ vcpu_id:/ {
			v = $3; sub(/,/, "", v)
			if ($5 == code && (vcpu < 0 || v == vcpu))
				n += $8
		}
		END { print n + 0 }' /tmp/hist.txt
}

# tp_table: "count code name" of every reason the last run_vmm hit.
tp_table()
{
	awk -v v=$VENDOR '
		FNR == NR { if ($1 == v) name[$2] = $3; next }
		/^\{ vcpu_id:/ { n[$5] += $8 }
		END { for (c in n) printf "%d %s %s\n", n[c], c, name[c] }' \
		FS='\t' /lab/reasons.tsv FS=' ' /tmp/hist.txt | sort -nr
}

# dmesg_clean DESCRIPTION: no kernel warning, bug or oops so far.
dmesg_clean()
{
	bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|general protection|Call Trace' | head -n 5)
	if [ -z "$bad" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "$bad"
	fi
}
