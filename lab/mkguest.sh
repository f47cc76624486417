#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Pack the initramfs of the Linux guest that runs inside the lab (L2):
# busybox, its init, and the exitstat CLI when it has been built.
#
#   lab/mkguest.sh OUTPUT.cpio.gz
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-}
[ -n "$out" ] || die "usage: $0 OUTPUT.cpio.gz"
LAB_OUT=${LAB_OUT:-$BUILD_DIR/lab}

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev"
cp /bin/busybox "$root/bin/busybox"
cp "$LAB_DIR/guest/l2/init" "$root/init"
chmod 755 "$root/init"
[ -x "$LAB_OUT/exitstat" ] && cp "$LAB_OUT/exitstat" "$root/exitstat"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
