# SPDX-License-Identifier: GPL-2.0
#
# A hostile guest: cpuidfuzz floods leaves 0x4ffffff0..0x4fffffff with
# pseudo-random leaves and ECX (any 32-bit value, defined-range codes,
# SVM_EXIT_ERR and its neighbours) and checks every answer against the
# ABI; its samples are checked here against the reason table. The flood
# leaves no trace in the kernel log unless print_every is set, and then
# only reports within the rate limits of exit_stats_report.c (one per VM
# per second; crossings merged, not lost). Every CPUID it ran is counted.
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh
. /lab/guest/scenarios/ks2-lib.sh

require_exit_stats || return 0
start_keepers || { bail "cannot start the keeper VMs"; return 0; }

cpuid=$(reason_code cpuid)
io=$(reason_code io)
hlt=$(reason_code hlt)

# The payload's checks, by number (see lab/payloads/cpuidfuzz.S).
check_name()
{
	case $1 in
	1) echo "0x4ffffff0 EAX changed" ;;
	2) echo "0x4ffffff0 signature" ;;
	3) echo "per-reason status not 0, 1 or 2" ;;
	4) echo "undefined: EDX != ffffffff or EBX/ECX != 0" ;;
	5) echo "defined: EDX != 0" ;;
	6) echo "not enabled: EBX/ECX != 0" ;;
	7) echo "code outside the vendor's ranges not undefined" ;;
	8) echo "own CPUID count not exact" ;;
	9) echo "CPUID count below the payload's own" ;;
	10) echo "totals leaf: unused register not 0" ;;
	11) echo "total exits decreased" ;;
	12) echo "total cycles decreased" ;;
	13) echo "total exits below the payload's own CPUIDs" ;;
	14) echo "course per-reason: EDX not 0 or ffffffff" ;;
	15) echo "course undefined: EAX/EBX/ECX != 0" ;;
	16) echo "course: code outside the ranges not undefined" ;;
	17) echo "course per-reason: unused register not 0" ;;
	18) echo "course: own CPUID count" ;;
	*) echo "check $1" ;;
	esac
}

# fuzz_end TAG: the end record of each vCPU, "queries cpuids violations
# st0 st1 st2 cdef cundef" in decimal, vCPU order
fuzz_end()
{
	recs "$1" | awk '$2 == "454e4421"' | sort -n | while read -r v tag rest; do
		out=
		for w in $rest; do
			out="$out $((0x$w))"
		done
		echo "$v:$out"
	done
}

# fuzz_checks TAG VCPUS QUERIES WHAT [nocourse]: what the payload
# reported: every vCPU ran all queries without a violation, all three
# statuses came up (and defined and undefined codes in the course
# per-reason leaves, unless the layout has none), the samples agree with
# the reason table.
fuzz_checks()
{
	tag=$1 vcpus=$2 n=$3 what=$4 course=${5:-course}
	want=
	v=0
	while [ $v -lt "$vcpus" ]; do
		want="$want$v: $n $((n + 1)) 0
"
		v=$((v + 1))
	done
	got=$(fuzz_end "$tag" | cut -d' ' -f1-4)
	is "$got" "${want%?}" "$what: each vCPU ran $n queries + 1, no violation"
	recs "$tag" | awk '$2 == "56494f4c"' | head -n 3 | while read -r v t c q leaf ecx a b cc d; do
		diag "vCPU $v query $((0x$q)): $(check_name $((0x$c))): leaf $leaf ecx $ecx -> $a $b $cc $d"
	done
	if [ "$course" = course ]; then
		bad=$(fuzz_end "$tag" | awk '!($5 > 0 && $6 > 0 && $7 > 0 && $8 > 0 && $9 > 0)')
		is "$bad" "" "$what: statuses ok, not enabled, undefined and course defined, undefined all came up"
	else
		bad=$(fuzz_end "$tag" | awk '!($5 > 0 && $6 > 0 && $7 > 0 && $8 == 0 && $9 == 0)')
		is "$bad" "" "$what: statuses ok, not enabled, undefined came up; no course per-reason leaf"
	fi
	[ -n "$bad" ] && diag "$(fuzz_end "$tag")"

	# Samples: leaves 0x4ffffff1..f4, undefined (EAX=2, EDX=ffffffff,
	# EBX=ECX=0) exactly when the code is not in the reason table.
	recs "$tag" | awk '$2 == "53414d50" { print $3, $4, $5, $6, $7, $8, $9 }' >/tmp/samples
	bad=
	while read -r q leaf ecx a b c d; do
		code=$((0x$ecx))
		if grep -q "^$VENDOR	$code	" /lab/reasons.tsv; then
			case $a:$d in
			00000000:00000000|00000001:00000000) continue ;;
			esac
		elif [ "$a $b $c $d" = "00000002 00000000 00000000 ffffffff" ]; then
			continue
		fi
		bad="$bad query $((0x$q)) leaf $leaf ecx $code: $a $b $c $d;"
	done </tmp/samples
	defined=$(while read -r q leaf ecx rest; do
		grep "^$VENDOR	$((0x$ecx))	" /lab/reasons.tsv
	done </tmp/samples | wc -l)
	is "$(wc -l </tmp/samples)/${bad:-agree}" "$((vcpus * (n / 10000)))/agree" \
		"$what: $((vcpus * (n / 10000))) samples agree with the reason table ($defined defined codes)"
}

