#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exitstat's output formats on known snapshots (printed by
# tests/unit/exitstat/test-output.c at a fixed time): the exact text
# table in every sort order and in interval mode, and JSON (jq) and CSV
# (awk) parsed back and compared with the snapshot.  Run from the top.
. tests/unit/exitstat/tap.sh
GEN=$TESTS_OUT/exitstat-output
need "$GEN"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# --- the text table -------------------------------------------------------

cat >"$tmp/want" <<'END'
exitstat: source cpuid, scope vm (this VM), vendor svm, at 2024-05-01 12:00:00

    REASON  NAME                        COUNT   EXITS%            CYCLES    TIME%         AVG         MIN         MAX
     0x07b  io                           5000   40.88%          20000000   55.33%        4000        2500      120000
     0x060  interrupt                    4000   32.71%           8000000   22.13%        2000         800       25000
     0x072  cpuid                        2000   16.35%           6000000   16.60%        3000        1200        9000
     0x400  npf                          1200    9.81%           2000000    5.53%        1666         900       50000
         -  other                          26    0.21%             91000    0.25%        3500        2000        9000
     0x040  DE excp                         3    0.02%             24000    0.07%        8000        7000        9000
0xffffffff  invalid_guest_state             1    0.01%             30000    0.08%       30000       30000       30000
            TOTAL                       12230  100.00%          36145000  100.00%        2955           -           -

This read caused 192 CPUID exits (included in the counts above).
END
"$GEN" table >"$tmp/got"
same_file "$tmp/got" "$tmp/want" "SVM table sorted by count (default): exact text"

cat >"$tmp/want" <<'END'
exitstat: source cpuid, scope vm (this VM), vendor svm, at 2024-05-01 12:00:00

    REASON  NAME                        COUNT   EXITS%            CYCLES    TIME%         AVG         MIN         MAX
     0x07b  io                           5000   40.88%          20000000   55.33%        4000        2500      120000
     0x060  interrupt                    4000   32.71%           8000000   22.13%        2000         800       25000
     0x072  cpuid                        2000   16.35%           6000000   16.60%        3000        1200        9000
     0x400  npf                          1200    9.81%           2000000    5.53%        1666         900       50000
         -  other                          26    0.21%             91000    0.25%        3500        2000        9000
0xffffffff  invalid_guest_state             1    0.01%             30000    0.08%       30000       30000       30000
     0x040  DE excp                         3    0.02%             24000    0.07%        8000        7000        9000
            TOTAL                       12230  100.00%          36145000  100.00%        2955           -           -

This read caused 192 CPUID exits (included in the counts above).
END
"$GEN" table --sort time >"$tmp/got"
same_file "$tmp/got" "$tmp/want" "SVM table sorted by time: exact text"

row_codes='NR > 3 && $1 ~ /^(0x[0-9a-f]+|[0-9]+|-)$/ { print $1 }'
"$GEN" table --sort reason | awk "$row_codes" |
	tr '\n' ' ' >"$tmp/got"
is "$(cat "$tmp/got")" "0x040 0x060 0x072 0x07b 0x400 0xffffffff - " \
	"SVM table sorted by reason: APM order, other last"

cat >"$tmp/want" <<'END'
exitstat: source debugfs, scope host (all VMs since module load), vendor vmx, at 2024-05-01 12:00:00

    REASON  NAME                       COUNT   EXITS%            CYCLES    TIME%         AVG         MIN         MAX
        30  IO_INSTRUCTION              3000   30.00%          12000000   40.00%        4000        3000       90000
         1  EXTERNAL_INTERRUPT          2500   25.00%           5000000   16.67%        2000        1000       20000
        10  CPUID                       1500   15.00%           3000000   10.00%        2000        1200        6000
        32  MSR_WRITE                   1200   12.00%           2400000    8.00%        2000         800        9000
        12  HLT                         1000   10.00%           4000000   13.33%        4000        2000       30000
        48  EPT_VIOLATION                800    8.00%           3600000   12.00%        4500        3000       60000
            TOTAL                      10000  100.00%          30000000  100.00%        3000           -           -
