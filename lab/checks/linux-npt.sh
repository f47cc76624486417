#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host-side checks of the nested vs shadow paging experiment:
#   lab/checks/linux-npt.sh ARTIFACTS
# Each boot passes the single-boot checks; without nested paging there
# are no NPF exits at all, and the boot takes more exits in total.
set -u
dir=$1
here=$(dirname "$0")
"$here/linux-boot.sh" "$dir" npt1
"$here/linux-boot.sh" "$dir" npt0

# count FILE NAME: the count of the reason called NAME (0 if absent)
count()
{
	jq -r --arg n "$2" '[.reasons[] | select(.name == $n) | .count] | add // 0' "$1"
}

for v in guest host-after; do
	n=$(count "$dir/npt0-$v.json" npf)
	if [ "$n" = 0 ]; then
		echo "ok - npt=0: no NPF exits ($v view)"
	else
		echo "not ok - npt=0: no NPF exits ($v view)"
		echo "#   npf count $n"
	fi
done
n1=$(jq .total_exits "$dir/npt1-guest.json")
n0=$(jq .total_exits "$dir/npt0-guest.json")
if [ "$n0" -gt "$n1" ]; then
	echo "ok - npt=0 takes more exits than npt=1 ($n0 > $n1)"
else
	echo "not ok - npt=0 takes more exits than npt=1"
	echo "#   npt=0 $n0, npt=1 $n1"
fi
