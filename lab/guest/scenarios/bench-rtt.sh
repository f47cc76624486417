# SPDX-License-Identifier: GPL-2.0
#
# make bench, part 1: the exit round trip as the guest sees it, under
# every configuration, interleaved in one lab boot.
# Usage: bench-rtt ROUNDS ITERS BATCHES
#
# Configurations: stock (the distribution's KVM), patched-on (exitstat's
# KVM counting, exit_stats=Y), patched-off (the same modules,
# exit_stats=N), stock-trace (stock, while exitstat -s trace consumes
# the kvm_exit and kvm_entry tracepoints of the run), stock-perf (stock,
# under perf kvm stat record, when the image has perf and it works here).
# A round runs each configuration once, in the order of the list in odd
# rounds and reversed in even ones (ABBA: a linear drift hits all alike);
# the module sets are switched with rmmod/insmod when the next
# configuration needs the other one, followed by a warm-up run that is not
# used. Each configuration runs the bench
# payload once per round, in its mixed mode: BATCHES batches of ITERS
# iterations on one vCPU, with the in-kernel irqchip, the kinds (cpuid,
# out, wrmsr, and loop: no exits, the guest's speed) taking turns batch
# by batch.
#
# Artifacts: rtt.tsv ("ROUND CONFIG KIND VCPU BATCH CYCLES" per batch,
# BATCH counted within its kind),
# rtt-info.txt, failures.txt (runs that failed; their data is not used).
# Checks: every run reported all its batches; counting on counted exactly
# the run's exits, counting off none; the trace source saw exactly the
# run's exits.
. /lab/guest/lib.sh
. /lab/guest/scenarios/trace-lib.sh
. /lab/guest/scenarios/bench-lib.sh

rounds=${1:-3}
iters=${2:-100}
batches=${3:-20}
kinds="cpuid out wrmsr"
HOSTWIDE=/sys/kernel/debug/kvm/exit_stats

info=$BENCH_OUT/rtt-info.txt
{
	echo "kernel $(uname -r)"
	echo "cpu $(grep -m1 '^model name' /proc/cpuinfo | sed 's/.*: //')"
	echo "lab_cpus $(grep -c ^processor /proc/cpuinfo)"
	echo "vendor $VENDOR"
	for p in nrips npt avic; do
		[ -f /sys/module/kvm_amd/parameters/$p ] &&
			echo "kvm_amd.$p $(cat /sys/module/kvm_amd/parameters/$p)"
	done
	grep -q '^flags.* nrip_save' /proc/cpuinfo && echo "cpu_nrip_save yes" || echo "cpu_nrip_save no"
	echo "rounds $rounds iters $iters batches $batches"
} >$info

# perf kvm stat record, if the image has it and it runs here. The order
# puts stock next to patched with counting on, the comparison that matters
# most, in every round.
configs="stock patched-on patched-off stock-trace"
if command -v perf >/dev/null 2>&1; then
	[ -f $BENCH/perf-version ] && echo "perf $(cat $BENCH/perf-version)" >>$info
	bench_load stock
	if bench_run /tmp/perf-probe cpuid 10 1 1 perf &&
	   perf kvm -i /tmp/perf-probe.perf stat report --event vmexit \
		>/tmp/perf-probe.txt 2>&1; then
		configs="stock patched-on patched-off stock-trace stock-perf"
		ok "perf kvm stat record runs in the lab"
	else
		skip "perf kvm stat record in the lab" "perf does not run here"
		tail -n 5 /tmp/perf-probe.err /tmp/perf-probe.txt 2>/dev/null |
			while read -r l; do diag "  $l"; done
		echo "perf_skip perf kvm stat record failed in the lab" >>$info
	fi
else
	skip "perf kvm stat record in the lab" "no perf in the image (linux-perf not installed on the build host)"
	echo "perf_skip no perf in the image" >>$info
fi
reversed=$(echo $configs | tr ' ' '\n' | sed '1!G;h;$!d' | tr '\n' ' ')

# A few exits first, so that the first timed run does not pay for
# anything that happens only once after boot
bench_load stock && bench_run /tmp/warmup cpuid 10 1 1 -

