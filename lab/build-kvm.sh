#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build kvm.ko, kvm-amd.ko and kvm-intel.ko out of tree from the Debian
# linux-source of the lab kernel, against its installed headers.
#
#   lab/build-kvm.sh stock     the distribution's KVM, rebuilt as is
#   lab/build-kvm.sh patched   the same tree with exitstat's kernel changes
#
# Prints the directory holding the modules. Builds are cached by a key over
# everything that goes into them, so an unchanged set is never rebuilt.
set -eu
. "$(dirname "$0")/lib.sh"

set_name=${1:-}
case $set_name in
stock|patched) ;;
*) die "usage: $0 stock|patched" ;;
esac

load_kernel_env
[ -d "$KHEADERS" ] || die "$KHEADERS missing; run lab/kernel-inputs.sh"
# The key covers this script and, for the patched set, the kernel changes;
# the Debian version is in the path.
key_inputs()
{
	cat "$0"
	if [ "$set_name" = patched ]; then
		(cd "$TOP_DIR" && find kernel -type f | LC_ALL=C sort | xargs cat)
	fi
}
key=$(key_inputs | sha256sum | cut -c1-16)
OUT=$EXITSTAT_CACHE/modules/$DEBVER/$set_name-$key
if [ -f "$OUT/.built" ]; then
	echo "$OUT"
	exit 0
fi

# One build of a set at a time (two makes may ask for it at once): the
# second waits, then finds the first one's result.
mkdir -p "$EXITSTAT_CACHE/modules/$DEBVER"
exec 9>"$EXITSTAT_CACHE/modules/$DEBVER/.lock-$set_name"
flock 9
if [ -f "$OUT/.built" ]; then
	echo "$OUT"
	exit 0
fi

PRISTINE=$(pristine_tree)

TREE=$(mktemp -d "$OUT.tmp.XXXXXX")
trap 'rm -rf "$TREE"' EXIT
rm -rf "$OUT"
cp -a "$PRISTINE/arch" "$PRISTINE/virt" "$TREE/"

if [ "$set_name" = patched ]; then
	"$TOP_DIR/kernel/apply.sh" -V "$KERNEL_NAME" "$TREE" ||
		die "the kernel changes do not apply to $KERNEL_NAME"
fi
# What the modules are built from, before the out-of-tree glue: the series
# test compares it with the tree that "git am" makes.
tree_manifest "$TREE" >"$TREE/source.sha256"

# Out-of-tree glue, identical for both sets: the Makefile includes
# virt/kvm's fragment and headers through $(srctree), which here is the
# headers package; point both at the extracted tree. trace.h names its
# directory as ../../arch/x86/kvm relative to an include directory, so an
# empty include/trace in the tree makes that path land on our copy.
mk=$TREE/arch/x86/kvm/Makefile
sed -i -e 's|^include $(srctree)/virt/kvm/Makefile.kvm|include $(src)/../../../virt/kvm/Makefile.kvm|' \
	-e 's|-I $(srctree)/arch/x86/kvm|-I $(src) -I $(src)/../../../include/trace|' "$mk"
grep -q 'include $(src)/../../../virt/kvm/Makefile.kvm' "$mk" ||
	die "could not adapt $mk for an out-of-tree build"
mkdir -p "$TREE/include/trace"

say "building $set_name kvm modules for $KERNEL_NAME (about 1.5 min)"
if ! make -C "$KHEADERS" M="$TREE/arch/x86/kvm" -j"$(nproc)" modules \
	>"$TREE/build.log" 2>&1; then
	grep -E 'error|Error' "$TREE/build.log" | head -n 40 >&2
	cp "$TREE/build.log" "$OUT.failed.log"
	die "module build failed; full log in $OUT.failed.log"
fi

rm -rf "$OUT.new"
mkdir -p "$OUT.new"
for m in kvm kvm-amd kvm-intel; do
	strip --strip-debug -o "$OUT.new/$m.ko" "$TREE/arch/x86/kvm/$m.ko"
done
grep -E 'warning:' "$TREE/build.log" >"$OUT.new/warnings.log" || true
cp "$TREE/build.log" "$TREE/source.sha256" "$OUT.new/"
rm -rf "$TREE"
touch "$OUT.new/.built"
mv "$OUT.new" "$OUT"
echo "$OUT"
