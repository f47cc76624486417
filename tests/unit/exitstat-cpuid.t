#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# exitstat's cpuid source against a fake hypervisor: every status, an
# absent interface, both vendors, the exact CPUID cost of a read, exact
# deltas (tests/unit/exitstat/test-cpuid.c, built by 'make
# exitstat-tests').  Run from the repository top.
. tests/unit/exitstat/tap.sh
need "$TESTS_OUT/exitstat-cpuid"
exec "$TESTS_OUT/exitstat-cpuid"
