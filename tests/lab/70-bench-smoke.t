#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench, once with tiny N (the benchmark itself is make bench): the
# round trip under stock, patched on/off, trace (and perf if it runs) in
# one boot with module switches; 1 and 4 vCPUs counted exactly; reads of
# the table from a Linux guest.
#
# lab: modules = patched
# lab: image   = linux-bench
# lab: run     = bench-all 2 10 9 5 4 1 1:4 2
# lab: timeout = 400
exec "${0%/*}/../../lab/run-scenario" "$0"
