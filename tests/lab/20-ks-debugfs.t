#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: debugfs exit tables per VM, per vCPU and host-wide are exact.
#
# lab: modules = patched
# lab: run     = ks-debugfs
# lab: timeout = 240
exec "${0%/*}/../../lab/run-scenario" "$0"
