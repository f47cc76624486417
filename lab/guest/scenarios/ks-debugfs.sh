# SPDX-License-Identifier: GPL-2.0
#
# The patched KVM's debugfs tables against the kvm_exit tracepoint and
# against the payloads' exact exit counts: per VM, per vCPU and host-wide,
# the host-wide table keeping destroyed VMs, reset, counting off.
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh

require_exit_stats || return 0
start_keepers || { bail "cannot start the keeper VMs"; return 0; }

cpuid=$(reason_code cpuid)
io=$(reason_code io)
hlt=$(reason_code hlt)
msr=$(reason_code msr)

cp $HOST_STATS /tmp/host0
es_check /tmp/host0 "host-wide table is well formed before the payload VMs"
is "$(es_header /tmp/host0 scope)" host "host-wide table says scope=host"

# One vCPU, 1000 CPUID: the VM's own table while it is held.
hold_vmm -a 1000 /lab/payloads/cpuid.bin || { bail "cannot hold a VM"; return 0; }
cp "$vm_dir/exit_stats" /tmp/vm
cp "$vm_dir/vcpu0/exit_stats" /tmp/vcpu0
release_vmm
is "$vmm_status" 0 "cpuid payload (1000) ran"
diag "the VM's table:" "$(cat /tmp/vm)"
es_check /tmp/vm "per-VM table is well formed"
is "$(es_header /tmp/vm scope)" vm "per-VM table says scope=vm"
is "$(es_count /tmp/vm "$cpuid")/$(es_count /tmp/vm "$io")/$(es_count /tmp/vm "$hlt")" \
	1000/1/1 "per-VM CPUID/IO/HLT exits: 1000/1/1"
is "$(es_counts /tmp/vm | grep -v '^other ')" "$(tp_counts)" \
	"per-VM table counts every exit the kvm_exit tracepoint saw, per reason"
is "$(sed 1d /tmp/vcpu0)" "$(sed 1d /tmp/vm)" "vcpu0 table equals the VM's (one vCPU)"
is "$(es_header /tmp/vcpu0 scope)" vcpu "per-vCPU table says scope=vcpu"
[ -d "$vm_dir" ] && not_ok "per-VM directory gone with the VM" || ok "per-VM directory gone with the VM"

