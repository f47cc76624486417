#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot the lab with the KVM modules built here and show the
# exits of a guest, per reason.
set -u
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scn=$tmp/demo.scn
cat >"$scn" <<SCN
# lab: modules = patched
# lab: run     = demo-payload 1000
# lab: timeout = 150
SCN
say "booting the lab (QEMU TCG, emulated AMD SVM) and running a guest in it"
out=$("$LAB_DIR/run-scenario" "$scn")
rc=$?
printf '%s\n' "$out" | sed -n 's/^# \{0,1\}//p'
if [ $rc -ne 0 ]; then
	printf '%s\n' "$out" | grep '^not ok' >&2
	die "the lab run failed; logs in $LAB_OUT/runs/"
fi
