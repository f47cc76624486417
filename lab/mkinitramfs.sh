#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Pack the lab's initramfs for one KVM module set:
#
#   lab/mkinitramfs.sh SET OUTPUT.cpio.gz [linux]
#
# With "linux", the image also carries QEMU (with its libraries and
# firmware) and a Linux guest (the same Debian kernel with the initramfs
# of lab/mkguest.sh), so the lab can boot a full Linux guest under its KVM.
#
# SET is stock or patched (lab/build-kvm.sh), or broken: the stock set
# with kvm.ko's version magic damaged, used to test that the runner turns
# a module that will not load into a failing test.
set -eu
. "$(dirname "$0")/lib.sh"

set_name=${1:-}
out=${2:-}
with=${3:-}
[ -n "$out" ] || die "usage: $0 stock|patched|broken OUTPUT.cpio.gz [linux]"
load_kernel_env
LAB_OUT=${LAB_OUT:-$BUILD_DIR/lab}
[ -x "$LAB_OUT/testvmm" ] || die "$LAB_OUT/testvmm missing; run make lab-bins"

case $set_name in
stock|patched) moddir=$("$LAB_DIR/build-kvm.sh" "$set_name") ;;
broken) moddir=$("$LAB_DIR/build-kvm.sh" stock) ;;
*) die "unknown module set '$set_name' (stock, patched or broken)" ;;
esac

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/lib/modules" "$root/lab/guest" "$root/lab/payloads" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
cp "$LAB_DIR/guest/init" "$root/init"
chmod 755 "$root/init"

distro=$KDIR/image/lib/modules/$KREL/kernel
xz -dc "$distro/virt/lib/irqbypass.ko.xz" >"$root/lib/modules/irqbypass.ko"
xz -dc "$distro/drivers/crypto/ccp/ccp.ko.xz" >"$root/lib/modules/ccp.ko"
for m in kvm kvm-amd kvm-intel; do
	cp "$moddir/$m.ko" "$root/lib/modules/$m.ko"
done
if [ "$set_name" = broken ]; then
	# Same length, so the module stays well formed: only the check fails.
	sed -i 's/vermagic=\([^ ]*\) SMP preempt mod_unload/vermagic=\1 SMP preempt mod_unlaod/' \
		"$root/lib/modules/kvm.ko"
	grep -q mod_unlaod "$root/lib/modules/kvm.ko" || die "could not damage kvm.ko"
fi

cp "$LAB_OUT/testvmm" "$LAB_OUT/reasons.tsv" "$root/lab/"
cp "$LAB_OUT"/payloads/*.bin "$root/lab/payloads/"
[ -x "$LAB_OUT/exitstat" ] && cp "$LAB_OUT/exitstat" "$root/lab/"
cp "$LAB_DIR"/guest/*.sh "$root/lab/guest/"
cp -r "$LAB_DIR/guest/scenarios" "$root/lab/guest/"

# QEMU and what it loads: shared libraries (at their own paths, found by
# the dynamic loader as on the host) and the firmware for -L.
add_linux_guest()
{
	qemu=$(command -v qemu-system-x86_64) || die "qemu-system-x86_64 not installed"
	mkdir -p "$root/usr/bin" "$root/lab/qemu" "$root/lab/l2"
	cp "$qemu" "$root/usr/bin/"
	ldd "$qemu" | awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' |
	while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
	for f in /usr/share/seabios/bios-256k.bin /usr/share/qemu/linuxboot_dma.bin \
		 /usr/share/qemu/kvmvapic.bin; do
		cp -L "$f" "$root/lab/qemu/"
	done
	cp "$KDIR/image/boot/vmlinuz-$KREL" "$root/lab/l2/vmlinuz"
	"$LAB_DIR/mkguest.sh" "$root/lab/l2/initrd.gz"
}
case $with in
"") ;;
linux) add_linux_guest ;;
*) die "unknown image option '$with' (linux)" ;;
esac

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
