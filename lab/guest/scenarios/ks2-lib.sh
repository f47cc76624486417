# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the ks2-* scenarios (several VMs alive at once, hostile
# guests, VM and module life cycles), on top of ks-lib.sh. Sourced after
# /lab/guest/lib.sh and ks-lib.sh; not a scenario itself.

# vm_start TAG ARGS...: testvmm --hold ARGS in the background, its output
# in /tmp/TAG.out. Several VMs can be started before any is waited for.
vm_start()
{
	tag=$1
	shift
	: >/tmp/$tag.out
	/lab/testvmm --hold -t 300 "$@" >>/tmp/$tag.out 2>&1 &
	eval "${tag}_bg=$!"
}

# vm_start_traced TAG ARGS...: vm_start, with the VM's exits counted per
# vCPU and reason by the kvm_exit histogram (as hold_vmm does, with the
# patience of vm_held); one traced VM at a time, vm_release_traced ends it.
vm_start_traced()
{
	tag=$1
	shift
	echo 1 >$TRACEFS/options/event-fork
	: >/tmp/$tag.out
	sh -c 'echo $$ >'$TRACEFS'/set_event_pid &&
		echo "'"$HIST_SPEC"'" >'$TRACEFS'/events/kvm/kvm_exit/trigger &&
		exec /lab/testvmm --hold -t 300 "$@"' testvmm "$@" >>/tmp/$tag.out 2>&1 &
	eval "${tag}_bg=$!"
}

# vm_release_traced TAG: vm_release, then the histogram to /tmp/hist.txt
# (for tp_count and tp_counts) and the trigger removed
vm_release_traced()
{
	cat $TRACEFS/events/kvm/kvm_exit/hist >/tmp/hist.txt
	vm_release "$1"
	echo "!$HIST_SPEC" >$TRACEFS/events/kvm/kvm_exit/trigger
	echo >$TRACEFS/set_event_pid
}

# vm_held TAG: wait until the VM of vm_start TAG holds (its vCPUs are
# done); sets TAG_pid and TAG_dir (the VM's debugfs directory).
vm_held()
{
	tag=$1
	eval "bg=\$${tag}_bg"
	pid=
	dir=
	if wait_line /tmp/$tag.out "@held $bg\$" "$bg"; then
		pid=$bg
		dir=$(ls -d $KVM_DEBUGFS/"$pid"-* 2>/dev/null | head -n 1)
	fi
	eval "${tag}_pid=\$pid ${tag}_dir=\$dir"
	if [ -n "$pid" ] && [ -n "$dir" ]; then
		return 0
	fi
	diag "testvmm ($tag) did not hold its VM:"
	tail -n 10 /tmp/$tag.out | while read -r l; do diag "  $l"; done
	return 1
}

# vm_release TAG: let the held VM go; sets TAG_status (testvmm's exit).
vm_release()
{
	tag=$1
	eval "bg=\$${tag}_bg"
	kill -USR1 "$bg" 2>/dev/null
	wait "$bg"
	eval "${tag}_status=$?"
}

# recs TAG: the "@rec" lines of a VM's output, without "@rec"
recs()
{
	awk '$1 == "@rec" { $1 = ""; sub(/^ /, ""); print }' /tmp/$1.out
}

# hex64 HI LO: EBX:ECX (hex words) in decimal
hex64()
{
	echo $(((0x$1 << 32) | 0x$2))
}

# rec_value TAG N: the 64-bit value of the Nth cpuidself record (round N):
# "status value edx", value in decimal
rec_value()
{
	recs "$1" | awk -v n="$2" 'NR == n { print $3, $4, $5, $6 }' |
		while read -r eax ebx ecx edx; do
			echo "$((0x$eax)) $(hex64 "$ebx" "$ecx") $edx"
		done
}

# log_lines: how many lines the kernel log holds now
log_lines()
{
	dmesg | wc -l
}
