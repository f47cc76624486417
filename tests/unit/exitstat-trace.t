#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exitstat's trace source on the host, without KVM: the C test
# (tests/unit/exitstat/test-trace.c: format files recorded in the lab,
# perf records, a wrapping ring, exit/entry pairing with exact latencies,
# lost events), a traced snapshot in the three output formats, the
# command line of the trace options, and the messages when tracefs or the
# kvm events are missing.  Run from the repository top.
. tests/unit/exitstat/tap.sh
GEN=$TESTS_OUT/exitstat-trace
need "$GEN" "$EXITSTAT"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

"$GEN" "$FIXTURES" >"$tmp/c.tap"
c_rc=$?
while IFS= read -r line; do
	case $line in
	"ok "*)		pass "C: ${line#* - }" ;;
	"not ok "*)	fail "C: ${line#* - }" ;;
	"1.."*)		;;
	*)		echo "$line" ;;
	esac
done <"$tmp/c.tap"
grep -q '^1\.\.' "$tmp/c.tap" || fail "C: the test program ran to its end (exit $c_rc)"

# --- a traced snapshot in the output formats --------------------------------

cat >"$tmp/want" <<'END'
exitstat: source trace, scope vm (pid 812 (testvmm)), vendor svm, at 2024-05-01 12:00:00

    REASON  NAME          COUNT   EXITS%                NS    TIME%         AVG         MIN         MAX
     0x072  cpuid             2   50.00%              3000    5.66%        1500        1000        2000
     0x07b  io                1   25.00%             50000   94.34%       50000       50000       50000
     0x078  hlt               1   25.00%                 0    0.00%           -           -           -
            TOTAL             4  100.00%             53000  100.00%       17666           -           -

Latency: from kvm_exit to the next kvm_entry of the vCPU thread, in ns.
Without a latency: 1 exit (no kvm_entry followed: the thread ended, events were lost, or tracing stopped first).
Lost events: 5 (ring buffers overran: counts are too low; try a larger --buffer-pages)
END
"$GEN" print table >"$tmp/got"
same_file "$tmp/got" "$tmp/want" "table: NS column, '-' for an untimed row, avg of timed exits, footer"

if command -v jq >/dev/null 2>&1; then
	"$GEN" print json >"$tmp/json"
	is "$(jq -c '[.source, .unit, .lost_events, .untimed_exits, .entries, .entries_unpaired, .min_latency_ns, .total_exits, .total_cycles]' "$tmp/json")" \
		'["trace","ns",5,1,4,1,0,4,53000]' \
		"JSON: unit, lost events, untimed exits, entries, totals"
	is "$(jq -c '[.reasons[] | [.name, .count, .cycles, .avg, .min, .max, .untimed]]' "$tmp/json")" \
		'[["cpuid",2,3000,1500,1000,2000,0],["io",1,50000,50000,50000,50000,0],["hlt",1,0,null,null,null,1]]' \
		"JSON rows: exact latencies; null avg/min/max for the untimed HLT"
else
	skip "JSON of a traced snapshot" "jq not installed: apt-get install jq"
fi
"$GEN" print csv >"$tmp/csv"
is "$(head -n 1 "$tmp/csv")" \
	"time,source,scope,vendor,kind,reason,name,status,count,ns,avg,min,max,exits_pct,time_pct,self_exits" \
	"CSV: the latency column is named ns"
is "$(grep ',hlt,' "$tmp/csv")" \
	"2024-05-01T12:00:00.250Z,trace,vm,svm,reason,120,hlt,ok,1,0,,,,25.00,0.00,0" \
	"CSV: empty avg/min/max for the untimed HLT"

# --- the command line ---------------------------------------------------------

usage()
{
	msg=$1
	shift
	"$EXITSTAT" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	first=$(head -n 1 "$tmp/err")
	if [ $rc -eq 2 ] && [ "$first" = "exitstat: $msg" ] && [ ! -s "$tmp/out" ]; then
		pass "exitstat $*: exit 2, '$msg'"
	else
		fail "exitstat $*: exit 2, '$msg'"
		echo "#   got:  exit $rc, stderr '$first', $(wc -c <"$tmp/out") bytes on stdout"
	fi
}

trace_only="--min-latency, --unit, --buffer-pages, --tracefs, -d without -i, and -- COMMAND are trace options: they need -s trace"
usage "invalid latency: 0"			-s trace --min-latency 0
usage "invalid latency: 5us"			-s trace --min-latency 5us
usage "invalid latency: 1000000000001"		-s trace --min-latency 1000000000001
usage "unknown unit: ms"			-s trace --unit ms
usage "invalid buffer size: 3"			-s trace --buffer-pages 3
usage "invalid buffer size: 0"			-s trace --buffer-pages 0
usage "invalid buffer size: 131072"		-s trace --buffer-pages 131072
usage "invalid duration: 0"			-s trace -d 0
usage "invalid duration: x"			-s trace --duration x
usage "invalid tracefs directory: empty"	--tracefs ""
usage "$trace_only"				-s debugfs --min-latency 10
usage "$trace_only"				-s cpuid -d 1
usage "$trace_only"				-s debugfs -- true
usage "-- needs a COMMAND to trace"		-s trace --
usage "-p and -- COMMAND exclude each other"	-p 1 -- true
usage "-d and -- COMMAND exclude each other: the command's run is the duration" \
						-d 1 -- true
