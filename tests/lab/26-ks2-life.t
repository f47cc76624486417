#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Patched KVM: 100 VM lives (testvmm -r 100) leave exactly their exits in
# the host-wide table; the modules unload and reload cleanly.
#
# lab: modules = patched
# lab: run     = ks2-life
# lab: timeout = 180
exec "${0%/*}/../../lab/run-scenario" "$0"
