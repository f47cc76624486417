#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exitstat's debugfs source: the parser on recorded exit_stats files
# (tests/unit/exitstat/test-debugfs.c), then the CLI on the recorded
# debugfs trees tests/unit/exitstat/kvm-svm and kvm-vmx (--debugfs DIR):
# host-wide, per VM, per vCPU, summed VMs, JSON/CSV compared with the
# files, --reason, intervals.  Run from the repository top.
. tests/unit/exitstat/tap.sh
need "$TESTS_OUT/exitstat-debugfs" "$EXITSTAT"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# The C parser test prints its own TAP; renumber it into ours.
"$TESTS_OUT/exitstat-debugfs" "$FIXTURES" >"$tmp/c.tap"
c_rc=$?
while IFS= read -r line; do
	case $line in
	"ok "*)		pass "parser: ${line#* - }" ;;
	"not ok "*)	fail "parser: ${line#* - }" ;;
	"1.."*)		;;
	*)		echo "$line" ;;
	esac
done <"$tmp/c.tap"
grep -q '^1\.\.' "$tmp/c.tap" || fail "parser: the test program ran to its end (exit $c_rc)"

SVM=$FIXTURES/kvm-svm
VMX=$FIXTURES/kvm-vmx
X()
{
	"$EXITSTAT" "$@" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/rc"
}

# --- the table, host-wide -----------------------------------------------------

X --debugfs "$SVM"
is "$(cat "$tmp/rc")" 0 "host-wide SVM: exit 0"
matches "$tmp/out" '^exitstat: source debugfs, scope host \(all VMs since module load\), vendor svm, at [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}$' \
	"host-wide SVM: header line with source, scope, vendor, time"
sed 1d "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'END'

    REASON  NAME              COUNT   EXITS%            CYCLES    TIME%         AVG         MIN         MAX
     0x07b  io                 5000   30.67%          20000000   40.72%        4000        2500      120000
     0x060  interrupt          4000   24.54%           8000000   16.29%        2000         800       25000
     0x07c  msr                3000   18.40%           9000000   18.32%        3000        1800       40000
     0x072  cpuid              2000   12.27%           6000000   12.21%        3000        1200        9000
     0x400  npf                1200    7.36%           2000000    4.07%        1666         900       50000
     0x078  hlt                 900    5.52%           2700000    5.50%        3000        2000        6000
     0x04e  PF excp             120    0.74%           1200000    2.44%       10000        4000       30000
     0x064  vintr                50    0.31%            100000    0.20%        2000        1500        3000
         -  other                26    0.16%             91000    0.19%        3500        2000        9000
     0x040  DE excp               3    0.02%             24000    0.05%        8000        7000        9000
     0x049  vec9 excp             1    0.01%              5000    0.01%        5000        5000        5000
            TOTAL             16300  100.00%          49120000  100.00%        3013           -           -
END
same_file "$tmp/got" "$tmp/want" "host-wide SVM: exact table"
is "$(wc -c <"$tmp/err" | tr -d ' ')" 0 "host-wide SVM: nothing on stderr"

# --- JSON and CSV against the recorded files ----------------------------------

# The rows of a recorded file as "reason count cycles min max", sorted.
file_rows()
{
	awk 'NR > 1 && $1 !~ /^#/ && NF >= 6 {
		print $1, $(NF - 3), $(NF - 2), $(NF - 1), $NF }' "$1" | sort
}
file_totals()
{
	sed -n '1s/.* exits=\([0-9]*\) cycles=\([0-9]*\).*/\1 \2/p' "$1"
}

