#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench's host programs work (the benchmark itself is make bench):
# bench-record times the kernel's exit path (compiled from
# kernel/x86/exit_stats.h for userspace) and the course-style atomics with
# tiny N, and its counters hold exactly the simulated exits; bench/report.sh
# turns a run's files into a document that states every target.
#
# Run from the repository top after 'make bench-bins'; BENCH_OUT overrides
# build/bench.

BENCH_OUT=${BENCH_OUT:-build/bench}
REC=$BENCH_OUT/bench-record

if [ ! -x "$REC" ] || [ ! -x "$BENCH_OUT/bench-read" ]; then
	echo "Bail out! $REC or $BENCH_OUT/bench-read missing: run 'make bench-bins' first"
	exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
result()
{
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
	fi
}

check()
{
	if eval "$2"; then result ok "$1"; else result fail "$1"; fi
}

echo "1..9"

"$REC" -n 10000 -r 3 >"$tmp/record.txt" 2>"$tmp/record.err"
rc=$?
check "bench-record -n 10000 -r 3 exits 0" '[ $rc -eq 0 ]'
sed 's/^/# /' "$tmp/record.txt"
check "a result for every variant, 1 and 2 threads" \
	'[ "$(grep -c "^result " "$tmp/record.txt")" -eq 12 ]'
check "every counter check passed (per vCPU: exact per reason; atomics: every thread's exits)" \
	'[ "$(grep -c "^check .* ok " "$tmp/record.txt")" -eq 8 ] && ! grep -q FAIL "$tmp/record.txt"'
check "results are positive cycle counts, median within min..max" \
	'awk "\$1 == \"result\" && !(\$5 > 0 && \$5 <= \$4 && \$4 <= \$6) { bad = 1 } END { exit bad }" "$tmp/record.txt"'
check "the struct it times is the kernel's: sizeof(struct kvm_exit_stats_vcpu) > 4 KiB" \
	'[ "$(sed -n "s/^sizeof struct_kvm_exit_stats_vcpu //p" "$tmp/record.txt")" -gt 4096 ]'

"$REC" -n 0 >/dev/null 2>&1
check "bench-record -n 0 is a usage error (exit 2)" '[ $? -eq 2 ]'
"$BENCH_OUT/bench-read" >/dev/null 2>&1
check "bench-read without arguments is a usage error (exit 2)" '[ $? -eq 2 ]'

# The report from made-up lab files: all parts present, targets stated
mkdir -p "$tmp/r/lab"
cp "$tmp/record.txt" "$tmp/r/record.txt"
cat >"$tmp/r/env.txt" <<EOF
date 2026-01-01 00:00 UTC
host_cpu Test CPU
host_cpus 2
host_virtual no
host_kernel 6.1.0
load_start 0.00 0.00 0.00
params rounds=2 iters=10 batches=3 scale_iters=5 scale_batches=3 vcpus=1:4 read_runs=1 record_exits=10000 record_repeats=3
load_end 0.00 0.00 0.00
seconds 60
EOF
printf 'size kvm_exit_stat 32\nsize kvm_exit_stats_vcpu 5552\nsize kvm_exit_stats_vm 168\nslots 173\nhost_data 7000\nhost_rodata 5000\n' \
	>"$tmp/r/sizes.txt"
printf 'ok 1 - 1 vCPUs, counting on: x\nok 2 - 4 vCPUs, counting on: x\n' >"$tmp/r/lab.tap"
printf 'kernel 6.12\ncpu QEMU\nlab_cpus 2\nvendor svm\nkvm_amd.nrips 0\nkvm_amd.npt Y\ncpu_nrip_save no\nrounds 2 iters 10 batches 3\nperf_skip no perf in the image\n' \
	>"$tmp/r/lab/rtt-info.txt"
for r in 1 2; do
	for c in stock patched-on patched-off stock-trace; do
		for k in cpuid out wrmsr loop; do
			for b in 0 1 2 3 4 5 6; do
				echo "$r $c $k 0 $b $((1000 + b))"
			done
		done
	done
done >"$tmp/r/lab/rtt.tsv"
for nv in 1 4; do
	for s in on off; do
		for b in 0 1 2; do echo "$nv $s 1 0 $b 2000"; done
	done
	echo "$nv 1 0 10 1000 90 110" >>"$tmp/r/lab/scale-host.tsv"
done >"$tmp/r/lab/scale.tsv"
printf 'rc 0\nvendor svm\nread 100 220 257 16\nbase 50 34\n' >"$tmp/r/lab/read.txt"
bench/report.sh "$tmp/r" >"$tmp/bench.md" 2>"$tmp/report.err"
check "bench/report.sh writes the document from a run's files" \
	'[ $? -eq 0 ] && [ -s "$tmp/bench.md" ] && [ ! -s "$tmp/report.err" ]'
check "the document states every target and the emulation caveat" \
	'[ "$(sed -n "/^## Targets/,/^## 1/p" "$tmp/bench.md" | grep -c "\*\*\(not \)\{0,1\}met\*\*")" -eq 7 ] &&
	 grep -q "absolute cycles mean little" "$tmp/bench.md" &&
	 grep -q "^\*Undisturbed\*: every fourth batch" "$tmp/bench.md" &&
	 grep -q "| patched, counting on (exit_stats=Y) | 12 | 1004 (1002–1005) | 1.000 (1.000–1.000) | 12 | 1004" "$tmp/bench.md"'
if [ -s "$tmp/report.err" ]; then sed 's/^/# /' "$tmp/report.err"; fi
