# SPDX-License-Identifier: GPL-2.0
#
# The patched KVM's kernel log reports (exit_stats_print_every): a report
# is the VM's table, exact against its debugfs file; teardown prints the
# VM's and the host-wide tables; reports of one VM come at least 1 s
# apart and all VMs' at most 10 per 5 s; print_every=0 prints nothing.
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh

require_exit_stats || return 0
start_keepers || { bail "cannot start the keeper VMs"; return 0; }

# uptime in hundredths of a second
now_cs()
{
	awk '{ sub(/\./, "", $1); print $1 + 0 }' /proc/uptime
}

# log_mark / log_since: the kernel log lines printed after the mark
log_mark()
{
	log_lines=$(dmesg | wc -l)
}
log_since()
{
	dmesg | tail -n +$((log_lines + 1))
}

# report_rows FILE WHO: "code count total min max" of the rows of one
# report printed as "kvm_exit_stats: WHO: ..." (the last such report)
report_rows()
{
	awk -v who="kvm_exit_stats: $2:" '
		index($0, who) {
			rest = substr($0, index($0, who) + length(who))
			n = split(rest, f, " ")
			if (f[2] == "exits,") { delete rows; k = 0; next }
			if (f[1] == "reason") next
			code = (f[1] == "other") ? "other" : f[1]
			rows[++k] = code " " f[3] " " f[4] " " f[5] " " f[7]
		}
		END { for (i = 1; i <= k; i++) print rows[i] }' "$1"
}

is "$(get_param exit_stats_print_every)" 0 "exit_stats_print_every is 0 by default"
log_mark
run_vmm -a 1000 /lab/payloads/cpuid.bin
is "$(log_since | grep -c 'kvm_exit_stats:')" 0 "print_every=0: a VM prints nothing"

# A report with the VM's final numbers: the VM is idle after its run, so
# the poll that follows prints exactly its debugfs table.
set_param exit_stats_print_every 1000
log_mark
hold_vmm -a 5000 /lab/payloads/cpuid.bin || { bail "cannot hold a VM"; return 0; }
id=${vm_dir##*/}
sleep 2
cp "$vm_dir/exit_stats" /tmp/vm
release_vmm
log_since >/tmp/log
total=$(es_header /tmp/vm exits)
cycles=$(es_header /tmp/vm cycles)
last=$(grep "kvm_exit_stats: VM $id: [0-9]* exits" /tmp/log | tail -n 1)
case $last in
*"VM $id: $total exits, $cycles cycles"*) ok "last report of VM $id: $total exits, $cycles cycles, as in debugfs" ;;
*) not_ok "last report of VM $id: $total exits, $cycles cycles, as in debugfs"; diag "got: $last" ;;
esac
is "$(report_rows /tmp/log "VM $id")" "$(awk '!/^#/ { print $1, $3, $4, $5, $6 }' /tmp/vm)" \
	"report rows (reason, count, total, min, max) equal the debugfs table"
is "$(report_rows /tmp/log "VM $id destroyed")" "$(awk '!/^#/ { print $1, $3, $4, $5, $6 }' /tmp/vm)" \
	"teardown table of VM $id equals its debugfs table"
cp $HOST_STATS /tmp/host
is "$(report_rows /tmp/log host)" "$(awk '!/^#/ { print $1, $3, $4, $5, $6 }' /tmp/host)" \
	"teardown prints the host-wide table"
diag "reports of VM $id:" "$(grep "VM $id" /tmp/log | grep exits)"

# One busy VM, print_every=1: a crossing every poll, but one report a
# second, each saying how many it stands for.
set_param exit_stats_print_every 1
sleep 5	# a fresh window for the global limit
log_mark
t0=$(now_cs)
run_vmm -a 60000 /lab/payloads/cpuid.bin
t1=$(now_cs)
log_since >/tmp/log
diag "60000 CPUID exits took $(((t1 - t0) / 100)).$(((t1 - t0) % 100)) s"
grep -E 'kvm_exit_stats: VM [0-9]+-[0-9]+: [0-9]+ exits' /tmp/log >/tmp/reports
n=$(wc -l </tmp/reports)
cmp_ok "$n" ge 2 "busy VM: periodic reports printed ($n)"
cmp_ok "$n" le $(((t1 - t0) / 100 + 2)) "busy VM: at most one report a second ($n in $(((t1 - t0) / 100)) s)"
cmp_ok "$(grep -c 'reports suppressed' /tmp/reports)" ge 1 "busy VM: reports say how many they stand for"
gaps=$(sed 's/^\[ *\([0-9.]*\)\].*/\1/' /tmp/reports |
	awk 'NR > 1 && $1 - last < 1.0 { print last " " $1 } { last = $1 }')
is "$gaps" "" "busy VM: consecutive reports at least 1 s apart"

# Four busy VMs: four reports a second wanted, ten per 5 s allowed.
sleep 5	# a fresh window for the global limit
log_mark
pids=
for i in 1 2 3 4; do
	/lab/testvmm -a 100000 /lab/payloads/cpuid.bin >/dev/null 2>&1 &
	pids="$pids $!"
done
for pid in $pids; do
	wait "$pid"
done
log_since >/tmp/log
grep -E 'kvm_exit_stats: VM [0-9]+-[0-9]+( destroyed)?: [0-9]+ exits' /tmp/log |
	sed 's/^\[ *\([0-9.]*\)\].*/\1/' >/tmp/times
first=$(head -n 1 /tmp/times)
in_window=$(awk -v t="$first" '$1 < t + 4.9' /tmp/times | wc -l)
diag "four VMs: $(wc -l </tmp/times) reports, $in_window in the first 4.9 s"
is "$in_window" 10 "four busy VMs: exactly 10 reports in the first 4.9 s (the global limit)"

set_param exit_stats_print_every 0
log_mark
run_vmm -a 1000 /lab/payloads/cpuid.bin
sleep 0.5
is "$(log_since | grep -c 'kvm_exit_stats:')" 0 "print_every=0 again: nothing printed"

stop_keepers
dmesg_clean "no kernel warnings"
