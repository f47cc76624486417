#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Builds and runs tests/unit/vmm-proto.c, the port protocol decoder's unit test.
#
# Run from the repository top; CC overrides gcc. Needs no KVM.

CC=${CC:-gcc}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! $CC -Wall -Wextra -Werror -O2 -Ilab/vmm -o "$tmp/vmm-proto" \
	tests/unit/vmm-proto.c lab/vmm/proto.c 2>"$tmp/err"; then
	sed 's/^/# /' "$tmp/err"
	echo "Bail out! cannot build tests/unit/vmm-proto.c with $CC; run from the repository top"
	exit 1
fi
"$tmp/vmm-proto"
