#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Decide the lab kernel and fetch its three inputs: the newest
# linux-source-6.12 in the archive, and the linux-image / linux-headers of
# exactly the same Debian version. Headers are installed (the module build
# needs them under /usr/src); image and source are unpacked into the cache.
# Re-running skips what is already there.
set -eu
. "$(dirname "$0")/lib.sh"

SRC_PKG=linux-source-6.12

candidate()
{
	apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p'
}

installed()
{
	dpkg-query -W -f '${Status} ${Version}\n' "$1" 2>/dev/null |
		sed -n 's/^install ok installed //p'
}

DEBVER=$(candidate $SRC_PKG)
if [ -z "$DEBVER" ] || [ "$DEBVER" = "(none)" ]; then
	say "package lists have no $SRC_PKG; running apt-get update"
	quiet apt-get update || die "apt-get update failed"
	DEBVER=$(candidate $SRC_PKG)
fi
[ -n "$DEBVER" ] && [ "$DEBVER" != "(none)" ] ||
	die "$SRC_PKG is not in the package archive; check /etc/apt/sources.list"

# 6.12.117-1~deb12u1 -> 6.12.117+deb12-amd64
KREL=${DEBVER%%-*}+deb12-amd64
for pkg in linux-image-$KREL linux-headers-$KREL; do
	v=$(candidate "$pkg")
	[ "$v" = "$DEBVER" ] ||
		die "version mismatch: $SRC_PKG is $DEBVER but $pkg is '${v:-absent}'; refusing to build modules for a kernel they do not match"
done

KDIR=$EXITSTAT_CACHE/kernel-$KREL
if [ -r "$KERNEL_STAMP" ] && grep -qx "DEBVER=$DEBVER" "$KERNEL_STAMP" &&
   [ -f "$KDIR/.fetched" ] && [ "$(installed linux-headers-$KREL)" = "$DEBVER" ]; then
	exit 0
fi

say "lab kernel $KREL (Debian $DEBVER)"
if [ "$(installed linux-headers-$KREL)" != "$DEBVER" ]; then
	say "installing linux-headers-$KREL (about 1.5 min)"
	DEBIAN_FRONTEND=noninteractive quiet apt-get install -y \
		--no-install-recommends "linux-headers-$KREL=$DEBVER" ||
		die "could not install linux-headers-$KREL"
fi

mkdir -p "$KDIR/debs"
for pkg in linux-image-$KREL $SRC_PKG; do
	deb=$(ls "$KDIR/debs/${pkg}_"*.deb 2>/dev/null | head -n 1) || true
	if [ -z "$deb" ]; then
		say "downloading $pkg"
		(cd "$KDIR/debs" && quiet apt-get download "$pkg=$DEBVER") ||
			die "could not download $pkg=$DEBVER"
	fi
done

say "unpacking kernel image and source package"
rm -rf "$KDIR/image" "$KDIR/source"
dpkg-deb -x "$KDIR"/debs/linux-image-"$KREL"_*.deb "$KDIR/image"
dpkg-deb -x "$KDIR"/debs/"$SRC_PKG"_*.deb "$KDIR/source"
[ -f "$KDIR/image/boot/vmlinuz-$KREL" ] || die "no vmlinuz-$KREL in the image package"
[ -f "$KDIR/source/usr/src/$SRC_PKG.tar.xz" ] || die "no $SRC_PKG.tar.xz in the source package"
[ -d "/usr/src/linux-headers-$KREL" ] || die "headers not found in /usr/src/linux-headers-$KREL"

touch "$KDIR/.fetched"
mkdir -p "$EXITSTAT_CACHE"
printf 'KREL=%s\nDEBVER=%s\n' "$KREL" "$DEBVER" >"$KERNEL_STAMP"
say "kernel inputs ready in $KDIR"
