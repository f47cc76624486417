# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own KVM selftests (tools/testing/selftests/kvm of the lab
# kernel's source) under the module set the lab loaded: every test of
# /lab/selftests/tests.list, each with its timeout. Usage: selftests SET,
# SET being stock or patched, the set the image was packed with.
#
# One TAP line per test, by its kselftest exit code (0 pass, 4 skip):
#   ok - selftest NAME: pass
#   ok - selftest NAME: skip # SKIP WHY
#   not ok - selftest NAME: fail (exit N)
#   not ok - selftest NAME: timeout after Ns
# A failure that tests.list knows to come from QEMU's emulated CPU keeps
# its "not ok" and gets "# TODO known failure under TCG: WHY".
# Artifacts for the host's comparison (lab/selftests/compare.sh):
# results.tsv (NAME RESULT EXIT SECONDS per line), NAME.log (the test's
# output), dmesg.txt.
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh

ST=/lab/selftests
OUT=/tmp/selftests

now()
{
	cut -d' ' -f1 /proc/uptime
}

# The set under test is the one the comparison thinks it is: only the
# patched kvm.ko has the exit_stats parameter.
loaded=stock
[ -f /sys/module/kvm/parameters/exit_stats ] && loaded=patched
is "$loaded" "${1:-stock}" "the lab runs the ${1:-stock} KVM modules"

# Two idle VMs for the whole run: every selftest creates and destroys
# VMs, and the first creation and last destruction patch kernel text
# (static keys), which now and then crashes a TCG lab (ks-lib.sh). They
# are never destroyed: the lab powers off with them.
start_keepers || not_ok "keeper VMs hold KVM's static keys"

mkdir -p $OUT
: >$OUT/results.tsv
while read -r path limit tcg; do
	case $path in ""|"#"*) continue ;; esac
	name=${path##*/}
	log=$OUT/$name.log
	t0=$(now)
	timeout -k 5 "$limit" "$ST/bin/$path" </dev/null >"$log" 2>&1
	rc=$?
	secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
	case $rc in
	0) result=pass ;;
	4) result=skip ;;
	*) result=fail ;;
	esac
	if [ $rc -eq 143 ] || [ $rc -eq 137 ]; then
		awk -v s="$secs" -v l="$limit" 'BEGIN { exit !(s >= l) }' && result=timeout
	fi
	printf '%s\t%s\t%s\t%s\n' "$name" "$result" "$rc" "$secs" >>$OUT/results.tsv

	todo=
	case $tcg in
	tcg-fail*) todo=" # TODO known failure under TCG: ${tcg#tcg-fail: }" ;;
	esac
	case $result in
	pass) echo "ok - selftest $name: pass$todo" >&3 ;;
	skip) echo "ok - selftest $name: skip # SKIP $(grep -i skip "$log" | tail -n 1)" >&3 ;;
	fail) echo "not ok - selftest $name: fail (exit $rc)$todo" >&3 ;;
	timeout) echo "not ok - selftest $name: timeout after ${limit}s$todo" >&3 ;;
	esac
	if [ "$result" = fail ] || [ "$result" = timeout ]; then
		if [ -n "$todo" ]; then
			# Known: the assertion (or the failing subtests) is enough.
			grep -A 2 -m 1 '==== Test Assertion Failure' "$log" ||
				grep '^not ok' "$log"
		else
			tail -n 15 "$log"
		fi | while IFS= read -r l; do diag "  $l"; done
	fi
done <$ST/tests.list

artifact results.tsv $OUT/results.tsv
for log in "$OUT"/*.log; do
	artifact "${log##*/}" "$log"
done
dmesg >/tmp/dmesg.txt
artifact dmesg.txt /tmp/dmesg.txt
dmesg_clean "no kernel oops or warning during the selftests"
