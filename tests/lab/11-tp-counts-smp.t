#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The same with 4 vCPUs, split exactly per vCPU (stock).
#
# lab: modules = stock
# lab: run     = tp-counts 4
# lab: smp     = 2
# lab: timeout = 180
exec "${0%/*}/../../lab/run-scenario" "$0"