END
"$GEN" table --vmx >"$tmp/got"
same_file "$tmp/got" "$tmp/want" "VMX table: decimal reasons, no self-exit footer for debugfs"

cat >"$tmp/want" <<'END'
exitstat: source cpuid, scope vm (this VM), vendor svm, at 2024-05-01 12:00:00, interval 2.00 s

    REASON  NAME              COUNT       EXITS/S   EXITS%            CYCLES    TIME%         AVG         MIN         MAX
     0x07b  io                  600         300.0   84.75%           1500000   71.43%        2500        2500      130000
     0x060  interrupt           100          50.0   14.12%            200000    9.52%        2000         800       25000
     0x072  cpuid                 8           4.0    1.13%            400000   19.05%       50000        1200        9000
            TOTAL               708         354.0  100.00%           2100000  100.00%        2966           -           -

Not counted above: 192 CPUID exits caused by exitstat's own reading.
MIN and MAX are cumulative, not of this interval.
END
"$GEN" table --delta >"$tmp/got"
same_file "$tmp/got" "$tmp/want" "interval table: rates, own exits taken out, cumulative min/max said"

"$GEN" table --all >"$tmp/all"
is "$(awk "$row_codes" "$tmp/all" | wc -l | tr -d ' ')" 172 \
	"--all: 171 defined reasons KVM knows + other (172 - 1 undefined + 1)"
matches "$tmp/all" '^     0x086  skinit \(not enabled\) +0 +0\.00% ' \
	"--all: a status 1 reason is marked (not enabled)"
matches "$tmp/all" '^     0x078  hlt +0 +0\.00% +0 +0\.00% +0 +0 +0$' \
	"--all: zero rows shown"
if grep -q "idle-halt" "$tmp/all"; then
	fail "--all: a reason KVM calls undefined is not a row"
else
	pass "--all: a reason KVM calls undefined is not a row"
fi
if "$GEN" table | grep -q "not enabled\|skinit"; then
	fail "without --all: no zero rows"
else
	pass "without --all: no zero rows"
fi

# --- JSON, parsed back by jq ------------------------------------------------

if ! command -v jq >/dev/null 2>&1; then
	skip "JSON parsed back" "jq not installed: apt-get install jq"
else
	# The snapshot as JSON says it, in the dump format of test-output.c
	jq_dump='
	  (.reasons | sort_by(.reason == null, .reason) | .[] |
	   select(.count > 0 or .status != "ok") |
	   "\(.reason // "other") \(.status) \(.count) \(.cycles) \(.min // .min_cumulative) \(.max // .max_cumulative)"),
	  "total \(.total_exits) \(.total_cycles) \(.self_exits_subtracted // .self_exits)"'
	for mode in "" --vmx --delta; do
		"$GEN" dump $mode | grep -v ' undefined ' >"$tmp/want"
		if "$GEN" json --all $mode >"$tmp/json" &&
		   jq -r "$jq_dump" "$tmp/json" >"$tmp/got" 2>"$tmp/err"; then
			same_file "$tmp/got" "$tmp/want" \
				"JSON ${mode:-(SVM)} --all: jq reads back every value exactly"
		else
			fail "JSON ${mode:-(SVM)}: jq parses it"
			sed 's/^/#   /' "$tmp/err"
		fi
	done
	"$GEN" json >"$tmp/json"
	is "$(jq -c '[.source, .scope, .vendor, .time, .self_exits, (.reasons | length)]' "$tmp/json")" \
		'["cpuid","vm","svm","2024-05-01T12:00:00.250Z",192,7]' \
		"JSON: header fields and 7 rows without --all"
	is "$(jq -c '.reasons[] | select(.reason == 64) | [.code, .name, .avg, .exits_pct, .time_pct]' "$tmp/json")" \
		'["0x040","DE excp",8000,0.02,0.07]' \
		"JSON: a name with a space, avg and percentages"
	is "$(jq -c '.reasons[] | select(.reason == null) | [.code, .name, .count]' "$tmp/json")" \
		'[null,"other",26]' "JSON: the other row has reason null"
	"$GEN" json --delta >"$tmp/json"
	is "$(jq -c '[.interval_ns, .exits_per_s, .self_exits_subtracted, .reset, (.reasons[0] | .exits_per_s)]' "$tmp/json")" \
		'[2000000000,354,192,false,300]' "JSON interval: interval, rates, subtracted own exits"
