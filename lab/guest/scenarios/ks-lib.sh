# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the exit statistics scenarios (ks-*.sh): read the patched
# KVM's debugfs tables, its CPUID leaves and its module parameters, and
# keep a testvmm VM alive (--hold) while the kvm_exit tracepoint counts
# its exits. Sourced after /lab/guest/lib.sh; not a scenario itself.

KVM_DEBUGFS=/sys/kernel/debug/kvm
HOST_STATS=$KVM_DEBUGFS/exit_stats
KVM_PARAMS=/sys/module/kvm/parameters

# Exit codes the scenarios need beyond lib.sh's reason_code(): a defined
# reason that this KVM has no handler for, and an undefined one.
reason_code_ks()
{
	case $VENDOR:$1 in
	svm:no_handler) echo 166 ;;	# 0x0a6 idle-halt
	svm:undefined) echo 74565 ;;	# 0x12345: outside the APM's ranges
	svm:invalid) echo 4294967295 ;;	# SVM_EXIT_ERR, failed VMRUN
	vmx:no_handler) echo 11 ;;	# GETSEC
	vmx:undefined) echo 35 ;;	# not used by the SDM
	*) reason_code "$1" ;;
	esac
}

# The requirement of every ks scenario: a patched kvm.ko.
require_exit_stats()
{
	if [ -f "$HOST_STATS" ] && [ -f "$KVM_PARAMS/exit_stats" ]; then
		return 0
	fi
	skip "exit statistics" "no $HOST_STATS: the modules are not the patched set"
	return 1
}

set_param()
{
	echo "$2" >"$KVM_PARAMS/$1"
}

get_param()
{
	cat "$KVM_PARAMS/$1"
}

# es_row FILE CODE: "count total min max" of one reason, "0 0 0 0" if absent
es_row()
{
	awk -v code="$2" '
		!/^#/ && $1 == code { print $3, $4, $5, $6; found = 1; exit }
		END { if (!found) print "0 0 0 0" }' "$1"
}

# es_count FILE CODE
es_count()
{
	es_row "$1" "$2" | cut -d' ' -f1
}

# es_header FILE FIELD: a key=value field of the header line
es_header()
{
	sed -n "1s/.* $2=\([^ ]*\).*/\1/p" "$1"
}

# es_counts FILE: "code count" lines, one per reason row
es_counts()
{
	awk '!/^#/ { print $1, $3 }' "$1"
}

# es_check FILE DESCRIPTION: the table is well formed (v1 header of this
# vendor, six fields a row, increasing reasons), its totals are the sums
# of its rows, and every row has 0 < min <= avg <= max.
es_check()
{
	why=$(awk -v vendor="$VENDOR" '
		NR == 1 {
			if ($1 != "#" || $2 != "exit_stats" || $3 != "v1" ||
			    $4 != "vendor=" vendor)
				{ print "bad header: " $0; bad = 1; exit }
			split($6, e, "="); split($7, c, "=")
			exits = e[2]; cycles = c[2]; last = -1; next
		}
		{
			if (NF != 6) { print "not 6 fields: " $0; bad = 1; exit }
			if ($1 != "other" && $1 + 0 <= last)
				{ print "not increasing: " $0; bad = 1; exit }
			last = $1 + 0; n += $3; t += $4
			if (!($5 > 0 && $5 * $3 <= $4 && $4 <= $6 * $3))
				{ print "not 0 < min <= avg <= max: " $0; bad = 1; exit }
		}
		END {
			if (bad) exit
			if (n != exits || t != cycles)
				print "totals " exits "/" cycles " but rows sum to " n "/" t
		}' "$1")
	if [ -z "$why" ]; then
		ok "$2"
		return 0
	fi
	not_ok "$2"
	diag "$why"
	sed 's/^/  /' "$1" | while read -r l; do diag "$l"; done
	return 1
}

# hold_vmm ARGS...: run testvmm --hold in the background, its exits
# counted per vCPU and reason by the kvm_exit histogram (as run_vmm does),
# until its vCPUs are done. Sets held_pid and vm_dir (its debugfs
# directory); release_vmm ends it.
hold_vmm()
{
	echo 1 >$TRACEFS/options/event-fork
	# Emptied here, before the VMM starts: the output of the one before
	# must never be taken for this one's.
	: >$VMM_OUT
	sh -c 'echo $$ >'$TRACEFS'/set_event_pid &&
		echo "'"$HIST_SPEC"'" >'$TRACEFS'/events/kvm/kvm_exit/trigger &&
		exec /lab/testvmm --hold "$@"' testvmm "$@" >>$VMM_OUT 2>&1 &
	held_pid=$!
	vm_dir=
	wait_line $VMM_OUT "@held $held_pid\$" $held_pid &&
		vm_dir=$(ls -d $KVM_DEBUGFS/"$held_pid"-* 2>/dev/null | head -n 1)
	if [ -z "$vm_dir" ]; then
		diag "testvmm --hold $* did not hold its VM:"
		tail -n 10 $VMM_OUT | while read -r l; do diag "  $l"; done
		return 1
	fi
	return 0
}

# release_vmm: let the held testvmm destroy its VM and exit; sets
# vmm_status and leaves the histogram in /tmp/hist.txt for tp_count.
release_vmm()
{
	cat $TRACEFS/events/kvm/kvm_exit/hist >/tmp/hist.txt
	kill -USR1 "$held_pid"
	wait "$held_pid"
	vmm_status=$?
	echo "!$HIST_SPEC" >$TRACEFS/events/kvm/kvm_exit/trigger
	echo >$TRACEFS/set_event_pid
}

# tp_counts: "code count" lines of the last histogram, summed over vCPUs
tp_counts()
{
	awk '/^\{ vcpu_id:/ { n[$5] += $8 }
		END { for (c in n) print c, n[c] }' /tmp/hist.txt | sort -n
}

# cpuidq LEAF ECX: "eax ebx ecx edx" (8 hex digits each) as the guest
# sees them, from a one-vCPU VM of its own
cpuidq()
{
	/lab/testvmm -a "$1" -b "$2" /lab/payloads/cpuidq.bin |
		awk '$1 == "@rec" { print $5, $6, $7, $8 }'
}

# u64 HI LO: the decimal value of EBX:ECX
u64()
{
	echo $(((0x$1 << 32) | 0x$2))
}

# start_keepers / stop_keepers: two idle VMs, one with an in-kernel LAPIC
# and one without, held for the whole scenario. Creating the first VM and
# destroying the last flips static keys (preempt notifiers, KVM's no-LAPIC
# and LAPIC-disabled keys), i.e. patches kernel text through int3, and
# under QEMU TCG that now and then kills the lab ("Oops: int3" in
# __schedule). While these VMs live, the keys stay put. They make no
# exits after starting, so they change no count that a scenario compares.
start_keepers()
{
	keepers=
	for irqchip in "" -I; do
		out=/tmp/keeper$irqchip.out
		: >$out
		/lab/testvmm --hold -t 3600 $irqchip /lab/payloads/cpuid.bin >>$out 2>&1 &
		pid=$!
		if ! wait_line $out "@held $pid\$" $pid; then
			diag "keeper VM ($irqchip) did not start:" "$(tail -n 5 $out)"
			return 1
		fi
		keepers="$keepers $pid"
	done
}

stop_keepers()
{
	for pid in $keepers; do
		kill -USR1 "$pid"
		wait "$pid"
	done
	keepers=
}
