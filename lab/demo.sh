#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make demo: the course experiment end to end. Boot the lab with the
# patched KVM, boot a full Linux guest under it, and show the exits of
# that boot as the guest sees them (CPUID) and as the host does (debugfs,
# dmesg), with a profile of the boot over time.
set -u
. "$(dirname "$0")/lib.sh"

PRINT_EVERY=${PRINT_EVERY:-20000}
RESULTS=${RESULTS:-$BUILD_DIR/results/demo}

section()
{
	printf '\n== %s ==\n\n' "$*"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/demo.scn" <<SCN
# lab: modules = patched
# lab: image   = linux
# lab: run     = linux-boot 1 $PRINT_EVERY
# lab: check   = lab/checks/linux-boot.sh boot
# lab: timeout = 300
SCN

load_kernel_env
say "booting the lab ($KERNEL_NAME under QEMU TCG, emulated AMD SVM) with"
say "the patched KVM; inside it, QEMU boots a Linux guest (about 30 s in all)"
"$LAB_DIR/run-scenario" "$tmp/demo.scn" >"$tmp/tap"
rc=$?
run=$LAB_OUT/runs/demo
if [ $rc -ne 0 ]; then
	grep -A3 '^not ok' "$tmp/tap" >&2
	die "the lab run failed; its logs are in $run"
fi

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
cp "$run"/artifacts/* "$RESULTS/"
cp "$tmp/tap" "$RESULTS/checks.tap"
cp "$run/console.log" "$RESULTS/lab-console.log"
a=$RESULTS

section "Inside the guest: exitstat (CPUID source) right after boot"
cat "$a/boot-guest.txt"

section "On the lab host: exitstat -s debugfs, the same VM, frozen right after the guest's read"
cat "$a/boot-host-after.txt"

g=$(jq .total_exits "$a/boot-guest.json")
hb=$(jq .total_exits "$a/boot-host-before.json")
ha=$(jq .total_exits "$a/boot-host-after.json")
self=$(jq .self_exits "$a/boot-guest.json")
section "Do the two views agree?"
cat <<EOF
The host read the VM twice while its vCPUs were stopped: just before the
guest ran exitstat, and just after. The guest's total lies between them:

    host before  $hb
    guest        $g
    host after   $ha

The host's second read is $((ha - g)) exits above the guest's view: the
guest's own read ($self CPUID exits, most of them after its counts were
taken), its console line that told the host it was done, and the timer
interrupts and halts of those moments. Every reason obeys the same
bracket (checked by make check, see $a/checks.tap).
EOF

section "dmesg on the lab host (print_every=$PRINT_EVERY, rate-limited)"
if [ -s "$a/boot-dmesg.txt" ]; then
	head -n 24 "$a/boot-dmesg.txt"
	n=$(wc -l <"$a/boot-dmesg.txt")
	[ "$n" -gt 24 ] && echo "... ($n lines in $a/boot-dmesg.txt)"
else
	echo "(no report lines)"
fi

section "The boot over time (exits/s every 100 ms, host side)"
"$LAB_DIR/plot-profile.sh" "$a/boot-profile.csv" "$a/boot-profile.png" \
	"Exits/s during a Linux guest boot under KVM (1 vCPU, nested paging)" &&
	echo "plot: $a/boot-profile.png"
# profile_rates: "seconds exits/s" of every interval
profile_rates()
{
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["kind"] == "total" { print t, $c["exits_per_s"]; t += $c["interval_s"] }' "$1"
}
profile_rates "$a/boot-profile.csv" >"$tmp/rates"
n=$(wc -l <"$tmp/rates")
if [ "$n" -gt 0 ]; then
	med=$(sort -k2,2g "$tmp/rates" | awk -v m=$(((n + 1) / 2)) 'NR == m { print $2 }')
	sort -k2,2gr "$tmp/rates" | head -n 1 | awk -v n="$n" -v med="$med" '{
		printf "%d samples: median %.0f exits/s, peak %.0f exits/s at %.1f s", n, med, $2, $1
		r = $2 / (med > 0 ? med : 1)
		verdict = "a fairly steady rate"
		if (r > 4)
			verdict = "the rate comes in phases and spikes, not at a steady pace"
		printf " (%.0fx the median):\n%s\n", r, verdict
	}'
fi

section "Summary"
jq -r '
	def top(n): .reasons | sort_by(-.count) | .[:n] | map("\(.name) \(.count)") | join(", ");
	def least(n): .reasons | map(select(.count > 0)) | sort_by(.count) | .[:n] | map("\(.name) \(.count)") | join(", ");
	"Exits of the guest boot (up to its first read): \(.total_exits), taking \(.total_cycles) host TSC cycles in KVM",
	"Most frequent:  \(top(3))",
	"Least frequent: \(least(3))"' "$a/boot-guest.json"
echo "Full results: $a"
