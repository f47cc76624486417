#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kvm_exit tracepoint counts of the course payload are exact (stock, 1 vCPU).
#
# lab: modules = stock
# lab: run     = tp-counts 1
# lab: timeout = 150
exec "${0%/*}/../../lab/run-scenario" "$0"
