#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Pack the lab images that run the KVM selftests:
#
#   lab/selftests/mkimage.sh SET...      SET: stock or patched
#
# writes $LAB_OUT/initramfs-SET-selftests.cpio.gz for each SET: the lab's
# own image of that module set (lab/mkinitramfs.sh, packed by make
# lab-images) followed by a second archive with the selftests of
# tests.list, the C library they load, the list itself and the scenario.
# The kernel unpacks concatenated initramfs archives one after the other,
# so the base image stays as it is.
set -eu
# lab/lib.sh takes the script's directory for lab/: set it right.
ST_DIR=$(cd "$(dirname "$0")" && pwd)
: "${BUILD_DIR:=${ST_DIR%/lab/selftests}/build}"
. "$ST_DIR/../lib.sh"
LAB_DIR=${ST_DIR%/selftests}

[ $# -gt 0 ] || die "usage: $0 stock|patched..."
LAB_OUT=${LAB_OUT:-$BUILD_DIR/lab}
bins=$("$ST_DIR/build.sh")

root=$(mktemp -d)
extra=$(mktemp)
trap 'rm -rf "$root" "$extra"' EXIT
mkdir -p "$root/lab/selftests/bin" "$root/lab/guest/scenarios"
cp "$ST_DIR/tests.list" "$root/lab/selftests/"
cp "$LAB_DIR/guest/scenarios/selftests.sh" "$root/lab/guest/scenarios/"

grep -v '^#' "$ST_DIR/tests.list" | awk 'NF { print $1 }' | while read -r path; do
	[ -f "$bins/$path" ] || die "selftest $path was not built (in $bins)"
	mkdir -p "$root/lab/selftests/bin/$(dirname "$path")"
	cp "$bins/$path" "$root/lab/selftests/bin/$path"
done

# The selftests link the C library dynamically: the loader and the
# libraries go to the paths they have here, where the loader looks. Add
# libgcc_s, which glibc's pthread_cancel() loads at run time (ldd cannot
# see it): without it, sync_regs_test's race subtests abort with
# "libgcc_s.so.1 must be installed for pthread_cancel to work".
libs=$(find "$root/lab/selftests/bin" -type f -exec ldd {} + 2>/dev/null |
	awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' | sort -u)
libc=$(echo "$libs" | grep '/libc\.so\.6$') || die "the selftests do not load libc.so.6?"
[ -f "$(dirname "$libc")/libgcc_s.so.1" ] || die "no libgcc_s.so.1 next to $libc"
for lib in $libs "$(dirname "$libc")/libgcc_s.so.1"; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 >"$extra"
for set_name in "$@"; do
	base=$LAB_OUT/initramfs-$set_name.cpio.gz
	[ -f "$base" ] || die "$base missing; run make lab-images"
	out=$LAB_OUT/initramfs-$set_name-selftests.cpio.gz
	cat "$base" "$extra" >"$out.tmp"
	mv "$out.tmp" "$out"
done
