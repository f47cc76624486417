#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The lab images of make bench: an existing lab image with a second cpio
# archive appended (the kernel unpacks concatenated archives in order,
# later files replacing earlier ones):
#
#   bench/mkimage.sh BASE.cpio.gz OUTPUT.cpio.gz [BASE2 OUTPUT2 ...]
#
# The appended archive holds
#   /lab/bench/stock/*.ko, /lab/bench/patched/*.ko
#	both KVM module sets (lab/build-kvm.sh), so that one lab boot can
#	switch between them with rmmod/insmod
#   /lab/payloads/bench.bin, /lab/guest/scenarios/bench-*.sh
#	the bench payload and scenarios
#   /lab/bench/l2-bench.cpio.gz
#	appended in turn to the Linux guest's initramfs by bench-read.sh:
#	its /init runs bench-read (bench/read.c) instead of the demo's reads
#   /usr/bin/perf and its libraries, when Debian's linux-perf is installed
#	on this machine (for perf kvm stat in bench-rtt.sh)
set -eu
. "$(dirname "$0")/../lab/lib.sh"
LAB_DIR=$TOP_DIR/lab
BENCH_DIR=$TOP_DIR/bench
BENCH_OUT=${BENCH_OUT:-$BUILD_DIR/bench}

[ $# -ge 2 ] && [ $(($# % 2)) -eq 0 ] ||
	die "usage: $0 BASE.cpio.gz OUTPUT.cpio.gz [BASE2 OUTPUT2 ...]"
i=0
for f in "$@"; do
	[ $((i % 2)) -eq 1 ] || [ -f "$f" ] || die "$f missing; run make lab-images"
	i=$((i + 1))
done
load_kernel_env
[ -f "$LAB_OUT/payloads/bench.bin" ] || die "$LAB_OUT/payloads/bench.bin missing; run make lab-bins"
[ -x "$BENCH_OUT/bench-read" ] || die "$BENCH_OUT/bench-read missing; run make bench-bins"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/lab/bench" "$root/lab/payloads" "$root/lab/guest/scenarios"
for set in stock patched; do
	moddir=$("$LAB_DIR/build-kvm.sh" $set)
	mkdir -p "$root/lab/bench/$set"
	for m in kvm kvm-amd kvm-intel; do
		cp "$moddir/$m.ko" "$root/lab/bench/$set/"
	done
done
cp "$LAB_OUT/payloads/bench.bin" "$root/lab/payloads/"
cp "$LAB_DIR"/guest/scenarios/bench-*.sh "$root/lab/guest/scenarios/"

# The Linux guest's overlay: its init, bench-read, and exitstat as built now
l2=$(mktemp -d)
mkdir -p "$l2/bin"
cp "$BENCH_DIR/l2-init" "$l2/init"
chmod 755 "$l2/init"
cp "$BENCH_OUT/bench-read" "$l2/bench-read"
[ -x "$LAB_OUT/exitstat" ] && cp "$LAB_OUT/exitstat" "$l2/exitstat"
(cd "$l2" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
	gzip -1 >"$root/lab/bench/l2-bench.cpio.gz"
rm -rf "$l2"

# perf, as Debian's linux-perf installs it: the binary and the libraries
# it links (found by the dynamic loader at their own paths)
perf=/usr/bin/perf
if [ -x "$perf" ] && file -L "$perf" | grep -q ELF; then
	mkdir -p "$root/usr/bin"
	cp -L "$perf" "$root/usr/bin/perf"
	ldd "$perf" | awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' |
	while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
	dpkg-query -W -f '${Package} ${Version}\n' linux-perf \
		>"$root/lab/bench/perf-version" 2>/dev/null || true
fi

overlay=$root.cpio.gz
trap 'rm -rf "$root" "$overlay"' EXIT
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 >"$overlay"
while [ $# -ge 2 ]; do
	mkdir -p "$(dirname "$2")"
	cat "$1" "$overlay" >"$2.tmp"
	mv "$2.tmp" "$2"
	shift 2
done
