# SPDX-License-Identifier: GPL-2.0
#
# make bench, part 4: one VM with 1, 4, 16, 64 vCPUs (threads on the
# lab's CPUs) under the patched KVM. Every vCPU runs the bench payload's
# CPUID batches; the VM is held after the run so that its debugfs files
# can be read. Each vCPU count runs PAIRS pairs of runs with counting on
# and off, in the order on off, off on, on off, ... (ABBA), so that the
# cost of counting can be told apart from what more vCPU threads on the
# same CPUs, or a machine that other work shares, cost anyway.
# Usage: bench-scale ITERS BATCHES PAIRS VCPUS...
#
# Artifacts: scale.tsv ("VCPUS on|off RUN VCPU BATCH CYCLES", guest side,
# per batch), scale-host.tsv ("VCPUS RUN VCPU COUNT TOTAL MIN MAX" of each
# vCPU's cpuid line in debugfs, counting on), failures.txt (runs that
# failed; their data is not used). Checks: with counting on the
# VM and each of its vCPUs counted exactly the CPUID and I/O exits the
# payload causes; with counting off, none.
. /lab/guest/lib.sh
. /lab/guest/scenarios/bench-lib.sh

iters=${1:-20}
batches=${2:-20}
pairs=${3:-2}
shift 3
KVMDBG=/sys/kernel/debug/kvm

bench_load patched
: >$BENCH_OUT/scale.tsv
: >$BENCH_OUT/scale-host.tsv
cpuid=$(bench_reason cpuid)
io=$(bench_reason out)
per_vcpu=$(bench_expect cpuid $iters $batches)
proto=$(bench_expect out 0 $batches)

# scale_run VCPUS on|off RUN: one run and its checks; returns 2 if the
# run itself failed (testvmm), before anything was kept
scale_run()
{
	nv=$1
	f=$BENCH_OUT/scale-$nv-$3
	[ $2 = on ] && echo Y >$KVM_PARAMS/exit_stats || echo N >$KVM_PARAMS/exit_stats
	/lab/testvmm -I --hold -t 600 -c $nv -a $iters -b $((batches << 8)) \
		$BENCH_PAYLOAD >$f 2>$f.err &
	pid=$!
	i=0
	while ! grep -q '^@held' $f; do
		kill -0 $pid 2>/dev/null || break
		i=$((i + 1))
		[ $i -gt 6000 ] && break
		usleep 100000
	done
	if ! grep -q '^@held' $f; then
		diag "$nv vCPUs, counting $2: the VM did not run to its end:"
		tail -n 3 $f.err | while read -r l; do diag "  $l"; done
		kill $pid 2>/dev/null
		wait $pid
		return 2
	fi
	dir=$(ls -d $KVMDBG/$pid-* | head -n 1)
	cp $dir/exit_stats $f.vm
	v=0
	while [ $v -lt $nv ]; do
		cp $dir/vcpu$v/exit_stats $f.vcpu$v
		v=$((v + 1))
	done
	kill -USR1 $pid
	wait $pid
	status=$?
	bench_values $f cpuid $iters $batches >$f.values
	if [ "$status $(grep -c '^bad' $f.values) $(grep -vc '^bad' $f.values)" != "0 0 $((nv * batches))" ]; then
		diag "$nv vCPUs, counting $2: testvmm exited with $status, or not every vCPU reported its $batches batches:"
		tail -n 3 $f.err | while read -r l; do diag "  $l"; done
		return 2
	fi

	[ $2 = on ] && want_c=$per_vcpu want_io=$proto || want_c=0 want_io=0
	v=0
	bad=0
	while [ $v -lt $nv ]; do
		[ $2 = on ] && awk -v n=$nv -v run=$3 -v v=$v -v r=$cpuid \
			'$2 == r { print n, run, v, $3, $4, $5, $6 }' \
			$f.vcpu$v >>$BENCH_OUT/scale-host.tsv
		got=$(bench_debugfs_count $f.vcpu$v $cpuid)/$(bench_debugfs_count $f.vcpu$v $io)
		if [ "$got" != "$want_c/$want_io" ]; then
			bad=$((bad + 1))
			diag "$nv vCPUs, counting $2: vCPU $v counted $got $cpuid/$io exits, expected $want_c/$want_io"
		fi
		v=$((v + 1))
	done
	is "$(bench_debugfs_count $f.vm $cpuid)/$(bench_debugfs_count $f.vm $io) $bad" \
		"$((nv * want_c))/$((nv * want_io)) 0" \
		"$nv vCPUs, counting $2: the VM and each vCPU counted exactly $want_c CPUID and $want_io I/O exits per vCPU"
	sed "s/^/$nv $2 $3 /" $f.values >>$BENCH_OUT/scale.tsv
	return 0
}

# scale_run_checked VCPUS on|off RUN: scale_run; a run that failed is a
# failed check, and the doc lists it
scale_run_checked()
{
	scale_run "$@" && return 0
	bench_failed "$1 vCPUs, counting $2, run $3" $BENCH_OUT/scale-$1-$3
	not_ok "$1 vCPUs, counting $2: the VM ran, testvmm ended well, every vCPU reported its batches"
}

for nv in "$@"; do
	p=1
	while [ $p -le $pairs ]; do
		if [ $((p % 2)) -eq 1 ]; then
			scale_run_checked $nv on $((2 * p - 1))
			scale_run_checked $nv off $((2 * p))
		else
			scale_run_checked $nv off $((2 * p - 1))
			scale_run_checked $nv on $((2 * p))
		fi
		p=$((p + 1))
	done
done
echo Y >$KVM_PARAMS/exit_stats
artifact scale.tsv $BENCH_OUT/scale.tsv
artifact scale-host.tsv $BENCH_OUT/scale-host.tsv
[ -s $BENCH_OUT/failures.txt ] && artifact failures.txt $BENCH_OUT/failures.txt
