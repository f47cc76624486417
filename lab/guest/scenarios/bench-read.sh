# SPDX-License-Identifier: GPL-2.0
#
# make bench, part 3: what a full read of the exit table from inside a
# guest costs. Boots the lab's Linux guest (image linux-bench: QEMU and
# the guest, plus the bench overlay) under the patched KVM with one vCPU;
# its init (bench/l2-init) runs bench-read (bench/read.c) RUNS times.
# Usage: bench-read RUNS
#
# Artifact: read.txt (bench-read's lines and the guest's last table as
# "json ..."). Checks: KVM counted at least exitstat's own self_exits
# CPUID exits for each read, the same number every time (the read is
# deterministic).
. /lab/guest/lib.sh
. /lab/guest/scenarios/bench-lib.sh

runs=${1:-5}
if [ ! -f /lab/l2/initrd.gz ] || [ ! -f $BENCH/l2-bench.cpio.gz ]; then
	not_ok "the image has the Linux guest and the bench overlay (image linux-bench)"
else
	bench_load patched
	echo Y >$KVM_PARAMS/exit_stats
	cat /lab/l2/initrd.gz $BENCH/l2-bench.cpio.gz >/tmp/l2-bench.gz
	qemu-system-x86_64 -enable-kvm -cpu host -m 256 -smp 1 \
		-nographic -nodefaults -no-reboot -serial stdio -L /lab/qemu \
		-kernel /lab/l2/vmlinuz -initrd /tmp/l2-bench.gz \
		-append "console=ttyS0 panic=-1 quiet bench.runs=$runs" \
		</dev/null >/tmp/l2-bench.out 2>&1
	is "$?" 0 "QEMU ran the Linux guest (1 vCPU) to power-off"
	tr -d '\r' </tmp/l2-bench.out |
		sed -n '/^@@L2B begin/,/^@@L2B end/p' | sed '1d;$d' >$BENCH_OUT/read.txt
	is "$(sed -n 's/^rc //p' $BENCH_OUT/read.txt)" 0 "bench-read ran in the guest"
	is "$(grep -c '^read ' $BENCH_OUT/read.txt)" "$runs" "$runs full reads of the table"
	# read WALL SELF_EXITS CPUID_EXITS ROWS
	is "$(awk '$1 == "read" { if ($4 < $3) n++; k[$4] = 1 }
		END { for (c in k) d++; print n + 0, d + 0 }' $BENCH_OUT/read.txt)" "0 1" \
		"every read: KVM counted the same number of CPUID exits, at least exitstat's self_exits"
	if ! grep -q '^read ' $BENCH_OUT/read.txt; then
		tail -n 20 /tmp/l2-bench.out | tr -d '\r' | while read -r l; do diag "  $l"; done
	fi
	artifact read.txt $BENCH_OUT/read.txt
fi
