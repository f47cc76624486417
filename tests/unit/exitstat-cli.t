#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exitstat's command line: every bad invocation exits 2 naming the
# problem (nothing on stdout); --help and --version; the raw leaf mode;
# and, on this machine, the "interface absent" message with exit 1.
# Run from the repository top after 'make build/lab/exitstat'.
. tests/unit/exitstat/tap.sh
need "$EXITSTAT"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# usage MESSAGE ARGS...: exit 2, MESSAGE as the first line on stderr
usage()
{
	msg=$1
	shift
	"$EXITSTAT" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	first=$(head -n 1 "$tmp/err")
	if [ $rc -eq 2 ] && [ "$first" = "exitstat: $msg" ] &&
	   [ ! -s "$tmp/out" ] && grep -q "^Try 'exitstat --help'" "$tmp/err"; then
		pass "exitstat $*: exit 2, '$msg'"
	else
		fail "exitstat $*: exit 2, '$msg'"
		echo "#   got:  exit $rc, stderr '$first', $(wc -c <"$tmp/out") bytes on stdout"
		echo "#   want: exit 2, stderr 'exitstat: $msg', nothing on stdout"
	fi
}

usage "invalid interval: abc"		-i abc
usage "invalid interval: 0"		-i 0
usage "invalid interval: -1"		-i -1
usage "invalid interval: 1e9"		-i 1e9
usage "invalid interval: nan"		--interval nan
usage "invalid interval: 1s"		-i 1s
usage "invalid interval: "		-i ""
usage "invalid count: 0"		-n 0
usage "invalid count: x"		--count x
usage "invalid count: -3"		-n -3
usage "invalid count: 99999999999"	-n 99999999999
usage "invalid PID: 0"			-p 0
usage "invalid PID: abc"		--pid abc
usage "invalid PID: 4194305"		-p 4194305
usage "invalid VM: 12"			--vm 12
usage "invalid VM: a-b"			--vm a-b
usage "invalid VM: 12-"			--vm 12-
usage "invalid vCPU: -1"		--vm 1-2 --vcpu -1
usage "invalid vCPU: 4096"		--vm 1-2 --vcpu 4096
usage "--vcpu needs the VM: -p PID or --vm PID-FD"	--vcpu 0
usage "-p and --vm exclude each other"	-p 1 --vm 1-2
usage "unknown source: perf"		-s perf
usage "-p, --vm, --vcpu and --debugfs select VMs on the host: they need -s debugfs" \
					-s cpuid -p 1
usage "-p, --vm, --vcpu and --debugfs select VMs on the host: they need -s debugfs" \
					-s cpuid --debugfs /tmp
usage "invalid debugfs directory: empty"	--debugfs ""
usage "unknown sort key: size"		-k size
usage "--json and --csv exclude each other"	--json --csv
usage "--ecx needs --leaf"		--ecx 12
usage "invalid leaf: xyz"		--leaf xyz
usage "invalid leaf: 0x100000000"	--leaf 0x100000000
usage "invalid ECX value: -1"		--leaf 0 --ecx -1
usage "--leaf prints one CPUID leaf: it takes only --ecx, --json or --csv" \
					--leaf 0 -i 1
usage "--leaf prints one CPUID leaf: it takes only --ecx, --json or --csv" \
					--leaf 0 -s cpuid
usage "--reason prints one record: it cannot be combined with --interval, --count, --all or --sort" \
					--reason 10 -n 2
usage "invalid reason: %x"		--reason %x
usage "invalid reason: 0x100000000"	--reason 0x100000000
usage "invalid reason: -2"		--reason -2
usage "unexpected argument: 5"		-i 1 5
usage "unknown option: --frobnicate"	--frobnicate
usage "unknown option: -z"		-z
usage "option -i needs an argument"	-i
usage "option --reason needs an argument"	--reason
usage "option --all takes no argument"	--all=1

# --- help and version -----------------------------------------------------------

"$EXITSTAT" --help >"$tmp/out" 2>"$tmp/err"
is "$? $(wc -c <"$tmp/err" | tr -d ' ')" "0 0" "--help: exit 0, nothing on stderr"
contains "$tmp/out" "EXAMPLES:" "--help: has an EXAMPLES block"
for opt in --source --pid --vm --vcpu --debugfs --sort --all --interval \
	   --count --json --csv --reason --leaf --ecx --help --version; do
	if ! grep -q -- "$opt " "$tmp/out"; then
		missing="$missing $opt"
	fi
