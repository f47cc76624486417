#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the KVM selftests (tools/testing/selftests/kvm) of the lab kernel's
# Debian linux-source, for the x86-64 lab.
#
#   lab/selftests/build.sh
#
# Prints the directory holding the stripped test binaries (x86_64/NAME and
# the common ones at the top). The build needs the whole source tree and
# its UAPI headers ("make headers" exports them to usr/include in the
# tree, where the selftests look; headers_install would also want rsync).
# The tree is unpacked into the cache, built and deleted again, so only
# the binaries stay (about 17 MB). The result is cached by a key over the
# kernel version and this script: a machine builds it once.
set -eu
. "$(dirname "$0")/../lib.sh"

load_kernel_env
TARBALL=$KDIR/source/usr/src/$SRC_PKG.tar.xz
[ -f "$TARBALL" ] || die "$TARBALL missing; run lab/kernel-inputs.sh"

key=$( (echo "$KREL $DEBVER"; cat "$0") | sha256sum | cut -c1-16)
BASE=$EXITSTAT_CACHE/selftests/$DEBVER
OUT=$BASE/kvm-$key
if [ -f "$OUT/.built" ]; then
	echo "$OUT"
	exit 0
fi

# One build at a time; a second caller waits and finds the first's result.
mkdir -p "$BASE"
exec 9>"$BASE/.lock"
flock 9
if [ -f "$OUT/.built" ]; then
	echo "$OUT"
	exit 0
fi

TREE=$(mktemp -d "$BASE/tree.XXXXXX")
trap 'rm -rf "$TREE" "$OUT.new"' EXIT
say "unpacking $(basename "$TARBALL") for the KVM selftests (1.7 GB, deleted afterwards)"
tar -xJf "$TARBALL" -C "$TREE"
src=$TREE/$SRC_PKG
log=$TREE/build.log

# Both makes run as top-level makes, whoever calls this script: under a
# parent make (MAKELEVEL > 0), the selftests' lib.mk leaves OUTPUT empty,
# and the tests and their objects would be written to /x86_64, /lib, /.
# OUTPUT is given as well, and nothing of the parent's flags comes along.
kvm=$src/tools/testing/selftests/kvm
submake()
{
	env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS -u MAKEOVERRIDES make "$@"
}
say "building the KVM selftests for $KERNEL_NAME (a few minutes, once)"
if ! submake -C "$src" headers >"$log" 2>&1 ||
   ! submake -C "$kvm" OUTPUT="$kvm" -j"$(nproc)" >>"$log" 2>&1 ||
   [ ! -x "$kvm/x86_64/cpuid_test" ]; then
	grep -E 'error|Error' "$log" | head -n 40 >&2
	cp "$log" "$BASE/build-$key.failed.log"
	die "selftests build failed; full log in $BASE/build-$key.failed.log"
fi

# Keep the executables only (the build leaves objects and dependency
# files next to them), without their debug information.
rm -rf "$OUT" "$OUT.new"
mkdir -p "$OUT.new/x86_64"
n=0
for f in "$kvm"/* "$kvm"/x86_64/*; do
	if [ ! -f "$f" ] || [ ! -x "$f" ] || ! file -b "$f" | grep -q '^ELF'; then
		continue
	fi
	rel=${f#"$kvm"/}
	strip --strip-debug -o "$OUT.new/$rel" "$f"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || die "the selftests build produced no binaries"
cp "$log" "$OUT.new/build.log"
rm -rf "$TREE"
touch "$OUT.new/.built"
mv "$OUT.new" "$OUT"
say "built $n KVM selftests into $OUT"
echo "$OUT"
