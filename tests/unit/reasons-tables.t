#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build and run the exit reason table checks of <asm/kvm_exit_stats.h>
# (tests/unit/reasons-tables.c); the program prints the TAP.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
src=$top/tests/unit/reasons-tables.c
out=$top/build/tests
bin=$out/reasons-tables
CC=${CC:-gcc}

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "1..0 # SKIP $CC not found: apt-get install gcc"
	exit 0
fi
# The kernel's own VMX_EXIT_REASONS / SVM_EXIT_REASONS come from the
# system uapi headers.
if ! printf '#include <asm/svm.h>\n#include <asm/vmx.h>\n' |
	"$CC" -E -x c - >/dev/null 2>&1; then
	echo "1..0 # SKIP no <asm/svm.h>/<asm/vmx.h>: apt-get install linux-libc-dev"
	exit 0
fi

mkdir -p "$out" || exit 1
if ! log=$("$CC" -Wall -Wextra -Werror -I "$top/kernel/include/uapi" \
	-o "$bin" "$src" 2>&1); then
	echo "1..1"
	echo "not ok 1 - compile reasons-tables.c"
	printf '%s\n' "$log" | sed 's/^/# /'
	exit 1
fi
exec "$bin"
