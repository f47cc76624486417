#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Apply exitstat's kernel changes to an extracted KVM tree (the directory
# that holds arch/x86/kvm and virt/kvm). Called by lab/build-kvm.sh for the
# patched module set, and by the tests of tests/unit/kernel-*.t.
#
#   kernel/apply.sh [-V VERSION] TREE
#
# The new files are copied in place (x86/* to arch/x86/kvm, the ABI header
# to arch/x86/include/uapi/asm), then the hooks in existing files are
# applied in order, kernel/hooks/*.diff, each without fuzz (kernel/hook.sh).
# VERSION names the tree's kernel in messages (e.g. "Debian linux-source-6.12
# 6.12.118-1~deb12u1"). The same content, split into commits, is the series
# that kernel/mkseries.sh generates.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/hook.sh"

version="the kernel tree"
while getopts V: opt; do
	case $opt in
	V) version=$OPTARG ;;
	*) echo "usage: $0 [-V VERSION] TREE" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
tree=${1:?usage: kernel/apply.sh [-V VERSION] TREE}
[ -d "$tree/arch/x86/kvm" ] || { echo "apply.sh: $tree has no arch/x86/kvm" >&2; exit 1; }

if [ -f "$tree/arch/x86/kvm/exit_stats.c" ]; then
	echo "apply.sh: $tree already has the exit statistics" >&2
	exit 1
fi

mkdir -p "$tree/arch/x86/include/uapi/asm"
cp "$here/include/uapi/asm/kvm_exit_stats.h" "$tree/arch/x86/include/uapi/asm/"
cp "$here"/x86/*.c "$here"/x86/*.h "$tree/arch/x86/kvm/"

for diff in "$here"/hooks/*.diff; do
	hook_apply "$tree" "$diff" "kernel/hooks/${diff##*/}" "$version" || exit 1
done
