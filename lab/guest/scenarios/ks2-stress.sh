# Investigation only: run one testvmm command N times, count failures; a
# run still going after 15 s is looked at through the kvm tracepoints.
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh
n=$1
shift
keep=$1
shift
[ "$keep" = keep ] && start_keepers
fails=0
i=1
while [ $i -le $n ]; do
	/lab/testvmm -t 25 "$@" >/tmp/o 2>&1 &
	pid=$!
	w=0
	while kill -0 $pid 2>/dev/null && [ $w -lt 150 ]; do sleep 0.1; w=$((w + 1)); done
	if kill -0 $pid 2>/dev/null; then
		diag "run $i: still running after 15 s"
		dir=$(ls -d $KVM_DEBUGFS/$pid-* | head -n 1)
		for v in $dir/vcpu*; do
			[ -f $v/exit_stats ] && diag "$v: $(grep -v '^#' $v/exit_stats | tr '\n' ';')"
		done
		echo > $TRACEFS/trace
		echo 1 > $TRACEFS/events/kvm/kvm_exit/enable
		echo 1 > $TRACEFS/events/kvm/kvm_entry/enable
		sleep 1
		echo 0 > $TRACEFS/events/kvm/kvm_exit/enable
		echo 0 > $TRACEFS/events/kvm/kvm_entry/enable
		grep -v '^#' $TRACEFS/trace | awk '{ $1 = ""; $3 = ""; print }' | sort | uniq -c | sort -rn | head -n 12 >/tmp/tr
		diag "trace:" "$(cat /tmp/tr)"
		diag "threads: $(for t in /proc/$pid/task/*; do echo "$(basename $t):$(cat $t/stat | cut -d' ' -f3,39)"; done | tr '\n' ' ')"
		for t in /proc/$pid/task/*; do
			s=$(cat $t/stack 2>/dev/null | head -n 4 | tr '\n' '|')
			diag "$(basename $t): $s"
		done
	fi
	wait $pid
	rc=$?
	if [ $rc -ne 0 ]; then
		fails=$((fails + 1))
		diag "run $i: rc $rc" "$(grep -v '^@vcpu .*done' /tmp/o | head -n 6)"
	fi
	i=$((i + 1))
done
is "$fails" 0 "$n runs of testvmm $*: $fails failed"
[ "$keep" = keep ] && stop_keepers
dmesg_clean "no kernel warnings"
