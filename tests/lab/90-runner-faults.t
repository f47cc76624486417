#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The runner itself: a module that will not load, a guest that never halts,
# a lab that never ends and a kernel panic each become a failing test with
# a readable reason, never a hang or a silent pass.
top=$(cd "${0%/*}/../.." && pwd)
faults=$top/tests/lab/faults
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0

check()
{
	n=$((n + 1))
	if grep -qE "$2" "$out/$1.tap"; then
		echo "ok $n - $1: $3"
	else
		echo "not ok $n - $1: $3"
		echo "#   no line matching /$2/ in the runner's output:"
		sed 's/^/#   | /' "$out/$1.tap" | tail -n 20
	fi
}

for s in broken-module hang panic; do
	"$top/lab/run-scenario" "$faults/$s.scn" >"$out/$s.tap" 2>&1
	echo $? >"$out/$s.rc"
	n=$((n + 1))
	if [ "$(cat "$out/$s.rc")" -ne 0 ]; then
		echo "ok $n - $s: runner exits non-zero"
	else
		echo "not ok $n - $s: runner exits non-zero"
	fi
done

check broken-module '^not ok [0-9]+ - insmod kvm.ko' "the failed insmod is a failing test"
check broken-module '^# insmod: .*(Exec format error|[Ii]nvalid module format)' "with insmod's reason"
check broken-module 'version magic' "and the kernel's complaint about the version magic"
check hang '^ok [0-9]+ - testvmm stops a guest that never halts' "testvmm's timeout catches the guest"
check hang '^not ok [0-9]+ - lab finished within 30s' "the runner's timeout catches the lab"
check panic '^ok [0-9]+ - before the crash' "results before the panic are kept"
check panic '^not ok [0-9]+ - lab kernel did not panic' "the panic is a failing test"
check panic 'sysrq' "with the console lines that show it"
echo "1..$n"
