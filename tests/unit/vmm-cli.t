#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# testvmm command line: bad invocations exit 2 naming the problem; --help works.
#
# Run from the repository top (prove tests/unit/vmm-cli.t) after
# 'make lab-bins'; LAB_OUT overrides build/lab. Needs no /dev/kvm: every
# check here is refused before KVM is touched.

LAB_OUT=${LAB_OUT:-build/lab}
VMM=$LAB_OUT/testvmm
PAYLOAD=$LAB_OUT/payloads/cpuid.bin

if [ ! -x "$VMM" ] || [ ! -f "$PAYLOAD" ]; then
	echo "Bail out! $VMM or $PAYLOAD missing: run 'make lab-bins' first"
	exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
failed=0

result()
{
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# expect_usage DESC MESSAGE ARGS...: exit 2, MESSAGE on stderr, nothing run.
expect_usage()
{
	desc=$1
	msg=$2
	shift 2
	"$VMM" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -qF -- "$msg" "$tmp/err" &&
	   ! grep -q '^@pid' "$tmp/out"; then
		result ok "$desc"
	else
		result fail "$desc"
		echo "#   args: $*"
		echo "#   exit $rc (want 2), stderr:"
		sed 's/^/#     /' "$tmp/err"
		echo "#   wanted on stderr: $msg"
	fi
}

# --help / -h: exit 0, usage with EXAMPLES on stdout, nothing on stderr.
for opt in --help -h; do
	"$VMM" $opt >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 0 ] && grep -q '^Usage: testvmm' "$tmp/out" &&
	   grep -q '^EXAMPLES' "$tmp/out" && [ ! -s "$tmp/err" ]; then
		result ok "$opt prints usage with EXAMPLES and exits 0"
	else
		result fail "$opt prints usage with EXAMPLES and exits 0 (exit $rc)"
	fi
done

expect_usage "vCPU count not a number" \
	"testvmm: invalid vCPU count: abc (1..64)" -c abc "$PAYLOAD"
expect_usage "vCPU count 0" "invalid vCPU count: 0 (1..64)" -c 0 "$PAYLOAD"
expect_usage "vCPU count 65" "invalid vCPU count: 65 (1..64)" \
	--vcpus 65 "$PAYLOAD"
expect_usage "negative vCPU count" "invalid vCPU count: -1" -c -1 "$PAYLOAD"
expect_usage "vCPU count with trailing junk" "invalid vCPU count: 4x" \
	-c 4x "$PAYLOAD"
expect_usage "empty vCPU count" "invalid vCPU count:  (1..64)" -c "" \
	"$PAYLOAD"
expect_usage "memory 0 MiB" "invalid memory size: 0 (1..1024 MiB)" \
	-m 0 "$PAYLOAD"
expect_usage "memory 2048 MiB" "invalid memory size: 2048" \
	--mem 2048 "$PAYLOAD"
expect_usage "argument A above 32 bits" \
	"invalid argument A: 0x100000000 (0..4294967295" \
	-a 0x100000000 "$PAYLOAD"
expect_usage "argument A overflowing 64 bits" \
	"invalid argument A: 99999999999999999999999" \
	-a 99999999999999999999999 "$PAYLOAD"
expect_usage "argument A not a number" "invalid argument A: ten" \
	--arg-a ten "$PAYLOAD"
expect_usage "negative argument B" "invalid argument B: -5" -b -5 "$PAYLOAD"
expect_usage "argument B bad hex" "invalid argument B: 0xg" -b 0xg \
	"$PAYLOAD"
expect_usage "timeout 0" "invalid timeout: 0 (1..86400 seconds)" \
	-t 0 "$PAYLOAD"
expect_usage "timeout not a number" "invalid timeout: soon" \
	--timeout soon "$PAYLOAD"
expect_usage "repeat 0" "invalid repeat count: 0 (1..1000000)" \
	-r 0 "$PAYLOAD"
expect_usage "repeat too large" "invalid repeat count: 1000001" \
	--repeat 1000001 "$PAYLOAD"
expect_usage "missing option argument" "requires an argument" -c
expect_usage "unknown long option" "unrecognized option '--bogus'" \
	--bogus "$PAYLOAD"
expect_usage "unknown short option" "invalid option -- 'z'" -z "$PAYLOAD"
expect_usage "no payload" "no payload given" -c 2
expect_usage "two payloads" "only one payload may be given" \
	"$PAYLOAD" "$PAYLOAD"
expect_usage "payload missing" \
	"cannot open payload '$tmp/none.bin': No such file or directory" \
	"$tmp/none.bin"
expect_usage "payload is a directory" "is not a regular file" "$tmp"
: >"$tmp/empty.bin"
expect_usage "empty payload" "payload '$tmp/empty.bin' is 0 bytes" \
	"$tmp/empty.bin"
# 0x1F001 bytes: one more than fits between 0x1000 and the stacks.
head -c 126977 /dev/zero >"$tmp/big.bin"
expect_usage "payload too large" "is 126977 bytes; it must be 1..126976 bytes" \
	"$tmp/big.bin"

echo "1..$n"
[ $failed -eq 0 ]
