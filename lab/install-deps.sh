#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the build, the lab and the tests use, if any
# is missing. Needs root (apt-get); does nothing when all are present.
set -eu
. "$(dirname "$0")/lib.sh"

# command:package pairs
need="qemu-system-x86_64:qemu-system-x86 busybox:busybox-static cpio:cpio
xz:xz-utils prove:perl jq:jq gcc:gcc make:make ld:binutils
bc:bc flex:flex bison:bison gnuplot:gnuplot-nox
bochs-bin:bochs mcopy:mtools syslinux:syslinux script:bsdutils"
missing=
for pair in $need; do
	command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
# busybox must be the static one: it is copied into the lab image.
if command -v busybox >/dev/null 2>&1 &&
   ! file -L "$(command -v busybox)" 2>/dev/null | grep -q 'statically linked'; then
	missing="$missing busybox-static"
fi
# The Bochs lab (lab/bochs/): BIOS, VGA BIOS and the terminal display.
[ -f /usr/share/bochs/BIOS-bochs-latest ] || missing="$missing bochsbios"
[ -f /usr/share/vgabios/vgabios.bin ] || missing="$missing vgabios"
[ -f /usr/lib/x86_64-linux-gnu/bochs/plugins/libbx_term_gui.so ] || missing="$missing bochs-term"
[ -x /usr/sbin/mkfs.vfat ] || [ -x /sbin/mkfs.vfat ] || missing="$missing dosfstools"
[ -f /usr/include/libelf.h ] || missing="$missing libelf-dev"
[ -f /usr/include/openssl/ssl.h ] || missing="$missing libssl-dev"
command -v file >/dev/null 2>&1 || missing="$missing file"
[ -n "$missing" ] || exit 0

[ "$(id -u)" -eq 0 ] || die "missing packages:$missing; install them as root (apt-get install$missing)"
say "installing:$missing"
if ! apt-cache show qemu-system-x86 >/dev/null 2>&1; then
	quiet apt-get update || die "apt-get update failed"
fi
DEBIAN_FRONTEND=noninteractive quiet apt-get install -y --no-install-recommends $missing ||
	die "apt-get install$missing failed"
