#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host-side checks of the 1 vs 4 vCPU experiment:
#   lab/checks/linux-vcpus.sh ARTIFACTS
# Each boot passes the single-boot checks, and the per-vCPU tables of the
# 4-vCPU guest (read in the same freeze as its VM table) add up to it.
set -u
dir=$1
here=$(dirname "$0")
"$here/linux-boot.sh" "$dir" vcpu1
"$here/linux-boot.sh" "$dir" vcpu4

vm=$(jq .total_exits "$dir/vcpu4-host-after.json")
sum=0
for v in 0 1 2 3; do
	sum=$((sum + $(jq .total_exits "$dir/vcpu4-vcpu$v.json")))
done
# host-after is read first, the vCPU tables just after, all while frozen
if [ "$sum" = "$vm" ]; then
	echo "ok - vcpu4: the 4 per-vCPU tables add up to the VM's ($sum)"
else
	echo "not ok - vcpu4: the 4 per-vCPU tables add up to the VM's"
	echo "#   VM $vm, sum of vCPUs $sum"
fi
