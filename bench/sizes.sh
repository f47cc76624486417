#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Memory of the exit statistics, from compiled code only:
#
#   bench/sizes.sh [KVM_MODULE_DIR]
#
# - the structures, compiled by kbuild against the lab kernel's headers
#   (bench/sizes.c to assembly; nothing linked, nothing loaded):
#	size NAME BYTES
# - the static objects of the patched kvm.ko (from lab/build-kvm.sh
#   patched, or KVM_MODULE_DIR), by their symbol sizes:
#	host_data BYTES		writable data and bss of exit statistics
#	host_rodata BYTES	their read-only tables (names and the like)
set -eu
. "$(dirname "$0")/../lab/lib.sh"
LAB_DIR=$TOP_DIR/lab

load_kernel_env
[ -d "$KHEADERS" ] || die "$KHEADERS missing; run make lab-inputs"
moddir=${1:-$("$LAB_DIR/build-kvm.sh" patched)}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$TOP_DIR/bench/sizes.c" "$tmp/"
cat >"$tmp/Kbuild" <<EOF
obj-m := sizes.o
ccflags-y := -I$TOP_DIR/kernel/x86 -I$TOP_DIR/kernel/include/uapi
EOF
if ! make -s -C "$KHEADERS" M="$tmp" sizes.s >"$tmp/log" 2>&1; then
	cat "$tmp/log" >&2
	die "kbuild could not compile bench/sizes.c"
fi
sed -n 's/.*"->\([a-z_]*\) \([0-9]*\)".*/\1 \2/p' "$tmp/sizes.s" |
while read -r name val; do
	case $name in
	slots) echo "slots $val" ;;
	*) echo "size $name $val" ;;
	esac
done

nm -S "$moddir/kvm.ko" | awk '
	$4 ~ /^kvm_exit_stats_/ && NF == 4 {
		n = strtonum_hex($2)
		if ($3 ~ /^[bBdD]$/) data += n
		else if ($3 ~ /^[rR]$/) ro += n
	}
	function strtonum_hex(s,   i, c, v) {
		v = 0
		s = tolower(s)
		for (i = 1; i <= length(s); i++) {
			c = index("0123456789abcdef", substr(s, i, 1)) - 1
			v = v * 16 + c
		}
		return v
	}
	END { print "host_data", data + 0; print "host_rodata", ro + 0 }'