fi

# jq 1.6 reads numbers as doubles: 64-bit exactness is checked on the text.
"$GEN" json --big >"$tmp/json"
contains "$tmp/json" '"total_exits":18446744073709551615,"total_cycles":18446744073709551614' \
	"JSON: 64-bit totals printed exactly"
contains "$tmp/json" '"count":18446744073709551615,"cycles":18446744073709551614,"avg":0,"min":1,"max":18446744073709551613' \
	"JSON: 64-bit row values printed exactly"

# --- CSV, parsed back by awk ------------------------------------------------

csv_dump='
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["kind"] == "total" {
		total = "total " $col["count"] " " $col["cycles"] " " $(NF)
		next
	}
	{
		r = $col["kind"] == "other" ? "other" : $col["reason"]
		mn = ("min" in col) ? $col["min"] : $col["min_cumulative"]
		mx = ("max" in col) ? $col["max"] : $col["max_cumulative"]
		print r, $col["status"], $col["count"], $col["cycles"], mn, mx
	}
	END { print total }'
for mode in "" --vmx --delta; do
	"$GEN" dump $mode | grep -v ' undefined ' >"$tmp/want"
	"$GEN" csv --all --sort reason $mode >"$tmp/csv"
	awk -F, "$csv_dump" "$tmp/csv" |
		awk '$3 > 0 || $2 != "ok"' >"$tmp/got"
	same_file "$tmp/got" "$tmp/want" \
		"CSV ${mode:-(SVM)} --all: awk reads back every value exactly"
done
"$GEN" csv >"$tmp/csv"
is "$(head -n 1 "$tmp/csv")" \
	"time,source,scope,vendor,kind,reason,name,status,count,cycles,avg,min,max,exits_pct,time_pct,self_exits" \
	"CSV: header of a cumulative table"
is "$(awk -F, '{ print NF }' "$tmp/csv" | sort -u | tr '\n' ' ')" "16 " \
	"CSV: every line has 16 fields (no name needs quoting)"
is "$(grep ',DE excp,' "$tmp/csv")" \
	"2024-05-01T12:00:00.250Z,cpuid,vm,svm,reason,64,DE excp,ok,3,24000,8000,7000,9000,0.02,0.07,192" \
	"CSV: one row exactly"
is "$(tail -n 1 "$tmp/csv")" \
	"2024-05-01T12:00:00.250Z,cpuid,vm,svm,total,,total,,12230,36145000,2955,,,100.00,100.00,192" \
	"CSV: the total row"
"$GEN" csv --delta >"$tmp/csv"
is "$(head -n 1 "$tmp/csv")" \
	"time,interval_s,source,scope,vendor,kind,reason,name,status,count,exits_per_s,cycles,avg,min_cumulative,max_cumulative,exits_pct,time_pct,self_exits_subtracted" \
	"CSV: header of an interval"
is "$(sed -n 2p "$tmp/csv")" \
	"2024-05-01T12:00:00.250Z,2.000,cpuid,vm,svm,reason,123,io,ok,600,300.000,1500000,2500,2500,130000,84.75,71.43,192" \
	"CSV interval: one row exactly"

tap_done
