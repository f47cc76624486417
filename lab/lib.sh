# SPDX-License-Identifier: GPL-2.0
# Shared settings of the lab scripts: where the cache lives, how to report.
# Sourced, never run.

: "${EXITSTAT_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/exitstat}"
# The top of the tree: the first directory above the calling script that
# holds lab/lib.sh (a sourced file cannot know its own path).
_top=$(cd "$(dirname "$0")" && pwd)
while [ "$_top" != / ] && [ ! -f "$_top/lab/lib.sh" ]; do
	_top=$(dirname "$_top")
done
TOP_DIR=$_top
LAB_DIR=$TOP_DIR/lab
BUILD_DIR=${BUILD_DIR:-$TOP_DIR/build}
LAB_OUT=${LAB_OUT:-$BUILD_DIR/lab}

# The kernel the lab runs is decided once per tree, by lab/kernel-inputs.sh,
# and recorded here; every other step reads it instead of deciding again.
# Downloads and builds of every kernel stay in the cache, which several
# trees may share.
KERNEL_STAMP=$BUILD_DIR/kernel.env

# The Debian source package of the lab kernel.
SRC_PKG=linux-source-6.12

say()
{
	printf '%s: %s\n' "${0##*/}" "$*" >&2
}

die()
{
	say "error: $*"
	exit 1
}

# Load KREL (e.g. 6.12.117+deb12-amd64) and DEBVER (the Debian version
# shared by image, headers and source) as fetched.
load_kernel_env()
{
	[ -r "$KERNEL_STAMP" ] ||
		die "kernel inputs not fetched yet; run lab/kernel-inputs.sh (or make lab-inputs)"
	. "$KERNEL_STAMP"
	KDIR=$EXITSTAT_CACHE/kernel-$DEBVER
	KHEADERS=/usr/src/linux-headers-$KREL
	KERNEL_NAME="Debian $SRC_PKG $DEBVER"
}

# pristine_tree: print the directory holding the lab kernel's unmodified
# arch/x86/kvm and virt/kvm, and checkpatch with its data files, as in its
# linux-source tarball; they are extracted into the cache once.
pristine_tree()
{
	_top=$KDIR/src/$SRC_PKG
	mkdir -p "$KDIR/src"
	(
		flock 8
		[ -f "$_top/.pristine" ] && exit 0
		say "extracting arch/x86/kvm, virt/kvm and checkpatch from $SRC_PKG.tar.xz"
		rm -rf "$_top"
		tar -xJf "$KDIR/source/usr/src/$SRC_PKG.tar.xz" -C "$KDIR/src" \
			--wildcards "$SRC_PKG/arch/x86/kvm/*" "$SRC_PKG/virt/kvm/*" \
			"$SRC_PKG/scripts/checkpatch.pl" "$SRC_PKG/scripts/spelling.txt" \
			"$SRC_PKG/scripts/const_structs.checkpatch" &&
			touch "$_top/.pristine"
	) 8>"$KDIR/.lock-extract" || die "cannot extract from $KDIR/source/usr/src/$SRC_PKG.tar.xz"
	echo "$_top"
}

# tree_manifest DIR: a checksum line per file under DIR/arch and DIR/virt,
# paths relative to DIR: two trees are the same if their manifests are
tree_manifest()
{
	(cd "$1" && find arch virt -type f | LC_ALL=C sort | xargs sha256sum)
}

# Run "$@" quietly, showing its log tail when it fails.
quiet()
{
	_log=$(mktemp)
	"$@" >"$_log" 2>&1
	_rc=$?
	[ $_rc -eq 0 ] || tail -n 30 "$_log" >&2
	rm -f "$_log"
	return $_rc
}
