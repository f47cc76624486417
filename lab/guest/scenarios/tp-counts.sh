# SPDX-License-Identifier: GPL-2.0
#
# Exact exit counts through the kvm_exit tracepoint, per reason and per
# vCPU: every vCPU runs the course payload (1000 CPUID, 500 OUT, 1 HLT).
# Usage: tp-counts VCPUS
. /lab/guest/lib.sh

vcpus=${1:-1}
run_vmm -c "$vcpus" -a 1000 -b 500 /lab/payloads/course.bin
is "$vmm_status" 0 "course payload ran on $vcpus vCPU(s)"
is "$(tp_count cpuid)" $((vcpus * 1000)) "CPUID exits: 1000 per vCPU"
# 500 OUTs to the sink port plus the one OUT that says DONE.
is "$(tp_count io)" $((vcpus * 501)) "IO exits: 500 + 1 per vCPU"
is "$(tp_count hlt)" "$vcpus" "HLT exits: 1 per vCPU"
v=0
while [ $v -lt "$vcpus" ]; do
	is "$(tp_count cpuid $v)/$(tp_count io $v)/$(tp_count hlt $v)" 1000/501/1 \
		"vCPU $v: CPUID/IO/HLT exits"
	v=$((v + 1))
done
dmesg_clean "no kernel warnings"