# ioexits N: the IO exits of one cpuidfuzz vCPU of N queries (samples,
# end record, DONE)
ioexits()
{
	echo $((15 * ($1 / 10000) + 10 + 1))
}

# --- 100,000 queries, scope vm, layout 2021, print_every 0 ---
is "$(get_param exit_stats_print_every)" 0 "exit_stats_print_every is 0"
lines0=$(log_lines)
vm_start_traced flood -a 100000 -b 0x2545F491 /lab/payloads/cpuidfuzz.bin
vm_held flood || { bail "cannot hold the cpuidfuzz VM"; return 0; }
cp "$flood_dir/exit_stats" /tmp/vm
vm_release_traced flood
lines1=$(log_lines)
is "$flood_status" 0 "cpuidfuzz, 100000 queries: testvmm ended cleanly"
fuzz_checks flood 1 100000 "cpuidfuzz 1 vCPU, scope vm, 2021"
is "$(es_count /tmp/vm "$cpuid")/$(tp_count cpuid)" 100001/100001 \
	"per-VM debugfs and the tracepoint: exactly 100001 CPUID exits (100000 + the info query)"
is "$(es_count /tmp/vm "$io")/$(es_count /tmp/vm "$hlt")" "$(ioexits 100000)/1" \
	"per-VM debugfs: IO $(ioexits 100000) (10 samples, end record, DONE), HLT 1"
is "$((lines1 - lines0))" 0 "the flood added no line to the kernel log ($lines0 lines before)"
[ $lines1 -ne $lines0 ] && diag "$(dmesg | tail -n +$((lines0 + 1)) | head -n 5)"
dmesg_clean "no kernel warning after the flood"

# --- The other layouts and scope host, several vCPUs ---
# fuzz_run TAG VCPUS QUERIES SEED WHAT [nocourse]: run, then check
fuzz_run()
{
	cp $HOST_STATS /tmp/before
	run_vmm -c "$2" -a "$3" -b "$4" /lab/payloads/cpuidfuzz.bin
	cp $VMM_OUT /tmp/$1.out
	is "$vmm_status" 0 "$5: testvmm ended cleanly"
	fuzz_checks "$1" "$2" "$3" "$5" "${6:-course}"
	cp $HOST_STATS /tmp/after
	is "$(tp_count cpuid)/$(($(es_count /tmp/after "$cpuid") - $(es_count /tmp/before "$cpuid")))" \
		"$(($2 * ($3 + 1)))/$(($2 * ($3 + 1)))" \
		"$5: tracepoint and host-wide delta: $2 x ($3 + 1) CPUID exits"
}

lines0=$(log_lines)
set_param exit_stats_layout 2022
set_param exit_stats_scope host
fuzz_run l2022 2 20000 12345 "cpuidfuzz 2 vCPUs, scope host, 2022"
set_param exit_stats_scope vm
fuzz_run l2022vm 3 10000 777 "cpuidfuzz 3 vCPUs, scope vm, 2022"
set_param exit_stats_layout 2020
fuzz_run l2020 1 10000 99 "cpuidfuzz 1 vCPU, scope vm, 2020"
set_param exit_stats_layout off
fuzz_run loff 1 10000 4242 "cpuidfuzz 1 vCPU, scope vm, layout off" nocourse
set_param exit_stats_layout 2021
is "$(($(log_lines) - lines0))" 0 "these floods added no line to the kernel log"

# The checker itself: a scope change in the middle of a flood changes the
# info leaf's EAX (and the own-count answers), which it must report.
vm_start changed -a 30000 -b 5 /lab/payloads/cpuidfuzz.bin
n=0
while [ "$n" -lt 1000 ] && kill -0 "$changed_bg" 2>/dev/null; do
	usleep 20000
	n=$(es_count "$(ls -d $KVM_DEBUGFS/"$changed_bg"-* 2>/dev/null | head -n 1)/exit_stats" "$cpuid" 2>/dev/null)
	n=${n:-0}
done
set_param exit_stats_scope host
vm_held changed || { bail "cannot hold the cpuidfuzz VM"; return 0; }
set_param exit_stats_scope vm
vm_release changed
first=$(recs changed | awk '$2 == "56494f4c" { print $3 }')
viol=$(fuzz_end changed | cut -d' ' -f4)
diag "scope changed after $n CPUID exits: $viol violations, the first: check $((0x${first:-0})) ($(check_name $((0x${first:-0}))))"
is "$changed_status/$(grep -c '^@fail' /tmp/changed.out)" 1/1 \
	"scope changed mid-flood: the payload fails (testvmm exit 1, one @fail)"
