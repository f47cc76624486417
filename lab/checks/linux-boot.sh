#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host-side checks of one Linux guest boot under the patched KVM:
#   lab/checks/linux-boot.sh ARTIFACTS PREFIX
# The guest's own table (CPUID source) must parse, be self-consistent,
# show the reasons a boot cannot do without, and lie between two host
# reads (debugfs) that bracket it while the VM was frozen.
set -u
dir=$1
p=$2
guest=$dir/$p-guest.json
before=$dir/$p-host-before.json
after=$dir/$p-host-after.json

ok() { echo "ok - $p: $*"; }
not_ok() { echo "not ok - $p: $*"; }
check() { # DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

# count FILE NAME: the count of the reason called NAME (0 if absent)
count()
{
	jq -r --arg n "$2" '[.reasons[] | select(.name == $n) | .count] | add // 0' "$1"
}

if ! jq -e '.total_exits' "$guest" >/dev/null 2>&1; then
	not_ok "the guest's exitstat --json output parses"
	sed 's/^/#   /' "$guest" | head -n 5
	exit 0
fi
ok "the guest's exitstat --json output parses"
total=$(jq '.total_exits' "$guest")
sum=$(jq '[.reasons[].count] | add' "$guest")
check "the guest saw exits of its boot ($total)" [ "$total" -gt 0 ]
if [ "$total" = "$sum" ]; then
	ok "total exits equal the sum of the rows ($sum)"
else
	not_ok "total exits equal the sum of the rows"
	echo "#   total $total, sum of rows $sum"
fi
vendor=$(jq -r '.vendor' "$guest")
if [ "$vendor" = svm ]; then
	cpuid=cpuid io=io hlt=hlt msr=msr
else
	cpuid=CPUID io=IO_INSTRUCTION hlt=HLT msr=MSR_WRITE
fi
for r in $cpuid $io; do
	n=$(count "$guest" $r)
	check "reason $r has exits ($n)" [ "$n" -gt 0 ]
done
n=$(( $(count "$guest" $hlt) + $(count "$guest" $msr) ))
check "HLT and MSR exits together are nonzero ($n)" [ "$n" -gt 0 ]

# The bracket: host before <= guest <= host after, for the total and for
# every reason either side knows.
bad=
for name in $(jq -r '.reasons[].name | gsub(" "; "~")' "$before" "$guest" "$after" | sort -u); do
	name=$(echo "$name" | tr '~' ' ')
	b=$(count "$before" "$name") g=$(count "$guest" "$name") a=$(count "$after" "$name")
	[ "$b" -le "$g" ] && [ "$g" -le "$a" ] || bad="$bad $name:$b/$g/$a"
done
tb=$(jq '.total_exits' "$before") ta=$(jq '.total_exits' "$after")
if [ -z "$bad" ] && [ "$tb" -le "$total" ] && [ "$total" -le "$ta" ]; then
	ok "guest view lies between the host reads around it (total $tb <= $total <= $ta)"
else
	not_ok "guest view lies between the host reads around it"
	echo "#   total $tb/$total/$ta; reasons out of bracket (before/guest/after):$bad"
fi
echo "#   host reads differ by $((ta - tb)) exits: the guest's read itself and what ran around it"
