# SPDX-License-Identifier: GPL-2.0
#
# exitstat -s trace on the stock KVM: exact exit counts of the course
# payload (A CPUID, B OUT to the sink port, DONE, HLT per vCPU) per VM and
# per vCPU, latencies, intervals, VMs that appear and vanish while it
# traces, lost events, Ctrl-C, and what it says when tracefs, the kvm
# module or privileges are missing.
. /lab/guest/lib.sh
. /lab/guest/scenarios/trace-lib.sh

# --- the format files the unit tests parse are this kernel's -----------------

# sha256 of tests/unit/exitstat/trace/kvm_{exit,entry}.format
for pair in kvm_exit:364c26921818e7dfaec47c6608d384ee77ca071687d38cfb2fe854cb5857a01b \
	    kvm_entry:8b8f7f5b6195794b0137eb9315d11168fd2219424ecae05bef04f352d4d338c2; do
	f=$TRACEFS/events/kvm/${pair%%:*}/format
	if is "$(sha256sum <"$f" | cut -d' ' -f1)" "${pair#*:}" \
		"${pair%%:*}/format is the one recorded for the unit tests"; then
		continue
	fi
	diag "record it again in tests/unit/exitstat/trace/:"
	while IFS= read -r l; do diag "F $l"; done <"$f"
done

# --- one VM, 4 vCPUs: exact counts, what pairs with what ------------------------

# Per vCPU: 1000 CPUID, 500 OUT + 1 OUT (DONE), 1 HLT (it ends the vCPU).
trace /tmp/all.json -- $VMM -c 4 -a 1000 -b 500 $COURSE
is "$trace_status $(grep -c '^@end ok' /tmp/all.json.vmm)" "0 1" \
	"exitstat -s trace -- testvmm -c 4: both exit 0"
is "$(counts /tmp/all.json)" 4000/2004/4 "CPUID/IO/HLT exits: 4 x 1000/501/1"
is "$(jtop /tmp/all.json scope) $(jtop /tmp/all.json target)" \
	"vm pid $(sed -n 's/^@pid //p' /tmp/all.json.vmm) (/lab/testvmm)" \
	"scope vm, target: the command's pid"
is "$(jtop /tmp/all.json lost_events)" 0 "no event lost"
# On SVM every VMRUN is traced kvm_entry ... kvm_exit, so a vCPU thread's
# events alternate: its first is an entry (no exit before it), its last
# the exit that ended it (no entry after it).
total=$(jtop /tmp/all.json total_exits)
is "$(jtop /tmp/all.json entries)" "$total" \
	"kvm_entry events = kvm_exit events ($total): one entry per exit"
is "$(jtop /tmp/all.json entries_unpaired)/$(jtop /tmp/all.json untimed_exits)/$(jrow /tmp/all.json hlt untimed)" \
	4/4/4 "per vCPU one first entry and one last exit (the HLT), without a partner"
for r in cpuid io; do
	mn=$(jrow /tmp/all.json $r min)
	av=$(jrow /tmp/all.json $r avg)
	mx=$(jrow /tmp/all.json $r max)
	if [ "$mn" -gt 0 ] && [ "$mn" -le "$av" ] && [ "$av" -le "$mx" ]; then
		ok "$r latency: 0 < min $mn <= avg $av <= max $mx ns"
	else
		not_ok "$r latency: 0 < min <= avg <= max"
		diag "min $mn avg $av max $mx"
	fi
done

# --- per vCPU: the split sums to the whole ------------------------------------

sum=0/0/0
v=0
while [ $v -lt 4 ]; do
	trace /tmp/v$v.json --vcpu $v -- $VMM -c 4 -a 1000 -b 500 $COURSE
	is "$(counts /tmp/v$v.json) $(jtop /tmp/v$v.json scope)" "1000/501/1 vcpu" \
		"--vcpu $v: CPUID/IO/HLT exits 1000/501/1, scope vcpu"
	sum=$(echo "$sum $(counts /tmp/v$v.json)" | awk -F'[ /]' \
		'{ print $1 + $4 "/" $2 + $5 "/" $3 + $6 }')
	v=$((v + 1))
done
is "$sum" "$(counts /tmp/all.json)" "the 4 vCPUs sum to the VM: $sum"

# --- latency: an exit to userspace takes longer than one KVM handles ---------

# CPUID is emulated in the kernel; an OUT or IN on the sink port goes
# out to testvmm and back (KVM_EXIT_IO, the next KVM_RUN).  The mixed
# payload interleaves them (3 CPUID, 2 OUT, 1 IN, RDMSR, WRMSR a round),
# so both see the same background (timer ticks, exitstat's own reading).
trace /tmp/lat.json -- $VMM -a 1000 /lab/payloads/mixed.bin
is "$(jrow /tmp/lat.json cpuid count)/$(jrow /tmp/lat.json io count)" 3000/3001 \
	"mixed payload: CPUID/IO exits 3000/3001"
