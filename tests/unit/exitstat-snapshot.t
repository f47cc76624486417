#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exitstat's data model: delta arithmetic, the subtraction of the reader's
# own CPUID exits, counter resets, summing VMs (tests/unit/exitstat/
# test-snapshot.c, built by 'make exitstat-tests').  Run from the top.
. tests/unit/exitstat/tap.sh
need "$TESTS_OUT/exitstat-snapshot"
exec "$TESTS_OUT/exitstat-snapshot"
