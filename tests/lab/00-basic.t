#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The lab works: SVM with nested paging, stock modules load, /dev/kvm runs a guest.
#
# lab: modules = stock
# lab: run     = basic
# lab: timeout = 120
exec "${0%/*}/../../lab/run-scenario" "$0"
