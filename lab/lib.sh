# SPDX-License-Identifier: GPL-2.0
# Shared settings of the lab scripts: where the cache lives, how to report.
# Sourced, never run.

: "${EXITSTAT_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/exitstat}"
LAB_DIR=$(cd "$(dirname "$0")" && pwd)
TOP_DIR=$(cd "$LAB_DIR/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$TOP_DIR/build}
LAB_OUT=${LAB_OUT:-$BUILD_DIR/lab}

# The kernel the lab runs is decided once, by lab/kernel-inputs.sh, and
# recorded here; every other step reads it instead of deciding again.
KERNEL_STAMP=$EXITSTAT_CACHE/kernel.env

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
	KDIR=$EXITSTAT_CACHE/kernel-$KREL
	KHEADERS=/usr/src/linux-headers-$KREL
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
