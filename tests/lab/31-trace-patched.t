#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exitstat -s trace on the patched KVM: per reason, the tracepoint counts
# equal the in-kernel exit counters' deltas (debugfs) over the same run.
#
# lab: modules = patched
# lab: run     = trace-patched
# lab: timeout = 240
exec "${0%/*}/../../lab/run-scenario" "$0"
