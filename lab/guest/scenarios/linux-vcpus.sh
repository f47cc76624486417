# SPDX-License-Identifier: GPL-2.0
#
# The same Linux guest boot with 1 and with 4 vCPUs.
. /lab/guest/lib.sh
. /lab/guest/linux.sh

if require_patched; then
	boot_linux vcpu1 1
	boot_linux vcpu4 4
fi
dmesg_clean "no kernel warnings"
