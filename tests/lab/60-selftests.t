#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel's own KVM selftests (lab/selftests/tests.list) give the same
# results with the patched modules as with the stock ones: one lab boot
# each, then a test-by-test comparison. Failures that come from QEMU's
# emulated CPU stay failures ("not ok ... # TODO") on both sides.
exec "${0%/*}/../../lab/selftests/run.sh"