: >$BENCH_OUT/rtt.tsv
fail_runs=0
fail_counts=0
fail_trace=0
n=0

# rtt_one ROUND CONFIG SET HOW: one run and its checks; returns 2 if
# the run itself failed (testvmm or the tracer), before anything was kept
rtt_one()
{
	f=$BENCH_OUT/r$1-$2
	for k in $kinds; do
		[ $3 = patched ] && eval "before_$k=$(bench_debugfs_count $HOSTWIDE "$(bench_reason $k)")"
	done
	bench_run $f mix $iters $batches 1 $4 || return 2
	bench_values $f mix $iters $batches >$f.values
	if grep -q '^bad' $f.values; then
		diag "round $1 $2: the payload did not report all its batches"
		return 2
	fi
	# batch b ran kind b mod 4; numbered again within its kind
	awk -v r=$1 -v c=$2 '{
		split("cpuid out wrmsr loop", kind, " ")
		print r, c, kind[$2 % 4 + 1], $1, int($2 / 4), $3 }' $f.values \
		>>$BENCH_OUT/rtt.tsv
	for k in $kinds; do
		want=$(bench_expect $k $iters $batches mix)
		reason=$(bench_reason $k)
		if [ $3 = patched ]; then
			eval "before=\$before_$k"
			after=$(bench_debugfs_count $HOSTWIDE $reason)
			[ $2 = patched-on ] && exp=$want || exp=0
			if [ $((after - before)) -ne $exp ]; then
				fail_counts=$((fail_counts + 1))
				diag "round $1 $2: $reason exits counted $((after - before)), expected $exp"
			fi
		fi
		if [ $4 = trace ]; then
			got=$(jrow $f.json $reason count)
			if [ "$got" -ne "$want" ]; then
				fail_trace=$((fail_trace + 1))
				diag "round $1 $2: exitstat -s trace saw $got $reason exits, expected $want"
			fi
		fi
	done
	if [ $4 = perf ] && [ $1 -eq 1 ]; then
		perf kvm -i $f.perf stat report --event vmexit \
			>$BENCH_OUT/perf-report.txt 2>&1
	fi
	rm -f $f.perf $f.all
	return 0
}

r=1
while [ $r -le $rounds ]; do
	[ $((r % 2)) -eq 1 ] && list=$configs || list=$reversed
	for c in $list; do
		case $c in
		stock*) set=stock ;;
		*) set=patched ;;
		esac
		if [ "$bench_loaded" != $set ]; then
			bench_load $set || break 2
			# The lab runs slowly for a moment after a module switch:
			# one run to warm up, not used
			bench_run $BENCH_OUT/warmup mix $iters $batches 1 - || true
		fi
		case $c in
		patched-on) echo Y >$KVM_PARAMS/exit_stats ;;
		patched-off) echo N >$KVM_PARAMS/exit_stats ;;
		esac
		how=-
		case $c in
		stock-trace) how=trace ;;
		stock-perf) how=perf ;;
		esac
		n=$((n + 1))
		rtt_one $r $c $set $how && continue
		bench_failed "round $r $c" $BENCH_OUT/r$r-$c
		fail_runs=$((fail_runs + 1))
	done
	diag "round $r of $rounds done at $(cut -d' ' -f1 /proc/uptime) s"
	r=$((r + 1))
done
[ -f $KVM_PARAMS/exit_stats ] && echo Y >$KVM_PARAMS/exit_stats

is "$fail_runs" 0 "$n runs ($rounds rounds of: $configs; each run $kinds in turns) reported every batch"
is "$fail_counts" 0 "patched, counting on: every run's exits counted exactly; counting off: none"
is "$fail_trace" 0 "stock under exitstat -s trace: the trace saw every exit of every run"
artifact rtt.tsv $BENCH_OUT/rtt.tsv
[ -s $BENCH_OUT/failures.txt ] && artifact failures.txt $BENCH_OUT/failures.txt
artifact rtt-info.txt $info
[ -f $BENCH_OUT/perf-report.txt ] && artifact perf-report.txt $BENCH_OUT/perf-report.txt
dmesg_clean "no kernel warnings"
