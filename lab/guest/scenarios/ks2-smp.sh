# SPDX-License-Identifier: GPL-2.0
#
# 8 vCPUs x 10,000 CPUIDs: exactly 80,000 more CPUID exits, seen from the
# VM's own debugfs files (held alive), host-wide, from inside the VM
# (cpuidself: leaf 0x4ffffff1 in scope vm once all vCPUs are through) and
# from other VMs in scope host (cpuidq before and after).
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh
. /lab/guest/scenarios/ks2-lib.sh

require_exit_stats || return 0
start_keepers || { bail "cannot start the keeper VMs"; return 0; }

cpuid=$(reason_code cpuid)
io=$(reason_code io)
hlt=$(reason_code hlt)
vcpus=8
per=10000
work=$((vcpus * per))

# cpuidq_count: the CPUID exit count that leaf 0x4ffffff1 gives a cpuidq
# VM ("status value"), in the scope in force
cpuidq_count()
{
	r=$(cpuidq 0x4ffffff1 "$cpuid")
	set -- $r
	echo "$((0x$1)) $(hex64 "$2" "$3")"
}

# A VM destroyed before: its CPUID exits stay in the host-wide count.
run_vmm -a 1234 /lab/payloads/cpuid.bin
cp $HOST_STATS /tmp/host0
c0=$(es_count /tmp/host0 "$cpuid")
is "$c0" 1234 "host-wide: the 1234 CPUID exits of a VM destroyed before"

# A VM in scope host sees every VM's CPUID exits but not its own query.
set_param exit_stats_scope host
is "$(cpuidq_count)" "0 $c0" "scope host, before: cpuidq reads the host-wide count ($c0)"

# The 8-vCPU VM, in scope vm. cpuidself: 1 info query on vCPU 0, 10,000
# CPUIDs on each vCPU, then vCPU 0's query once all 8 are through.
set_param exit_stats_scope vm
hold_vmm -c $vcpus -a $per -b 1 /lab/payloads/cpuidself.bin ||
	{ bail "cannot hold the $vcpus-vCPU VM"; return 0; }
cp "$vm_dir/exit_stats" /tmp/vm
v=0
while [ $v -lt $vcpus ]; do
	cp "$vm_dir/vcpu$v/exit_stats" /tmp/vcpu$v
	v=$((v + 1))
done
cp $HOST_STATS /tmp/host1
set_param exit_stats_scope host
after=$(cpuidq_count)
cp $HOST_STATS /tmp/host2
release_vmm
is "$vmm_status" 0 "cpuidself on $vcpus vCPUs x $per CPUIDs ran"

rec=$(awk '$1 == "@rec" { print $2, $3, $4, $5, $6, $7 }' $VMM_OUT)
case $rec in
"0 00000001 00000000 "*)
	set -- $rec
	is "$(hex64 "$4" "$5")/$6" "$((work + 1))/00000000" \
		"scope vm, inside the VM: leaf 0x4ffffff1 cpuid = $work + the info query = $((work + 1))"
	;;
*) not_ok "scope vm, inside the VM: one record of round 1, status ok"; diag "got: $rec" ;;
esac

es_check /tmp/vm "the VM's table is well formed"
is "$(es_count /tmp/vm "$cpuid")" $((work + 2)) \
	"per-VM debugfs: $work + 2 queries of vCPU 0 = $((work + 2)) CPUID exits"
is "$(es_count /tmp/vm "$io")/$(es_count /tmp/vm "$hlt")" "$((7 + vcpus - 1))/$vcpus" \
	"per-VM debugfs: IO 7 + $((vcpus - 1)), HLT $vcpus"
is "$(es_counts /tmp/vm | grep -v '^other ')" "$(tp_counts)" \
	"per-VM debugfs counts every exit the kvm_exit tracepoint saw, per reason"
got=
want=
v=0
while [ $v -lt $vcpus ]; do
	got="$got $(es_count /tmp/vcpu$v "$cpuid")"
	[ $v -eq 0 ] && want=" $((per + 2))" || want="$want $per"
	v=$((v + 1))
done
is "$got" "$want" "per-vCPU debugfs: CPUID exits of vCPU 0..$((vcpus - 1))"
want=$(awk 'FNR == 1 { next } { n[$1] += $3; t[$1] += $4 }
	END { for (k in n) print k, n[k], t[k] }' /tmp/vcpu[0-9]* | sort -n)
got=$(awk '!/^#/ { print $1, $3, $4 }' /tmp/vm | sort -n)
is "$got" "$want" "per-VM table = sum of its $vcpus vCPUs, count and cycles of every reason"

# Host-wide: the cpuidq query before and the held VM's CPUID exits.
is "$(($(es_count /tmp/host1 "$cpuid") - c0))" $((1 + work + 2)) \
	"host-wide delta while the VM is held: 1 + $work + 2 CPUID exits"
is "$after" "0 $((c0 + 1 + work + 2))" \
	"scope host, after: cpuidq reads $c0 + 1 + $work + 2"
is "$(($(es_count /tmp/host2 "$cpuid") - c0))" $((1 + work + 2 + 1)) \
	"host-wide delta with the second cpuidq query: $((work + 4))"
cp $HOST_STATS /tmp/host3
is "$(($(es_count /tmp/host3 "$cpuid") - c0))" $((work + 4)) \
	"host-wide delta after the VM is destroyed: unchanged, $((work + 4))"
r=$(cpuidq 0x4ffffffd "$cpuid")
is "$r" "$(printf '%08x' $((c0 + work + 4))) 00000000 00000000 00000000" \
	"scope host, layout 2021 leaf 0x4ffffffd cpuid: EAX = $c0 + $((work + 4))"
set_param exit_stats_scope vm

stop_keepers
dmesg_clean "no kernel warnings"
