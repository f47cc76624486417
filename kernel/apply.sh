#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Apply exitstat's kernel changes to an extracted KVM tree (the directory
# that holds arch/x86/kvm and virt/kvm). Called by lab/build-kvm.sh for the
# patched module set.
set -eu
tree=${1:?usage: kernel/apply.sh TREE}
[ -d "$tree/arch/x86/kvm" ] || { echo "apply.sh: $tree has no arch/x86/kvm" >&2; exit 1; }

# No changes yet: the patched set is built from the stock tree.
exit 0
