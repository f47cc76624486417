# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the bench-*.sh scenarios (sourced, not a scenario): switch
# between the module sets of the bench image (bench/mkimage.sh), run the
# bench payload and turn its records into numbers.

BENCH=/lab/bench
BENCH_PAYLOAD=/lab/payloads/bench.bin
BENCH_OUT=/tmp/bench
KVM_PARAMS=/sys/module/kvm/parameters
mkdir -p $BENCH_OUT
[ $VENDOR = svm ] && BENCH_VENDOR_MOD=kvm-amd || BENCH_VENDOR_MOD=kvm-intel

# The set the image's init loaded: the patched one has exit_stats.
if [ -f $KVM_PARAMS/exit_stats ]; then bench_loaded=patched; else bench_loaded=stock; fi

# bench_load SET: unload KVM, load the module set SET (stock or patched)
bench_load()
{
	[ "$bench_loaded" = "$1" ] && return 0
	rmmod $BENCH_VENDOR_MOD && rmmod kvm &&
		insmod $BENCH/$1/kvm.ko && insmod $BENCH/$1/$BENCH_VENDOR_MOD.ko
	_rc=$?
	bench_loaded=$1
	[ -f $KVM_PARAMS/exit_stats ] && _is=patched || _is=stock
	if [ $_rc -ne 0 ] || [ $_is != "$1" ]; then
		not_ok "switch to the $1 KVM modules"
		dmesg | tail -n 5 | while read -r l; do diag "dmesg: $l"; done
		return 1
	fi
	return 0
}

# bench_mode KIND: the payload's MODE of a kind of exit
bench_mode()
{
	case $1 in
	cpuid) echo 0 ;;
	out) echo 1 ;;
	wrmsr) echo 2 ;;
	loop) echo 3 ;;
	mix) echo 4 ;;
	esac
}

# bench_reason KIND: the exitstat/debugfs name of the exits KIND causes
bench_reason()
{
	case $VENDOR:$1 in
	svm:cpuid) echo cpuid ;;
	svm:out) echo io ;;
	svm:wrmsr) echo msr ;;
	vmx:cpuid) echo CPUID ;;
	vmx:out) echo IO_INSTRUCTION ;;
	vmx:wrmsr) echo MSR_WRITE ;;
	esac
}

# bench_expect KIND ITERS BATCHES [mix]: exits of KIND's reason per vCPU
# of a run of KIND, or of a mix run (see lab/payloads/bench.S); the
# protocol's OUTs are I/O exits too
bench_expect()
{
	_proto=$(($3 + ($3 + 15) / 16 + 5))
	case ${4:-}:$1 in
	:*) _n=$(($2 * $3)) ;;
	mix:cpuid) _n=$(($2 * (($3 + 3) / 4))) ;;
	mix:out) _n=$(($2 * (($3 + 2) / 4))) ;;
	mix:wrmsr) _n=$(($2 * (($3 + 1) / 4))) ;;
	esac
	case $1 in
	cpuid) echo $_n ;;
	out) echo $((_n + _proto)) ;;
	wrmsr) echo $((_n + 1)) ;;
	*) echo 0 ;;
	esac
}

# bench_run OUT KIND ITERS BATCHES VCPUS HOW [testvmm options]: one run of
# the payload, its stdout in OUT. HOW is "-" (testvmm alone), "trace"
# (under exitstat -s trace, its JSON in OUT.json) or "perf" (under perf
# kvm stat record, its data in OUT.perf). Sets $bench_status.
bench_run()
{
	_out=$1
	_b=$(($(bench_mode "$2") | $4 << 8))
	_vmm="/lab/testvmm -I -t 600 -c $5 -a $3 -b $_b"
	_how=$6
	shift 6
	case $_how in
	trace)
		/lab/exitstat -s trace --json -- $_vmm "$@" $BENCH_PAYLOAD \
			>"$_out.all" 2>"$_out.err"
		bench_status=$?
		grep '^{' "$_out.all" >"$_out.json"
		grep -v '^{' "$_out.all" >"$_out"
		;;
	perf)
		perf kvm stat record -o "$_out.perf" -- $_vmm "$@" $BENCH_PAYLOAD \
			>"$_out" 2>"$_out.err"
		bench_status=$?
		;;
	*)
		$_vmm "$@" $BENCH_PAYLOAD >"$_out" 2>"$_out.err"
		bench_status=$?
		;;
	esac
	[ $bench_status -eq 0 ] && grep -q '^@end ok' "$_out" && return 0
	[ $bench_status -eq 0 ] && bench_status=1
	diag "bench run $_how $_vmm exited with $bench_status:"
	tail -n 5 "$_out.err" "$_out" | while read -r l; do diag "  $l"; done
	return 1
}

# bench_values FILE KIND ITERS BATCHES: "VCPU BATCH CYCLES" for every batch
# the payload reported (decimal); a vCPU whose header does not match, or
# that reports another number of batches, is a "bad VCPU" line
bench_values()
{
	awk -v mode="$(bench_mode "$2")" -v iters="$3" -v batches="$4" '
		function hex(s,   i, v) {
			v = 0
			s = tolower(s)
			for (i = 1; i <= length(s); i++)
				v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return v
		}
		$1 == "@rec" {
			v = $2
			if (!(v in seen)) {
				seen[v] = 1
				if (hex($3) != hex("be4c0000") + mode || hex($4) != iters ||
				    hex($5) != batches)
					bad[v] = 1
				next
			}
			for (i = 3; i <= NF; i++)
				print v, got[v]++, hex($i)
		}
		END {
			for (v in seen)
				if (bad[v] || got[v] != batches)
					print "bad", v
		}' "$1"
}

# bench_failed WHAT FILE: note a run that failed (FILE, FILE.err: its
# output) in failures.txt; its data is not used, and nothing is repeated
bench_failed()
{
	echo "$1: $(cat "$2.err" "$2" 2>/dev/null | grep -v '^@' | grep . | tail -n 1)" \
		>>$BENCH_OUT/failures.txt
	diag "$1: failed"
}

# bench_debugfs_count FILE REASON: count of REASON in an exit_stats file
bench_debugfs_count()
{
	awk -v r="$2" '$2 == r { n = $3 } END { print n + 0 }' "$1"
}
