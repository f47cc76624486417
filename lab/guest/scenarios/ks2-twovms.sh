# SPDX-License-Identifier: GPL-2.0
#
# Two VMs alive at once. Scope vm: neither sees the other's exits, each
# reads exactly its own count so far, also while the other runs. Scope
# host: each sees the sum of all VMs, exactly the host-wide debugfs row
# less the query exits that came after its query.
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh
. /lab/guest/scenarios/ks2-lib.sh

require_exit_stats || return 0
start_keepers || { bail "cannot start the keeper VMs"; return 0; }

cpuid=$(reason_code cpuid)
msr=$(reason_code msr)
[ "$VENDOR" = vmx ] && msr=$(reason_code msr_read)

# rounds_want A B: the cpuidself records of a 1-vCPU VM in scope vm,
# "round status value edx" for rounds 1..B: k * (A + 1) in round k
rounds_want()
{
	k=1
	while [ $k -le "$2" ]; do
		echo "$k 0 $((k * ($1 + 1))) 00000000"
		k=$((k + 1))
	done
}

# rounds_got TAG: the same, as the VM printed them
rounds_got()
{
	recs "$1" | while read -r vcpu round eax ebx ecx edx; do
		echo "$((0x$round)) $((0x$eax)) $(hex64 "$ebx" "$ecx") $edx"
	done
}

# meet_got TAG: a msrmeet record, "status value edx" (polls left out)
meet_got()
{
	recs "$1" | while read -r vcpu polls eax ebx ecx edx; do
		echo "$((0x$eax)) $(hex64 "$ebx" "$ecx") $edx"
	done
}

meet_polls()
{
	recs "$1" | while read -r vcpu polls rest; do
		echo $((0x$polls))
	done
}

# --- Scope vm: two VMs run at the same time, 20 rounds each. ---
set_param exit_stats_scope vm
cp $HOST_STATS /tmp/host0
vm_start a -a 1000 -b 20 /lab/payloads/cpuidself.bin
vm_start b -a 1500 -b 20 /lab/payloads/cpuidself.bin
# How far the other VM was when the first one was done (for the log).
while ! grep -q '^@held' /tmp/a.out /tmp/b.out &&
	{ kill -0 "$a_bg" || kill -0 "$b_bg"; } 2>/dev/null; do
	usleep 20000
done
grep -q '^@held' /tmp/a.out && set -- a b || set -- b a
eval "other=\$${2}_bg"
n=$(es_count "$(ls -d $KVM_DEBUGFS/"$other"-* 2>/dev/null | head -n 1)/exit_stats" "$cpuid" 2>/dev/null)
diag "when VM $1 was done, VM $2 had made ${n:-?} of its CPUID exits"
vm_held a && vm_held b || { bail "cannot hold VMs a and b"; return 0; }
is "$(rounds_got a)" "$(rounds_want 1000 20)" \
	"scope vm, VM a (1000 CPUIDs a round): round k reads k * 1001, never VM b's"
is "$(rounds_got b)" "$(rounds_want 1500 20)" \
	"scope vm, VM b (1500 CPUIDs a round): round k reads k * 1501, never VM a's"
cp "$a_dir/exit_stats" /tmp/vm_a
cp "$b_dir/exit_stats" /tmp/vm_b
cp $HOST_STATS /tmp/host1
is "$(es_count /tmp/vm_a "$cpuid")/$(es_count /tmp/vm_b "$cpuid")" 20021/30021 \
	"per-VM debugfs, both alive: CPUID 1 + 20 x 1000 + 20 and 1 + 20 x 1500 + 20"
is "$(($(es_count /tmp/host1 "$cpuid") - $(es_count /tmp/host0 "$cpuid")))" 50042 \
	"host-wide delta, both alive: 20021 + 30021 CPUID exits"

# A third VM while a and b are alive: reads its own MSR exits only.
vm_start g -a 700 -b 700 /lab/payloads/msrmeet.bin
vm_held g || { bail "cannot hold VM g"; return 0; }
is "$(meet_got g)/$(meet_polls g)" "0 700 00000000/1" \
	"scope vm, VM g: leaf 0x4ffffff1 msr reads its own 700 RDMSR exits at once"
