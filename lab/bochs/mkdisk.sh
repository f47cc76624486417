#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The boot disk of the Bochs flavour: a FAT16 image with SYSLINUX, the lab
# kernel and one initramfs.
#
#   lab/bochs/mkdisk.sh VMLINUZ INITRD
#
# Prints the image's path. The image is cached beside the initramfs, in
# bochs/NAME.img, and rebuilt only when the kernel, the initramfs or this
# script changed (a key over their contents, as lab-images repacks the
# initramfs every time). Its syslinux.cfg is a placeholder: lab/bochs/boot.sh
# boots a copy with the scenario's own syslinux.cfg.
set -eu

die()
{
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

vmlinuz=${1:-}
initrd=${2:-}
if [ ! -f "$vmlinuz" ] || [ ! -f "$initrd" ]; then
	die "usage: $0 VMLINUZ INITRD"
fi
PATH=$PATH:/usr/sbin:/sbin	# mkfs.vfat
for c in mkfs.vfat syslinux mcopy; do
	command -v $c >/dev/null 2>&1 || die "$c missing; run lab/install-deps.sh"
done

# 80 cylinders x 16 heads x 63 sectors of 512 bytes: the geometry the
# bochsrc declares for ata0-master (lab/bochs/boot.sh).
CYLS=80 HEADS=16 SPT=63

cache=$(cd "$(dirname "$initrd")" && pwd)/bochs
name=$(basename "$initrd"); name=${name%%.*}
img=$cache/$name.img
key=$({ cat "$0"; sha256sum <"$vmlinuz"; sha256sum <"$initrd"; } | sha256sum | cut -c1-16)
if [ -f "$img" ] && [ "$(cat "$img.key" 2>/dev/null)" = "$key" ]; then
	echo "$img"
	exit 0
fi

mkdir -p "$cache"
tmp=$img.tmp.$$
trap 'rm -f "$tmp"' EXIT
rm -f "$tmp"
mkfs.vfat -F 16 -C --mbr=n --invariant -n EXITSTAT -g $HEADS/$SPT \
	"$tmp" $((CYLS * HEADS * SPT / 2)) >/dev/null
syslinux --install "$tmp"
printf 'DEFAULT lab\nLABEL lab\n  KERNEL vmlinuz\n' >"$tmp.cfg"
mcopy -i "$tmp" "$vmlinuz" ::vmlinuz
mcopy -i "$tmp" "$initrd" ::initrd.gz
mcopy -i "$tmp" "$tmp.cfg" ::syslinux.cfg
rm -f "$tmp.cfg"
# The image goes first: a crash before the key is written leaves an old
# key, so the next run rebuilds.
rm -f "$img.key"
mv "$tmp" "$img"
echo "$key" >"$img.key"
echo "$img"
