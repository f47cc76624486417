#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Decide the lab kernel and fetch its three inputs: a linux-source-6.12 of
# the archive, and the linux-image / linux-headers of exactly the same
# Debian version. Headers are installed (the module build needs them under
# /usr/src); image and source are unpacked into the cache, one directory
# per Debian version. Re-running skips what is already there.
#
# The version is the newest linux-source-6.12 that the archive has, unless
# EXITSTAT_KERNEL names one (e.g. EXITSTAT_KERNEL=6.12.117-1~deb12u1): the
# archive keeps several, and the lab can be pinned to any of them. The
# choice is recorded in build/kernel.env for every later step.
set -eu
. "$(dirname "$0")/lib.sh"

candidate()
{
	apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p'
}

# versions PKG: every version of PKG that the package lists know
versions()
{
	apt-cache madison "$1" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }'
}

installed()
{
	dpkg-query -W -f '${Status} ${Version}\n' "$1" 2>/dev/null |
		sed -n 's/^install ok installed //p'
}

# decide: set DEBVER, from EXITSTAT_KERNEL or the newest in the lists
decide()
{
	if [ -n "${EXITSTAT_KERNEL:-}" ]; then
		DEBVER=
		if versions $SRC_PKG | grep -qxF "$EXITSTAT_KERNEL"; then
			DEBVER=$EXITSTAT_KERNEL
		fi
	else
		DEBVER=$(candidate $SRC_PKG)
		if [ "$DEBVER" = "(none)" ]; then
			DEBVER=
		fi
	fi
}

# krel VERSION: the kernel release of a Debian version of linux-source-6.12
# (6.12.117-1~deb12u1 -> 6.12.117+deb12-amd64)
krel()
{
	echo "${1%%-*}+deb12-amd64"
}

# matching: image and headers exist at exactly DEBVER
matching()
{
	for pkg in linux-image-$(krel "$DEBVER") linux-headers-$(krel "$DEBVER"); do
		versions "$pkg" | grep -qxF "$DEBVER" || return 1
	done
}

if [ -n "${EXITSTAT_KERNEL:-}" ]; then
	case $EXITSTAT_KERNEL in
	6.12.[0-9]*-*) ;;
	*) die "EXITSTAT_KERNEL=$EXITSTAT_KERNEL is not a Debian version of $SRC_PKG (e.g. 6.12.117-1~deb12u1)" ;;
	esac
fi

# The package lists may be older than the archive: they are refreshed once
# when they lack the version asked for or its image and headers.
decide
if [ -z "$DEBVER" ] || ! matching; then
	say "refreshing the package lists (apt-get update)"
	quiet apt-get update || die "apt-get update failed"
	decide
fi
if [ -z "$DEBVER" ]; then
	[ -n "${EXITSTAT_KERNEL:-}" ] ||
		die "$SRC_PKG is not in the package archive; check /etc/apt/sources.list"
	die "the archive has no $SRC_PKG $EXITSTAT_KERNEL; it has: $(versions $SRC_PKG | paste -sd ' ')"
fi
KREL=$(krel "$DEBVER")
for pkg in linux-image-$KREL linux-headers-$KREL; do
	versions "$pkg" | grep -qxF "$DEBVER" ||
		die "version mismatch: $SRC_PKG is $DEBVER but $pkg has only '$(versions "$pkg" | paste -sd ' ')'; refusing to build modules for a kernel they do not match"
done

KDIR=$EXITSTAT_CACHE/kernel-$DEBVER
if [ -f "$KDIR/.fetched" ] && [ "$(installed linux-headers-$KREL)" = "$DEBVER" ]; then
	mkdir -p "$BUILD_DIR"
	printf 'KREL=%s\nDEBVER=%s\n' "$KREL" "$DEBVER" >"$KERNEL_STAMP"
	exit 0
fi

say "lab kernel $KREL (Debian $DEBVER)"
if [ "$(installed linux-headers-$KREL)" != "$DEBVER" ]; then
	say "installing linux-headers-$KREL $DEBVER (about 1.5 min)"
	DEBIAN_FRONTEND=noninteractive quiet apt-get install -y \
		--no-install-recommends --allow-downgrades \
		"linux-headers-$KREL=$DEBVER" ||
		die "could not install linux-headers-$KREL=$DEBVER"
fi

mkdir -p "$KDIR/debs"
for pkg in linux-image-$KREL $SRC_PKG; do
	deb=$(ls "$KDIR/debs/${pkg}_"*.deb 2>/dev/null | head -n 1) || true
	if [ -z "$deb" ]; then
		say "downloading $pkg $DEBVER"
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
mkdir -p "$BUILD_DIR"
printf 'KREL=%s\nDEBVER=%s\n' "$KREL" "$DEBVER" >"$KERNEL_STAMP"
say "kernel inputs ready in $KDIR"
