#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Compare the KVM selftest results of two labs, test by test:
#
#   lab/selftests/compare.sh STOCK-ARTIFACTS PATCHED-ARTIFACTS
#
# The directories are what lab/guest/scenarios/selftests.sh sent back
# (results.tsv, NAME.log). For every test of tests.list, one unnumbered
# TAP line says whether the patched modules gave the stock result: the
# same pass, skip or timeout, or the same failure, which means the same
# failing subtests and the same assertion (its place and message; the
# pid line is left out). A failure on both sides is "the same result", and
# says so: it is never reported as a pass of the selftest.
set -u
ST_DIR=$(cd "$(dirname "$0")" && pwd)
stock=${1:-}
patched=${2:-}
if [ ! -d "$stock" ] || [ ! -d "$patched" ]; then
	echo "usage: $0 STOCK-ARTIFACTS PATCHED-ARTIFACTS" >&2
	exit 2
fi

# result DIR NAME: "RESULT EXIT SECONDS", or "missing - -"
result()
{
	awk -F '\t' -v n="$2" '$1 == n { print $2, $3, $4; found = 1; exit }
		END { if (!found) print "missing - -" }' "$1/results.tsv" 2>/dev/null ||
		echo "missing - -"
}

# failure DIR NAME: what makes a failure this failure, one item a line:
# the subtests that failed and the assertion that stopped the test.
failure()
{
	log=$1/$2.log
	[ -f "$log" ] || return 0
	grep '^not ok ' "$log" | sed 's/^/subtest: /'
	sed -n '/==== Test Assertion Failure ====/,$p' "$log" |
		grep -v -e '====' -e 'pid=[0-9]* tid=' -e '^ *$' |
		sed 's/^ */assertion: /'
}

# The assertion's place, for the one-line summary.
where()
{
	sed -n 's/^assertion: \([^ ]*:[0-9]*\):.*/\1/p' "$1" | head -n 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$ST_DIR/tests.list" | awk 'NF { print $1, $3 }' >"$tmp/list"
printf '%-32s %8s %8s\n' selftest stock patched >"$tmp/times"
while read -r path tcg; do
	name=${path##*/}
	read -r r1 x1 t1 <<-EOF
	$(result "$stock" "$name")
	EOF
	read -r r2 x2 t2 <<-EOF
	$(result "$patched" "$name")
	EOF
	printf '%-32s %7ss %7ss\n' "$name" "$t1" "$t2" >>"$tmp/times"
	known=
	[ "$tcg" = tcg-fail: ] && known="; known failure under TCG"

	if [ "$r1" = missing ] || [ "$r2" = missing ]; then
		echo "not ok - selftest $name: patched = stock"
		echo "#   stock: $r1, patched: $r2 (no result from a lab)"
		continue
	fi
	if [ "$r1" != "$r2" ]; then
		echo "not ok - selftest $name: patched = stock"
		echo "#   stock: $r1 (exit $x1), patched: $r2 (exit $x2)"
		failure "$stock" "$name" | sed 's/^/#   stock: /'
		failure "$patched" "$name" | sed 's/^/#   patched: /'
		continue
	fi
	case $r1 in
	pass|skip)
		echo "ok - selftest $name: patched = stock ($r1)"
		continue ;;
	esac
	failure "$stock" "$name" >"$tmp/stock.f"
	failure "$patched" "$name" >"$tmp/patched.f"
	if [ "$x1" = "$x2" ] && cmp -s "$tmp/stock.f" "$tmp/patched.f"; then
		at=$(where "$tmp/stock.f")
		n=$(grep -c '^subtest:' "$tmp/stock.f")
		what="exit $x1"
		[ -n "$at" ] && what="$what at $at"
		[ "$n" -gt 0 ] && what="$what, $n failing subtests"
		echo "ok - selftest $name: patched = stock (both $r1: $what$known)"
	else
		echo "not ok - selftest $name: patched = stock"
		echo "#   both $r1, but differently: stock exit $x1, patched exit $x2"
		diff "$tmp/stock.f" "$tmp/patched.f" | sed 's/^/#   /'
	fi
done <"$tmp/list"
sed 's/^/# /' "$tmp/times"
