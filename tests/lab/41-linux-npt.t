#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The same Linux guest boot with nested paging (npt=1) and with shadow
# paging (kvm_amd reloaded with npt=0): no NPF exits, more exits in total.
#
# lab: modules = patched
# lab: image   = linux
# lab: run     = linux-npt
# lab: check   = lab/checks/linux-npt.sh
# lab: timeout = 300
exec "${0%/*}/../../lab/run-scenario" "$0"
