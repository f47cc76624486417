# SPDX-License-Identifier: GPL-2.0
#
# The course experiment: one Linux guest boot under the patched KVM, with
# the dmesg report every PRINT_EVERY exits. Usage: linux-boot VCPUS PRINT_EVERY
. /lab/guest/lib.sh
. /lab/guest/linux.sh

if require_patched; then
	echo "${2:-0}" >/sys/module/kvm/parameters/exit_stats_print_every
	boot_linux boot "${1:-1}"
	exitstat -s debugfs >/tmp/host-wide.txt 2>&1
	artifact host-wide.txt /tmp/host-wide.txt
fi
dmesg_clean "no kernel warnings"
