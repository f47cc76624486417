#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Apply exitstat's kernel changes to an extracted KVM tree (the directory
# that holds arch/x86/kvm and virt/kvm). Called by lab/build-kvm.sh for the
# patched module set, and by tests/unit/kernel-series.t.
#
#   kernel/apply.sh TREE
#
# The new files are copied in place (x86/* to arch/x86/kvm, the ABI header
# to arch/x86/include/uapi/asm), then the hooks in existing files are
# applied in order, kernel/hooks/*.diff. The same content, split into
# commits, is kernel/series/ (see kernel/mkseries.sh).
set -eu
tree=${1:?usage: kernel/apply.sh TREE}
[ -d "$tree/arch/x86/kvm" ] || { echo "apply.sh: $tree has no arch/x86/kvm" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)

if [ -f "$tree/arch/x86/kvm/exit_stats.c" ]; then
	echo "apply.sh: $tree already has the exit statistics" >&2
	exit 1
fi

mkdir -p "$tree/arch/x86/include/uapi/asm"
cp "$here/include/uapi/asm/kvm_exit_stats.h" "$tree/arch/x86/include/uapi/asm/"
cp "$here"/x86/*.c "$here"/x86/*.h "$tree/arch/x86/kvm/"

for diff in "$here"/hooks/*.diff; do
	if ! out=$(patch -d "$tree" -p1 --forward --no-backup-if-mismatch \
		-s <"$diff" 2>&1); then
		echo "apply.sh: $(basename "$diff") does not apply to $tree:" >&2
		echo "$out" >&2
		exit 1
	fi
done
