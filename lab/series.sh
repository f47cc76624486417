#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make series: the kernel changes as a "git am" series for the lab kernel's
# Debian source tree (kernel/mkseries.sh), in OUTDIR (default build/series).
#
#   lab/series.sh [OUTDIR]
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-$BUILD_DIR/series}
load_kernel_env
"$TOP_DIR/kernel/mkseries.sh" -p "$(pristine_tree)" -o "$out" -V "$KERNEL_NAME"
say "$(ls "$out"/*.patch | wc -l) patches for $KERNEL_NAME in $out"