# The destroyed VM's exits stay in the host-wide table: every row grew by
# exactly the VM's count and cycles.
cp $HOST_STATS /tmp/host1
es_check /tmp/host1 "host-wide table is well formed after the VM"
want=$(awk 'FNR == 1 { f++; next }
	{ k = $1; n[k] += $3; t[k] += $4 }
	END { for (k in n) print k, n[k], t[k] }' /tmp/host0 /tmp/vm | sort -n)
got=$(awk '!/^#/ { print $1, $3, $4 }' /tmp/host1 | sort -n)
is "$got" "$want" "host-wide = before + the destroyed VM, count and cycles of every reason"

# Two vCPUs, 100 rounds of the mixed payload each.
hold_vmm -c 2 -a 100 /lab/payloads/mixed.bin || { bail "cannot hold a VM"; return 0; }
cp "$vm_dir/exit_stats" /tmp/vm
cp "$vm_dir/vcpu0/exit_stats" /tmp/vcpu0
cp "$vm_dir/vcpu1/exit_stats" /tmp/vcpu1
release_vmm
is "$vmm_status" 0 "mixed payload (2 vCPUs x 100) ran"
for v in 0 1; do
	es_check /tmp/vcpu$v "vcpu$v table is well formed"
	is "$(es_count /tmp/vcpu$v "$cpuid")/$(es_count /tmp/vcpu$v "$io")/$(es_count /tmp/vcpu$v "$msr")/$(es_count /tmp/vcpu$v "$hlt")" \
		300/301/200/1 "vcpu$v CPUID/IO/MSR/HLT exits: 300/301/200/1"
	is "$(es_count /tmp/vcpu$v "$cpuid")" "$(tp_count cpuid $v)" "vcpu$v CPUID exits equal the tracepoint's"
done
want=$(awk 'FNR == 1 { next } { n[$1] += $3; t[$1] += $4 }
	END { for (k in n) print k, n[k], t[k] }' /tmp/vcpu0 /tmp/vcpu1 | sort -n)
got=$(awk '!/^#/ { print $1, $3, $4 }' /tmp/vm | sort -n)
is "$got" "$want" "per-VM table = sum of its vCPUs, count and cycles of every reason"
is "$(es_counts /tmp/vm | grep -v '^other ')" "$(tp_counts)" \
	"2-vCPU VM counts every exit the tracepoint saw, per reason"

# HLT and x2APIC ICR writes: on SVM both take the fastpath when NRIPS is
# there (QEMU TCG does not emulate it), else the normal exit handler.
nrips=$(cat /sys/module/kvm_amd/parameters/nrips 2>/dev/null || echo none)
diag "kvm_amd.nrips=$nrips"
hold_vmm -a 50 /lab/payloads/hlt.bin || { bail "cannot hold a VM"; return 0; }
cp "$vm_dir/exit_stats" /tmp/vm
release_vmm
is "$(es_count /tmp/vm "$hlt")/$(tp_count hlt)" 51/51 "HLT exits: 50 + 1 counted, as the tracepoint saw"
hold_vmm -I -a 500 /lab/payloads/wrmsr_fast.bin || { bail "cannot hold a VM"; return 0; }
cp "$vm_dir/exit_stats" /tmp/vm
release_vmm
is "$vmm_status" 0 "wrmsr_fast payload (-I, 500) ran"
is "$(es_count /tmp/vm "$msr")/$(tp_count msr)" 501/501 "MSR exits: 500 ICR writes + 1 APIC_BASE, as the tracepoint saw"
es_check /tmp/vm "wrmsr_fast VM table is well formed"
if [ "$VENDOR:$nrips" = svm:Y ] || [ "$VENDOR:$nrips" = svm:1 ]; then
	ok "HLT and ICR-write exits above went through the SVM fastpath"
elif [ "$VENDOR" = svm ]; then
	skip "fastpath exits counted" "no NRIPS (kvm_amd.nrips=$nrips): SVM never takes its fastpath"
fi

# Reset: a live VM reads as zero until its vCPUs exit again, and is
# folded into the host-wide table as zero.
hold_vmm -a 100 /lab/payloads/cpuid.bin || { bail "cannot hold a VM"; return 0; }
echo 1 >$HOST_STATS
cp "$vm_dir/exit_stats" /tmp/vm
cp $HOST_STATS /tmp/host2
release_vmm
is "$(head -n 1 /tmp/vm)" "# exit_stats v1 vendor=$VENDOR scope=vm exits=0 cycles=0" \
	"after a reset, a held VM's table is empty"
is "$(head -n 1 /tmp/host2)" "# exit_stats v1 vendor=$VENDOR scope=host exits=0 cycles=0" \
	"after a reset, the host-wide table is empty"
is "$(cat $HOST_STATS)" "# exit_stats v1 vendor=$VENDOR scope=host exits=0 cycles=0" \
	"the reset VM adds nothing host-wide when destroyed"

# Counting off freezes the counters.
set_param exit_stats N
run_vmm -a 100 /lab/payloads/cpuid.bin
set_param exit_stats Y
is "$(es_count $HOST_STATS "$cpuid")/$(tp_count cpuid)" 0/100 \
	"with exit_stats=N nothing is counted (the tracepoint saw 100 CPUID)"
run_vmm -a 100 /lab/payloads/cpuid.bin
is "$(es_count $HOST_STATS "$cpuid")" 100 "with exit_stats=Y again, 100 CPUID counted"

stop_keepers

# The vendor module goes and comes back: the host-wide file goes with it,
# and the counters of destroyed VMs stay with kvm.ko.
[ "$VENDOR" = svm ] && vmod=kvm_amd || vmod=kvm_intel
cp $HOST_STATS /tmp/host3
if rmmod $vmod; then
	[ -e $HOST_STATS ] && not_ok "host-wide file gone with $vmod" ||
		ok "host-wide file gone with $vmod"
	# shellcheck disable=SC2046 # one word per module argument
	insmod /lib/modules/$(echo $vmod | tr _ -).ko $(module_args $vmod)
	is "$(cat $HOST_STATS 2>&1)" "$(cat /tmp/host3)" \
		"after reloading $vmod, the host-wide table is unchanged"
	run_vmm -a 10 /lab/payloads/cpuid.bin
	is "$(es_count $HOST_STATS "$cpuid")" 110 "and counts on: 100 + 10 CPUID"
else
	not_ok "rmmod $vmod"
fi

dmesg_clean "no kernel warnings"