cpuid_avg=$(jrow /tmp/lat.json cpuid avg)
io_avg=$(jrow /tmp/lat.json io avg)
cmp_ok "$io_avg" gt "$cpuid_avg" \
	"avg latency: IO (via userspace) $io_avg ns > CPUID (in KVM) $cpuid_avg ns"
cmp_ok "$(jrow /tmp/lat.json io min)" gt "$(jrow /tmp/lat.json cpuid min)" \
	"min latency: IO $(jrow /tmp/lat.json io min) ns > CPUID $(jrow /tmp/lat.json cpuid min) ns"
trace /tmp/cyc.json --unit cycles -- $VMM -a 200 -b 200 $COURSE
is "$trace_status $(jtop /tmp/cyc.json unit) $(counts /tmp/cyc.json)" "0 cycles 200/201/1" \
	"--unit cycles: TSC cycles (this kernel publishes its TSC factor)"

# --- intervals: every exit in exactly one of them ----------------------------

trace /tmp/iv.json -i 0.1 -- $VMM -c 2 -a 3000 -b 1000 $COURSE
is "$trace_status $(counts /tmp/iv.json)" "0 6000/2002/2" \
	"-i 0.1: the intervals' exits sum to 2 x 3000/1001/1 ($(wc -l </tmp/iv.json) intervals)"
is "$(jsum /tmp/iv.json lost_events)" 0 "-i 0.1: no event lost"

# --- VMs that appear and vanish while it traces --------------------------------

# Host-wide for 6 s: a VM started 1 s in, then one (2 vCPUs) held after
# its run and destroyed on SIGUSR1.  A second exitstat follows the held
# VM by pid (-p), until that process ends.
rm -f /tmp/go
mkfifo /tmp/go
: >/tmp/held.out
sh -c 'read x </tmp/go; exec "$@"' sh $VMM --hold -c 2 -a 300 -b 200 $COURSE \
	>>/tmp/held.out 2>&1 &
held=$!
$ES -s trace -d 6 --json >/tmp/host.json 2>/tmp/host.err &
host=$!
$ES -s trace -p $held --json >/tmp/pid.json 2>/tmp/pid.err &
bypid=$!
sleep 1
$VMM -a 1000 -b 500 $COURSE >/tmp/first.out 2>&1
first=$?
echo go >/tmp/go
wait_line /tmp/held.out "@held $held\$" $held || diag "the held VM never said @held"
kill -USR1 $held
wait $held
held_status=$?
wait $bypid
bypid_status=$?
wait $host
host_status=$?
is "$first $held_status" "0 0" "both VMs ran"
is "$host_status $(counts /tmp/host.json)" "0 1600/903/3" \
	"-d 6 host-wide: both VMs exactly, 1000/501/1 + 2 x 300/201/1"
is "$(jtop /tmp/host.json scope) $(jtop /tmp/host.json lost_events)" "host 0" \
	"-d 6: scope host, no event lost"
is "$bypid_status $(counts /tmp/pid.json)" "0 600/402/2" \
	"-p PID: the held VM only, 2 x 300/201/1, ended with its process"
is "$(jtop /tmp/pid.json target)" "pid $held" "-p PID: target pid $held"

# --- lost events -----------------------------------------------------------------

# One 4 KiB page per CPU holds ~40 exits with their entries; a stopped
# exitstat cannot drain it while 6000 exits happen.
lost_run()
{
	$ES -s trace --buffer-pages 1 -d 2 "$@" >/tmp/lost.out 2>/tmp/lost.err &
	es=$!
	sleep 1
	kill -STOP $es
	$VMM -a 3000 -b 3000 $COURSE >/dev/null 2>&1
	kill -CONT $es
	wait $es
}
lost_run --json
lost=$(jtop /tmp/lost.out lost_events)
cmp_ok "${lost:-0}" gt 0 "--buffer-pages 1, reader stopped: lost_events $lost > 0"
cmp_ok "$(jrow /tmp/lost.out cpuid count)" lt 3000 \
	"... and the CPUID count ($(jrow /tmp/lost.out cpuid count)) is short of 3000"
lost_run
if grep -q '^Lost events: [1-9][0-9]* (ring buffers overran: counts are too low; try a larger --buffer-pages)$' /tmp/lost.out; then
	ok "table footer: $(grep '^Lost events' /tmp/lost.out | cut -d' ' -f1-3)"
else
	not_ok "table footer says events were lost"
	while IFS= read -r l; do diag "$l"; done </tmp/lost.out
fi
lost_run --csv
if grep -q '^exitstat: [1-9][0-9]* events lost: counts are too low$' /tmp/lost.err; then
	ok "CSV: the loss said on stderr"
else
	not_ok "CSV: the loss said on stderr"
	while IFS= read -r l; do diag "$l"; done </tmp/lost.err
fi

# --- the table, and Ctrl-C ----------------------------------------------------------

