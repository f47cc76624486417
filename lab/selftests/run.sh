#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's KVM selftests as a peer suite of the lab, in TAP:
#
#   lab/selftests/run.sh
#
# Boots the lab twice, with the stock and with the patched modules
# (selftests-stock.scn, selftests-patched.scn: lab/run-scenario with the
# images of lab/selftests/mkimage.sh), each running every test of
# tests.list; their lines come out prefixed "stock:" and "patched:".
# Then the assertion of the suite: for every selftest, the patched modules
# give the stock result (lab/selftests/compare.sh). Each boot is a fresh
# kernel, so neither set runs after the other's leftovers.
set -u
ST_DIR=$(cd "$(dirname "$0")" && pwd)
: "${BUILD_DIR:=${ST_DIR%/lab/selftests}/build}"
. "$ST_DIR/../lib.sh"
LAB_DIR=${ST_DIR%/selftests}
LAB_OUT=${LAB_OUT:-$BUILD_DIR/lab}

n=0
emit()
{
	n=$((n + 1))
	case $1 in
	"not ok"*) echo "not ok $n ${1#not ok }" ;;
	*) echo "ok $n ${1#ok }" ;;
	esac
}

# boot SET: one lab run of the set into $out. A lab kernel that dies of
# "Oops: int3" before the scenario has said anything crashed patching its
# own text under TCG (seen in enqueue_timer during boot, before any KVM
# module was loaded): that is no result of the module set, so such a boot
# is repeated once, with a note and the first console kept.
boot()
{
	run=$LAB_OUT/runs/selftests-$1
	rm -f "$run.crashed-console.log"
	"$LAB_DIR/run-scenario" "$ST_DIR/selftests-$1.scn" >"$out" 2>&1
	if [ ! -s "$run/results.txt" ] && grep -q 'Oops: int3' "$run/console.log" 2>/dev/null; then
		cp "$run/console.log" "$run.crashed-console.log"
		echo "# the $1 lab crashed before its scenario began (Oops: int3 in" \
			"$(tr -d '\r' <"$run/console.log" | sed -n 's/.*RIP: [0-9]*:\([^ ]*\).*/\1/p' | head -n 1));" \
			"booting it again; console: $run.crashed-console.log"
		"$LAB_DIR/run-scenario" "$ST_DIR/selftests-$1.scn" >"$out" 2>&1
	fi
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for set_name in stock patched; do
	echo "# $set_name modules: lab/run-scenario lab/selftests/selftests-$set_name.scn"
	boot "$set_name"
	while IFS= read -r line; do
		case $line in
		"ok "[0-9]*" - "*|"not ok "[0-9]*" - "*)
			status=${line%% [0-9]* - *}
			emit "$status - $set_name: ${line#* [0-9]* - }" ;;
		"1.."*) ;;
		"#"*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done <"$out"
done

echo "# the comparison: the patched modules give the stock result"
"$ST_DIR/compare.sh" "$LAB_OUT/runs/selftests-stock/artifacts" \
	"$LAB_OUT/runs/selftests-patched/artifacts" >"$out" 2>&1
while IFS= read -r line; do
	case $line in
	"ok "*|"not ok "*) emit "$line" ;;
	"#"*) echo "$line" ;;
	*) echo "# $line" ;;
	esac
done <"$out"
echo "1..$n"