cmp_ok "${viol:-0}" gt 0 "scope changed mid-flood: violations counted"
case $((0x${first:-0})) in
1|8) ok "scope changed mid-flood: the first violation is check 1 or 8" ;;
*) not_ok "scope changed mid-flood: the first violation is check 1 or 8" ;;
esac

# --- print_every=500: reports, rate limited ---
# A VM's report header: "[ time] kvm_exit_stats: VM <id>: N exits, C cycles
# [(reports suppressed: S)]". Every crossing of a multiple of 500 ends up
# in one report: a report stands for S + 1 crossings.
set_param exit_stats_print_every 500
lines0=$(log_lines)
vm_start reported -a 100000 -b 31337 /lab/payloads/cpuidfuzz.bin
vm_held reported || { bail "cannot hold the cpuidfuzz VM"; return 0; }
id=${reported_dir##*/}
sleep 1.5	# idle long enough for every crossing to be reported
cp "$reported_dir/exit_stats" /tmp/vm
vm_release reported
sleep 0.2
cp $HOST_STATS /tmp/host
dmesg | tail -n +$((lines0 + 1)) >/tmp/log
set_param exit_stats_print_every 0
is "$reported_status" 0 "cpuidfuzz with print_every=500: testvmm ended cleanly"
fuzz_checks reported 1 100000 "cpuidfuzz with print_every=500"
is "$(es_count /tmp/vm "$cpuid")" 100001 "per-VM debugfs: 100001 CPUID exits"

grep "kvm_exit_stats: VM $id: [0-9]* exits" /tmp/log |
	sed 's/^\[ *\([0-9.]*\)\].*: \([0-9]*\) exits, \([0-9]*\) cycles\( (reports suppressed: \([0-9]*\))\)\{0,1\}$/\1 \2 \3 \5/' >/tmp/reports
k=$(wc -l </tmp/reports)
diag "$k reports of VM $id:" "$(cat /tmp/reports)"
total=$(es_header /tmp/vm exits)
cmp_ok "$k" ge 2 "print_every=500: periodic reports printed ($k)"
gaps=$(awk 'NR > 1 && $1 - last < 0.99 { print last " " $1 } { last = $1 }' /tmp/reports)
is "$gaps" "" "print_every=500: a VM's reports at least 1 s apart (one jiffy of slack)"
span=$(awk 'NR == 1 { f = $1 } { l = $1 } END { printf "%d", l - f }' /tmp/reports)
cmp_ok "$k" le $((span + 1)) "print_every=500: $k reports in $span s, at most one a second"
# The VM has been idle for 1.5 s: every crossing has been reported, so
# the last report is in the same 500-block as the final count.
last=$(tail -n 1 /tmp/reports | cut -d' ' -f2)
is "$((last / 500))" "$((total / 500))" \
	"the last report ($last exits) covers every crossing up to the final $total exits"
# Report k stands for S_k + 1 crossings, all of them since the first poll
# (at most the first report's crossings before it), none counted twice.
stands=$(awk '{ n += $4 + 1 } END { print n }' /tmp/reports)
set -- $(head -n 1 /tmp/reports)
cmp_ok "$stands" le $((total / 500)) \
	"reports stand for no more crossings than there were ($stands <= $total / 500)"
cmp_ok "$stands" ge $((total / 500 - $2 / 500 + ${4:-0} + 1)) \
	"no crossing after the first report is lost ($stands >= $((total / 500)) - $(($2 / 500)) + ${4:-0} + 1)"

# Every new line is a report line: header, column titles, one line per
# reason of the VM (or, at teardown, of the host). Nothing else.
others=$(grep -vc 'kvm_exit_stats: ' /tmp/log)
is "$others" 0 "print_every=500: no kernel log line but the reports"
rows_vm=$(grep -vc '^#' /tmp/vm)
rows_host=$(grep -vc '^#' /tmp/host)
tables=$(grep -cE 'kvm_exit_stats: (VM [0-9]+-[0-9]+( destroyed)?|host): [0-9]+ exits' /tmp/log)
is "$tables" $((k + 2)) "$k periodic tables, the teardown table and the host-wide table"
cmp_ok "$(wc -l </tmp/log)" le $((k * (2 + rows_vm) + 2 + rows_vm + 2 + rows_host)) \
	"kernel log lines within $k x (2 + $rows_vm) + (2 + $rows_vm) + (2 + $rows_host)"
# table_rows WHO: "code count total min max" of the table printed as WHO
table_rows()
{
	sed -n "s/.*kvm_exit_stats: $1: *//p" /tmp/log | sed 1,2d |
		awk '{ print $1, $3, $4, $5, $7 }'
}
is "$(table_rows "VM $id destroyed")" "$(awk '!/^#/ { print $1, $3, $4, $5, $6 }' /tmp/vm)" \
	"teardown table of VM $id equals its debugfs table"
is "$(table_rows host)" "$(awk '!/^#/ { print $1, $3, $4, $5, $6 }' /tmp/host)" \
	"teardown host-wide table equals the host-wide debugfs table"

stop_keepers
dmesg_clean "no kernel warnings"
