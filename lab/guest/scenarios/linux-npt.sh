# SPDX-License-Identifier: GPL-2.0
#
# Nested paging against shadow paging: the same Linux guest boot with
# kvm_amd npt=1, then after reloading kvm_amd with npt=0.
. /lab/guest/lib.sh
. /lab/guest/linux.sh

if require_patched; then
	boot_linux npt1 1
	reload_vendor npt=0
	is "$(cat /sys/module/kvm_amd/parameters/npt)" N "kvm_amd reloaded with npt=0"
	boot_linux npt0 1
fi
dmesg_clean "no kernel warnings"