usage "--vm and --debugfs are debugfs options: the trace source takes -p PID and --vcpu N" \
						-s trace --vm 1-2
usage "--vm and --debugfs are debugfs options: the trace source takes -p PID and --vcpu N" \
						--min-latency 5 --debugfs /tmp
usage "--leaf prints one CPUID leaf: it takes only --ecx, --json or --csv" \
						--leaf 0 -d 1
usage "unexpected argument: true"		-s trace true
usage "invalid vCPU: 4096"			-s trace --vcpu 4096
usage "--reason is not for -s trace: use --json or --csv and take the reason's row" \
						-s trace --reason cpuid -d 1

"$EXITSTAT" --help >"$tmp/out"
for opt in --duration --min-latency --unit --buffer-pages --tracefs "-- COMMAND"; do
	grep -q -- "$opt " "$tmp/out" || missing="$missing $opt"
done
is "${missing:-none}" none "--help documents the trace options"

# -d with -i works for every source: the intervals that fit, then a short one
"$EXITSTAT" --debugfs "$FIXTURES/kvm-svm" -i 0.05 -d 0.12 --csv >"$tmp/out" 2>"$tmp/err"
is "$? $(grep -c ',total,' "$tmp/out")" "0 3" "debugfs -i 0.05 -d 0.12: 2 intervals and a last short one"
is "$(awk -F, '$6 == "total" { print ($2 < 0.045) }' "$tmp/out" | tail -n 1)" 1 \
	"... the last one 0.02 s long"

# --- what is missing, said with what to do ---------------------------------------

X()
{
	"$EXITSTAT" "$@" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/rc"
}

X -s trace --tracefs "$tmp/none" -d 1
is "$(cat "$tmp/rc") $(cat "$tmp/err")" "1 exitstat: no $tmp/none/events: not a tracefs directory" \
	"--tracefs without events/: exit 1"
mkdir -p "$tmp/tfs/events/sched"
X -s trace --tracefs "$tmp/tfs" -d 1
is "$(cat "$tmp/rc") $(cat "$tmp/err")" \
	"1 exitstat: no kvm events in $tmp/tfs/events: the kvm module is not loaded (as root: modprobe kvm_amd or kvm_intel)" \
	"no events/kvm: the kvm module is not loaded"
mkdir -p "$tmp/tfs/events/kvm/kvm_exit" "$tmp/tfs/events/kvm/kvm_entry"
cp "$FIXTURES/trace/no-reason.format" "$tmp/tfs/events/kvm/kvm_exit/format"
X -s trace --tracefs "$tmp/tfs" -d 1
is "$(cat "$tmp/rc") $(cat "$tmp/err")" \
	"1 exitstat: no tracepoint kvm:kvm_entry ($tmp/tfs/events/kvm/kvm_entry/format): this kernel's KVM does not trace it" \
	"no kvm_entry: named"
cp "$FIXTURES/trace/kvm_entry.format" "$tmp/tfs/events/kvm/kvm_entry/format"
X -s trace --tracefs "$tmp/tfs" -d 1
is "$(cat "$tmp/rc") $(cat "$tmp/err")" \
	"1 exitstat: event kvm_exit has no field 'exit_reason': a kernel this exitstat does not know" \
	"a kvm_exit without exit_reason: refused"
# IDs no kernel has: perf_event_open fails (or is not allowed to try)
sed 's/^ID: .*/ID: 999999/' "$FIXTURES/trace/kvm_exit.format" >"$tmp/tfs/events/kvm/kvm_exit/format"
X -s trace --tracefs "$tmp/tfs" -d 1
if [ "$(cat "$tmp/rc")" = 1 ] &&
   grep -qE '^exitstat: (perf_event_open of kvm:kvm_exit \(tracepoint ID 999999\) on CPU [0-9]+: |no permission to trace kvm:kvm_exit with perf_event_open.*run exitstat as root)' "$tmp/err"; then
	pass "a tracepoint ID this kernel lacks: perf_event_open's error, named"
else
	fail "a tracepoint ID this kernel lacks: perf_event_open's error, named"
	sed 's/^/#   /' "$tmp/err"
fi
if [ -d /sys/kernel/tracing/events/kvm ] || [ -d /sys/kernel/debug/tracing/events/kvm ]; then
	skip "tracefs not mounted here: says how to mount it" "this machine has kvm events"
elif [ -d /sys/kernel/tracing/events ] || [ -d /sys/kernel/debug/tracing/events ]; then
	X -s trace -d 0.01
	contains "$tmp/err" "the kvm module is not loaded" "no kvm module here: says so"
else
	X -s trace -d 0.01
	is "$(cat "$tmp/rc") $(cat "$tmp/err")" \
		"1 exitstat: tracefs is not mounted on /sys/kernel/tracing: mount it (as root: mount -t tracefs nodev /sys/kernel/tracing)" \
		"tracefs not mounted here: says how to mount it"
fi

tap_done
