# SPDX-License-Identifier: GPL-2.0
#
# The interim demo: run the mixed payload on 2 vCPUs and print its exits
# per reason as the kvm_exit tracepoint counted them.
. /lab/guest/lib.sh

iters=${1:-1000}
run_vmm -c 2 -a "$iters" /lab/payloads/mixed.bin
is "$vmm_status" 0 "mixed payload ran on 2 vCPUs"
diag "exits of testvmm (2 vCPUs x $iters iterations of 3 CPUID, 2 OUT, 1 IN, 1 RDMSR, 1 WRMSR)," \
	"counted by the kvm_exit tracepoint:" ""
diag "$(printf '%8s  %-6s  %-16s' count code reason)"
tp_table | while read -r count code name; do
	diag "$(printf '%8d  %-6s  %-16s' "$count" "$code" "$name")"
done
