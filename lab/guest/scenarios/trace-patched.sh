# SPDX-License-Identifier: GPL-2.0
#
# The trace source against the patched KVM's own counters: over the same
# run, for every exit reason, the kvm_exit events exitstat -s trace counts
# equal the delta of /sys/kernel/debug/kvm/exit_stats.  The kernel times
# an exit until its handler returns, the trace until the vCPU re-enters:
# for exits that go out to the VMM (IO here) the trace's are longer.
. /lab/guest/lib.sh
. /lab/guest/scenarios/trace-lib.sh

F=/sys/kernel/debug/kvm/exit_stats

# rows FILE: "reason count" per line of an exit_stats file
rows()
{
	awk 'NR > 1 && $1 !~ /^#/ && NF >= 6 { print $1, $(NF - 3) }' "$1" | sort
}

# compare NAME ARGS...: testvmm ARGS traced, against the counters' delta
compare()
{
	name=$1
	shift
	cp $F /tmp/before
	$ES -s trace --csv --unit cycles -- $VMM "$@" >/tmp/tr.all 2>/tmp/tr.err
	rc=$?
	cp $F /tmp/after
	is "$rc $(grep -c '^@end ok' /tmp/tr.all)" "0 1" "$name: traced run ok"
	awk -F, '$5 == "reason" { print $6, $9 } $5 == "other" { print "other", $9 }' \
		/tmp/tr.all | sort >/tmp/trace.rows
	rows /tmp/before >/tmp/before.rows
	rows /tmp/after >/tmp/after.rows
	awk 'FILENAME == ARGV[1] { b[$1] = $2; next } { d = $2 - b[$1]; if (d) print $1, d }' \
		/tmp/before.rows /tmp/after.rows | sort >/tmp/kernel.rows
	if is "$(cat /tmp/trace.rows | tr '\n' ' ')" "$(cat /tmp/kernel.rows | tr '\n' ' ')" \
		"$name: every reason's trace count = the in-kernel counter's delta"; then
		diag "$name: $(awk '{ n += $2 } END { print n }' /tmp/trace.rows) exits in $(wc -l </tmp/trace.rows) reasons"
	fi
}

if [ ! -r $F ]; then
	skip "trace counts = in-kernel counters" \
		"no $F: the patched modules of this image have no debugfs exit statistics yet"
	return 0
fi

compare "course, 2 vCPUs" -c 2 -a 1000 -b 500 $COURSE
# IO: the kernel's cycles end when KVM hands the OUT to testvmm, the
# trace's latency when the vCPU runs again after testvmm's KVM_RUN.
io=$(awk -F, '$5 == "reason" && $6 == 123 { print $11 }' /tmp/tr.all)
kio=$(awk '$1 == 123 { s = FILENAME == ARGV[1] ? -1 : 1; n += s * $(NF - 3); c += s * $(NF - 2) }
	END { print n ? int(c / n) : 0 }' /tmp/before /tmp/after)
cmp_ok "${io:-0}" gt "${kio:-0}" \
	"IO: trace latency avg $io > in-kernel handling avg $kio cycles (it includes testvmm)"
compare "mixed, 2 vCPUs" -c 2 -a 300 /lab/payloads/mixed.bin
compare "hlt" -a 50 /lab/payloads/hlt.bin
compare "wrmsr_fast, -I" -I -a 300 /lab/payloads/wrmsr_fast.bin
compare "rdmsr" -a 500 /lab/payloads/rdmsr.bin
dmesg_clean "no kernel warnings"
