# SPDX-License-Identifier: GPL-2.0
#
# Deliberately faulty scenario for the runner's own test: a guest that
# never halts (testvmm must stop it by its timeout), then a lab that never
# powers off (the runner must stop it by its timeout).
. /lab/guest/lib.sh

/lab/testvmm -t 3 -a 4000000000 /lab/payloads/cpuid.bin >$VMM_OUT 2>&1
is "$?" 4 "testvmm stops a guest that never halts (exit 4)"
grep -q 'timeout' $VMM_OUT && ok "testvmm says it timed out" || not_ok "testvmm says it timed out"
while :; do sleep 1000; done