done
is "${missing:-none}" none "--help: documents every option"
"$EXITSTAT" -h | cmp -s - "$tmp/out"
is $? 0 "-h is --help"
is "$("$EXITSTAT" --version; echo "rc=$?")" \
	"exitstat 1.0 (exit statistics ABI v1)
rc=0" "--version: version and ABI version"

# --- raw leaf mode ----------------------------------------------------------------

"$EXITSTAT" --leaf 0 >"$tmp/out" 2>"$tmp/err"
is "$?" 0 "--leaf 0: exit 0"
matches "$tmp/out" '^eax=0x[0-9a-f]{8} ebx=0x[0-9a-f]{8} ecx=0x[0-9a-f]{8} edx=0x[0-9a-f]{8}$' \
	"--leaf 0: eax=0x... ebx=0x... ecx=0x... edx=0x..."
# Leaf 0's vendor id is the same in both outputs: EBX "Genu"/"Auth"/...
ebx_text=$(sed 's/.*ebx=0x\([0-9a-f]*\).*/\1/' "$tmp/out")
if command -v jq >/dev/null 2>&1; then
	"$EXITSTAT" --leaf 0 --json >"$tmp/json"
	is "$(jq -r '"\(.leaf) \(.subleaf) \(.ebx)"' "$tmp/json")" \
		"0 0 $(printf '%d' "0x$ebx_text")" "--leaf 0 --json: same registers as text"
	"$EXITSTAT" --leaf 0x4ffffffd --ecx 12 --json >"$tmp/json"
	is "$(jq -r '"\(.leaf) \(.subleaf) \(keys | join(","))"' "$tmp/json")" \
		"1342177277 12 eax,ebx,ecx,edx,leaf,subleaf" \
		"--leaf 0x4ffffffd --ecx 12 --json: leaf, subleaf, four registers"
fi
if command -v jq >/dev/null 2>&1; then
	is "$("$EXITSTAT" --leaf 010 --ecx 0x1f --json | jq -c '[.leaf, .subleaf]')" \
		"[10,31]" "--leaf 010 --ecx 0x1f: decimal (not octal) and hex"
fi
"$EXITSTAT" --leaf 0 --csv >"$tmp/out"
is "$(head -n 1 "$tmp/out"; awk -F, 'NR == 2 { print NF, $1, $2 }' "$tmp/out")" \
	"leaf,subleaf,eax,ebx,ecx,edx
6 0 0" "--leaf 0 --csv: header and one row"

# --- this machine -------------------------------------------------------------------

# Only deterministic where neither interface exists: a machine that is no
# guest of a patched KVM (leaf 0x4ffffff0 without the signature) and has
# no patched KVM loaded.
sig=$("$EXITSTAT" --leaf 0x4ffffff0 | sed 's/^eax=0x[0-9a-f]* //')
if [ "$sig" = "ebx=0x454d564b ecx=0x53746978 edx=0x73746174" ]; then
	skip "interface absent on this machine" "this is a guest of a patched KVM"
elif [ -e /sys/kernel/debug/kvm/exit_stats ]; then
	skip "interface absent on this machine" "this host runs the patched KVM"
else
	for fmt in "" --json --csv; do
		# shellcheck disable=SC2086
		"$EXITSTAT" $fmt >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ $rc -eq 1 ] && [ ! -s "$tmp/out" ] &&
		   grep -q '^exitstat: interface absent, nothing to read on this machine$' "$tmp/err" &&
		   grep -q '^  cpuid: ' "$tmp/err" && grep -q '^  debugfs: ' "$tmp/err"; then
			pass "exitstat ${fmt:-(table)} here: exit 1, 'interface absent' with a reason per source"
		else
			fail "exitstat ${fmt:-(table)} here: exit 1, 'interface absent' with a reason per source"
			echo "#   got exit $rc, $(wc -c <"$tmp/out") bytes on stdout, stderr:"
			sed 's/^/#     /' "$tmp/err"
		fi
	done
	"$EXITSTAT" -s cpuid >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if grep -q hypervisor /proc/cpuinfo; then
		want='does not answer CPUID leaf 0x4ffffff0 with "KVMExitStats"'
	else
		want='not running under a hypervisor'
	fi
	is "$rc" 1 "-s cpuid here: exit 1"
	contains "$tmp/err" "$want" "-s cpuid here: says why"
	"$EXITSTAT" -s debugfs >"$tmp/out" 2>"$tmp/err"
	is "$?" 1 "-s debugfs here: exit 1"
	matches "$tmp/err" '^exitstat: (debugfs is not mounted|no /sys/kernel/debug/kvm|cannot read)' \
		"-s debugfs here: says what is missing"
fi

tap_done
