#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Render a boot profile (exitstat -i 0.1 --csv of one VM) as a stacked
# plot of exits/s over time, one band per top reason, with gnuplot:
#
#   lab/plot-profile.sh PROFILE.csv OUTPUT.png TITLE [TOP]
set -eu
. "$(dirname "$0")/lib.sh"

csv=$1 png=$2 title=$3 top=${4:-5}
[ -s "$csv" ] || die "$csv is empty"
data=$(mktemp)
trap 'rm -f "$data"' EXIT

# The top reasons by exits over the whole profile, then one row per
# interval: seconds since the VM was created, and the exits/s of each top
# reason stacked on the previous ones, "other" last.
awk -F, -v top="$top" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["kind"] == "total" {
		n++; t += $col["interval_s"]; at[n] = t
		next
	}
	$col["kind"] == "reason" {
		r = $col["name"]; sum[r] += $col["count"]
		rate[n + 1, r] = $col["exits_per_s"]; all[n + 1] += $col["exits_per_s"]
	}
	END {
		for (k = 1; k <= top; k++) {
			best = ""
			for (r in sum)
				if (!(r in picked) && (best == "" || sum[r] > sum[best]))
					best = r
			if (best == "")
				break
			picked[best] = 1; name[k] = best; nk = k
		}
		printf "t"
		for (k = 1; k <= nk; k++)
			printf "\t%s", name[k]
		printf "\tother\n"
		for (i = 1; i <= n; i++) {
			printf "%.2f", at[i]; acc = 0
			for (k = 1; k <= nk; k++) {
				acc += rate[i, name[k]]; printf "\t%.1f", acc
			}
			printf "\t%.1f\n", all[i]
		}
	}' "$csv" >"$data"

ncol=$(head -n 1 "$data" | awk -F '\t' '{ print NF }')
plots=
c=$ncol
while [ "$c" -ge 2 ]; do
	plots="$plots${plots:+, }'$data' using 1:$c with filledcurves x1 title columnheader($c)"
	c=$((c - 1))
done
gnuplot <<GP
set terminal pngcairo size 1000,500 font ",10"
set output '$png'
set title '$title'
set xlabel 'seconds since the VM was created'
set ylabel 'exits/s (stacked)'
set key outside right top
set grid ytics
set datafile separator '\t'
set style fill solid 0.8 noborder
plot $plots
GP