if command -v jq >/dev/null 2>&1; then
	for f in exit_stats 812-11/exit_stats 812-11/vcpu0/exit_stats \
		 812-11/vcpu1/exit_stats 812-14/exit_stats; do
		case $f in
		exit_stats)	args= ;;
		*/vcpu*)	vm=${f%%/*}; v=${f#*/vcpu}; v=${v%%/*}
				args="--vm $vm --vcpu $v" ;;
		*)		args="--vm ${f%%/*}" ;;
		esac
		# shellcheck disable=SC2086
		X --debugfs "$SVM" $args --json
		file_rows "$SVM/$f" >"$tmp/want"
		jq -r '.reasons[] | "\(.reason // "other") \(.count) \(.cycles) \(.min) \(.max)"' \
			"$tmp/out" | sort >"$tmp/got"
		same_file "$tmp/got" "$tmp/want" "JSON ${args:-host-wide}: rows equal $f"
		is "$(jq -r '"\(.total_exits) \(.total_cycles)"' "$tmp/out")" \
			"$(file_totals "$SVM/$f")" "JSON ${args:-host-wide}: totals equal $f"
	done
	X --debugfs "$SVM" -p 812 --json
	is "$(jq -c '[.scope, .target, .total_exits, .total_cycles, (.reasons[] | select(.reason == 114) | [.count, .cycles, .min, .max])]' "$tmp/out")" \
		'["vm","pid 812, 2 VMs summed",1710,4990000,[600,1800000,1400,9500]]' \
		"JSON -p 812: two VMs summed, min and max of both"
else
	skip "JSON against the recorded files" "jq not installed: apt-get install jq"
fi

X --debugfs "$VMX" --csv --sort reason
file_rows "$VMX/exit_stats" >"$tmp/want"
awk -F, 'NR > 1 && $5 == "reason" { print $6, $9, $10, $12, $13 }' "$tmp/out" |
	sort >"$tmp/got"
same_file "$tmp/got" "$tmp/want" "CSV VMX host-wide: rows equal the recorded file"
is "$(awk -F, '$5 == "total" { print $9, $10 }' "$tmp/out")" \
	"$(file_totals "$VMX/exit_stats")" "CSV VMX host-wide: totals equal the file"
X --debugfs "$VMX" --vm 2000-12 --vcpu 0 --csv
is "$(awk -F, 'NR == 2 { print $3, $4, $6, $7 }' "$tmp/out")" "vcpu vmx 10 CPUID" \
	"CSV --vcpu: scope vcpu, VMX numbering, name from the table"

# --- --reason -------------------------------------------------------------------

X --debugfs "$SVM" --reason 0x072
cat >"$tmp/want" <<'END'
reason  0x072 (svm numbering, source debugfs)
name    cpuid
status  ok
count   2000
cycles  6000000
min     1200
max     9000
avg     3000
END
same_file "$tmp/out" "$tmp/want" "--reason 0x072: the full record"
X --debugfs "$SVM" --reason 'de excp'
is "$(sed -n 2p "$tmp/out")" "name    DE excp" "--reason by name, any case, with a space"
X --debugfs "$SVM" --reason VEC9_EXCP
is "$(sed -n 2p "$tmp/out")" "name    vec9 excp" "--reason by name as debugfs prints it ('_' for ' ')"
X --debugfs "$SVM" --reason -1
is "$(sed -n '1p;4p' "$tmp/out" | tr '\n' ' ')" \
	"reason  0xffffffff (svm numbering, source debugfs) count   0 " \
	"--reason -1 is SVM's VMEXIT_INVALID"
X --debugfs "$VMX" --reason 010
is "$(sed -n 2p "$tmp/out")" "name    CPUID" "--reason 010 is decimal 10, not octal"
X --debugfs "$VMX" --reason 35 --json
is "$(cat "$tmp/out")" \
	'{"source":"debugfs","vendor":"vmx","reason":35,"code":"35","name":null,"status":"undefined","count":0,"cycles":0,"avg":0,"min":0,"max":0,"self_exits":0}' \
	"--reason 35 (VMX): undefined, JSON"
X --debugfs "$VMX" --reason 30 --csv
is "$(tail -n 1 "$tmp/out")" "debugfs,vmx,30,IO_INSTRUCTION,ok,3000,12000000,4000,3000,90000,0" \
	"--reason 30 --csv"
X --debugfs "$VMX" --reason vintr
is "$(cat "$tmp/rc") $(cat "$tmp/err")" \
	"2 exitstat: unknown reason name for vmx numbering: vintr" \
	"--reason with an SVM name on VMX: exit 2"

# --- intervals ------------------------------------------------------------------

X --debugfs "$SVM" -i 0.05 -n 2 --json
is "$(cat "$tmp/rc") $(wc -l <"$tmp/out" | tr -d ' ')" "0 2" \
	"-i 0.05 -n 2 --json: two objects"
if command -v jq >/dev/null 2>&1; then
	is "$(jq -c '[.total_exits, .total_cycles, (.reasons | length), .reset, (.interval_ns > 0)]' "$tmp/out" | sort -u)" \
		'[0,0,0,false,true]' "intervals of an unchanged file: 0 exits each"
fi
X --debugfs "$SVM" -n 3 -i 0.02 --csv
is "$(grep -c ',total,' "$tmp/out") $(grep -c '^time,' "$tmp/out")" "3 1" \
	"-n 3 --csv: three intervals, one header"
X --debugfs "$SVM" -n 2 -i 0.02
is "$(grep -c '^exitstat: source debugfs.*, interval 0\.0[0-9] s$' "$tmp/out")" 2 \
	"-n 2 table: two timestamped tables"
contains "$tmp/out" "MIN and MAX are cumulative, not of this interval." \
	"interval table: says min/max are cumulative"

# Ctrl-C ends an endless run cleanly, with exit 0.
"$EXITSTAT" --debugfs "$SVM" -i 0.05 --csv >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.3
kill -INT "$pid"
wait "$pid"
rc=$?
is "$rc $(grep -c ',total,' "$tmp/out" | awk '{ print ($1 >= 2) }')" "0 1" \
	"SIGINT ends -i without -n: exit 0 after complete intervals"

# --- errors -------------------------------------------------------------------

X --debugfs "$SVM" -p 812 --vcpu 0
is "$(cat "$tmp/rc") $(cat "$tmp/err")" \
	"1 exitstat: pid 812 has 2 VMs (812-11, 812-14): choose one with --vm PID-FD" \
	"-p with two VMs and --vcpu: exit 1, asks for --vm"
X --debugfs "$SVM" -p 4242
is "$(cat "$tmp/rc")" 1 "-p without a VM: exit 1"
contains "$tmp/err" "exitstat: no VM of pid 4242 in $SVM" "-p without a VM: message"
X --debugfs "$SVM" --vm 812-11 --vcpu 9
contains "$tmp/err" "812-11/vcpu9/exit_stats: no such VM or vCPU" "--vcpu 9: no such vCPU"
X --debugfs "$FIXTURES/files"
is "$(cat "$tmp/rc")" 1 "debugfs without exit_stats: exit 1"
contains "$tmp/err" "the loaded kvm module is a stock one; load the patched kvm modules" \
	"debugfs without exit_stats: says to load the patched modules"
mkdir "$tmp/kvm"
cp "$FIXTURES/files/short-row.txt" "$tmp/kvm/exit_stats"
X --debugfs "$tmp/kvm"
is "$(cat "$tmp/rc") $(wc -c <"$tmp/out" | tr -d ' ')" "1 0" \
	"malformed file: exit 1, nothing on stdout"
contains "$tmp/err" "exitstat: $tmp/kvm/exit_stats:3: malformed line" \
	"malformed file: file and line number"

tap_done
