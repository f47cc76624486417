# SPDX-License-Identifier: GPL-2.0
#
# VMs created and destroyed while no other VM lives: each creation is the
# first VM and each destruction the last, so each flips the static keys
# that other scenarios keep still with keepers (ks-lib.sh): the preempt
# notifier key patched into __schedule, KVM's no-LAPIC key (-I or not).
# Arguments: ROUNDS (default 5) of testvmm -r 100, i.e. 100 x ROUNDS VM
# lives, alternately without and with an in-kernel LAPIC. Every exit still
# lands in the host-wide table, exactly. Meant for single-threaded TCG
# (see tests/lab/27-ks2-flip.t): multi-threaded TCG runs stale int3s
# after text patching and the lab dies of "Oops: int3".
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh

require_exit_stats || return 0

rounds=${1:-5}
cpuid=$(reason_code cpuid)

# uptime in hundredths of a second
now_cs()
{
	awk '{ sub(/\./, "", $1); print $1 + 0 }' /proc/uptime
}

[ -n "$(ls -d $KVM_DEBUGFS/*-* 2>/dev/null)" ] &&
	diag "a VM is alive already: the keys will not flip"
c0=$(es_count $HOST_STATS "$cpuid")
vms=0
r=1
while [ $r -le "$rounds" ]; do
	[ $((r % 2)) -eq 0 ] && irqchip=-I || irqchip=
	t0=$(now_cs)
	run_vmm -r 100 -t 600 $irqchip -a 10 /lab/payloads/cpuid.bin
	t1=$(now_cs)
	is "$vmm_status/$(grep -c '^@vcpu .* status=done' $VMM_OUT)" 0/100 \
		"round $r: 100 VMs ${irqchip:+with -I }created and destroyed alone ($(((t1 - t0) / 100)).$(((t1 - t0) % 100 / 10)) s)"
	[ "$vmm_status" -eq 0 ] && vms=$((vms + 100))
	r=$((r + 1))
done
is "$(($(es_count $HOST_STATS "$cpuid") - c0))" $((vms * 10)) \
	"host-wide: the $vms VMs' $((vms * 10)) CPUID exits, exactly"
dmesg_clean "no kernel warnings"