$ES -s trace -- $VMM -a 10 -b 5 $COURSE >/tmp/tab.out 2>&1
is "$?" 0 "table of a command: exit 0"
grep -q '^    REASON  NAME  *COUNT   EXITS%  *NS    TIME%  *AVG  *MIN  *MAX$' /tmp/tab.out &&
	grep -q '^Lost events: 0$' /tmp/tab.out &&
	grep -q '^Latency: from kvm_exit to the next kvm_entry of the vCPU thread, in ns\.$' /tmp/tab.out
is "$?" 0 "table: an NS column, the latency's definition, 'Lost events: 0'"

# Host-wide until Ctrl-C
$ES -s trace --json >/tmp/int.json 2>/tmp/int.err &
es=$!
sleep 1
$VMM -a 100 -b 10 $COURSE >/dev/null 2>&1
kill -INT $es
wait $es
is "$? $(counts /tmp/int.json)" "0 100/11/1" "until Ctrl-C: exit 0 and the VM's exits"
# A command gets the Ctrl-C: the held VM lets go, exitstat reports it all
rm -f /tmp/cmd.all
$ES -s trace --json -- $VMM --hold -a 100 -b 10 $COURSE >/tmp/cmd.all 2>/tmp/cmd.err &
es=$!
wait_line /tmp/cmd.all @held $es || diag "the traced VM never said @held"
kill -INT $es
wait $es
rc=$?
grep '^{' /tmp/cmd.all >/tmp/cmd.json
is "$rc $(counts /tmp/cmd.json) $(grep -c '^@end ok' /tmp/cmd.all)" "0 100/11/1 1" \
	"Ctrl-C with a command: passed on to it, it ends, all its exits reported"

# --- failures ---------------------------------------------------------------------

$ES -s trace -- /lab/no-such-vmm >/tmp/f.out 2>/tmp/f.err
is "$? $(cat /tmp/f.err)" \
	"1 exitstat: cannot run /lab/no-such-vmm: No such file or directory" \
	"a command that cannot run: exit 1, said"
trace /tmp/f.json -- $VMM -a 1 /lab/payloads/no-such.bin
is "$trace_status $(wc -l </tmp/f.json) $(tail -n 1 /tmp/f.json.err)" \
	"1 1 exitstat: /lab/testvmm exited with status 2" \
	"a command that fails: its exits reported, then exit 1, said"
$ES -s trace -p 999999 -d 1 >/tmp/f.out 2>/tmp/f.err
is "$? $(cat /tmp/f.err)" "1 exitstat: no process 999999" "-p of no process: exit 1"

# Not root.  tracefs first (root-only), then perf_event_open itself
chmod 755 /	# the initramfs root is 0700: nobody could not run anything
mkdir -p /etc
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
echo 'nogroup:x:65534:' >>/etc/group
su nobody -c "$ES -s trace -d 1" >/tmp/f.out 2>/tmp/f.err
is "$? $(cat /tmp/f.err)" \
	"1 exitstat: cannot read $TRACEFS (permission denied): tracefs is root-only; run exitstat as root" \
	"not root: tracefs is root-only, said"
chmod a+rx $TRACEFS $TRACEFS/events $TRACEFS/events/kvm \
	$TRACEFS/events/kvm/kvm_exit $TRACEFS/events/kvm/kvm_entry
chmod a+r $TRACEFS/events/kvm/kvm_exit/format $TRACEFS/events/kvm/kvm_entry/format
su nobody -c "$ES -s trace -d 1" >/tmp/f.out 2>/tmp/f.err
is "$? $(cat /tmp/f.err)" \
	"1 exitstat: no permission to trace kvm:kvm_exit with perf_event_open (kernel.perf_event_paranoid = $(cat /proc/sys/kernel/perf_event_paranoid)): run exitstat as root, or give it CAP_PERFMON and allow raw tracepoints: sysctl -w kernel.perf_event_paranoid=-1" \
	"not root, tracefs readable: perf_event_paranoid, said with what to do"

# No tracefs
umount $TRACEFS
umount /sys/kernel/debug/tracing 2>/dev/null
umount /sys/kernel/debug
$ES -s trace -d 1 >/tmp/f.out 2>/tmp/f.err
is "$? $(cat /tmp/f.err)" \
	"1 exitstat: tracefs is not mounted on $TRACEFS: mount it (as root: mount -t tracefs nodev $TRACEFS)" \
	"tracefs not mounted: exit 1, how to mount it"
mount -t tracefs nodev $TRACEFS
mount -t debugfs debugfs /sys/kernel/debug

# No kvm module (last: the modules stay out)
rmmod kvm_amd kvm
$ES -s trace -d 1 >/tmp/f.out 2>/tmp/f.err
is "$? $(cat /tmp/f.err)" \
	"1 exitstat: no kvm events in $TRACEFS/events: the kvm module is not loaded (as root: modprobe kvm_amd or kvm_intel)" \
	"kvm not loaded: exit 1, load it"

dmesg_clean "no kernel warnings"
