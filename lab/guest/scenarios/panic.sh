# SPDX-License-Identifier: GPL-2.0
#
# Deliberately faulty scenario for the runner's own test: crash the lab
# kernel in the middle of a scenario.
ok "before the crash"
echo 1 >/proc/sys/kernel/sysrq
echo c >/proc/sysrq-trigger