vm_release g

# --- Scope host, one VM after the other, both kept alive. ---
set_param exit_stats_scope host
cp $HOST_STATS /tmp/host2
c0=$(es_count /tmp/host2 "$cpuid")
vm_start c -a 2000 -b 1 /lab/payloads/cpuidself.bin
vm_held c || { bail "cannot hold VM c"; return 0; }
is "$(rounds_got c)" "1 0 $((c0 + 1 + 2000)) 00000000" \
	"scope host, VM c: host-wide $c0 + its info query + its 2000 CPUIDs"
vm_start d -a 3000 -b 1 /lab/payloads/cpuidself.bin
vm_held d || { bail "cannot hold VM d"; return 0; }
is "$(rounds_got d)" "1 0 $((c0 + 2002 + 1 + 3000)) 00000000" \
	"scope host, VM d: also VM c's 2000 + 2 CPUID exits"
cp "$c_dir/exit_stats" /tmp/vm_c
cp "$d_dir/exit_stats" /tmp/vm_d
cp $HOST_STATS /tmp/host3
set -- $(rounds_got d)
is "$(es_count /tmp/host3 "$cpuid")" $(($3 + 1)) \
	"host-wide CPUID row = VM d's reading + VM d's own query exit"
is "$(es_count /tmp/vm_c "$cpuid")/$(es_count /tmp/vm_d "$cpuid")" 2002/3002 \
	"per-VM debugfs: VM c 2002, VM d 3002 CPUID exits"

# --- Scope host, both VMs running at once: they meet at the MSR count
# both their RDMSRs make together, and each reads exactly that. ---
cp $HOST_STATS /tmp/host4
m0=$(es_count /tmp/host4 "$msr")
c0=$(es_count /tmp/host4 "$cpuid")
meet=$((m0 + 3000 + 5000))
vm_start e -a 3000 -b $meet /lab/payloads/msrmeet.bin
vm_start f -a 5000 -b $meet /lab/payloads/msrmeet.bin
vm_held e && vm_held f || { bail "cannot hold VMs e and f"; return 0; }
is "$(meet_got e)" "0 $meet 00000000" \
	"scope host, VM e (3000 RDMSRs): reads $m0 + 3000 + 5000, VM f's included"
is "$(meet_got f)" "0 $meet 00000000" \
	"scope host, VM f (5000 RDMSRs): reads $m0 + 3000 + 5000, VM e's included"
pe=$(meet_polls e)
pf=$(meet_polls f)
diag "queries until the meeting: VM e $pe, VM f $pf"
cp "$e_dir/exit_stats" /tmp/vm_e
cp "$f_dir/exit_stats" /tmp/vm_f
cp $HOST_STATS /tmp/host5
is "$(es_count /tmp/host5 "$msr")" $meet "host-wide MSR row: exactly the meeting count $meet"
is "$(es_count /tmp/vm_e "$msr")/$(es_count /tmp/vm_e "$cpuid")" "3000/$((1 + pe))" \
	"per-VM debugfs, VM e: 3000 MSR, 1 + $pe queries CPUID"
is "$(es_count /tmp/vm_f "$msr")/$(es_count /tmp/vm_f "$cpuid")" "5000/$((1 + pf))" \
	"per-VM debugfs, VM f: 5000 MSR, 1 + $pf queries CPUID"
is "$(es_count /tmp/host5 "$cpuid")" $((c0 + 2 + pe + pf)) \
	"host-wide CPUID row: $c0 + 2 info queries + $pe + $pf polls"
set_param exit_stats_scope vm

for vm in a b c d e f; do
	vm_release $vm
done
is "$a_status $b_status $c_status $d_status $e_status $f_status $g_status" "0 0 0 0 0 0 0" \
	"all seven VMs ran and ended cleanly"
cp $HOST_STATS /tmp/host6
is "$(es_count /tmp/host6 "$cpuid")/$(es_count /tmp/host6 "$msr")" \
	"$(es_count /tmp/host5 "$cpuid")/$meet" \
	"host-wide CPUID and MSR rows keep the destroyed VMs' exits"

stop_keepers
dmesg_clean "no kernel warnings"
