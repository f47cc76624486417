#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Generate the exit statistics as a patch series that "git am" applies to
# a pristine kernel tree (the Debian linux-source tree the lab uses: "make
# series" writes it to build/series/ for that kernel).
#
#   kernel/mkseries.sh -p PRISTINE -o OUTDIR [-V VERSION]
#
# PRISTINE holds the unmodified arch/x86/kvm and virt/kvm; VERSION names
# its kernel in messages. A throwaway git repository is made of the
# pristine files, then one commit per kernel/commits/NNNN-*.txt: its
# "Files:" are copied in (x86/* to arch/x86/kvm, include/uapi/asm/* to
# arch/x86/include/uapi/asm) and its "Hooks:" applied without fuzz
# (kernel/hook.sh), and the commits are written out with git format-patch.
# Dates and identities are fixed, so that the same sources and the same
# pristine tree always give the same series; another kernel version gives
# other line numbers and index lines, which is why no copy is kept.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/hook.sh"
out=
pristine=
version="the pristine tree"

usage()
{
	echo "usage: $0 -p PRISTINE -o OUTDIR [-V VERSION]" >&2
	exit 2
}

while getopts p:o:V: opt; do
	case $opt in
	p) pristine=$OPTARG ;;
	o) out=$OPTARG ;;
	V) version=$OPTARG ;;
	*) usage ;;
	esac
done
[ -n "$pristine" ] && [ -n "$out" ] || usage

die()
{
	echo "mkseries.sh: $*" >&2
	exit 1
}

[ -d "$pristine/arch/x86/kvm" ] && [ -d "$pristine/virt/kvm" ] ||
	die "$pristine has no arch/x86/kvm and virt/kvm"

ident_name="exitstat maintainers"
ident_email="maintainers@exitstat.invalid"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A git of its own: no user or system configuration may change the output.
export HOME="$work" XDG_CONFIG_HOME="$work" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="$ident_name" GIT_AUTHOR_EMAIL="$ident_email"
export GIT_COMMITTER_NAME="$ident_name" GIT_COMMITTER_EMAIL="$ident_email"
export GIT_AUTHOR_DATE="2025-11-21T12:00:00+0000"
export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"

repo=$work/linux
mkdir -p "$repo"
cp -a "$pristine/arch" "$pristine/virt" "$repo/"
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" commit -q -m "pristine arch/x86/kvm and virt/kvm"

# field NAME FILE: the value of a "Name:" header line of a commit file
field()
{
	sed -n "/^\$/q; s/^$1: *//p" "$2"
}

install_file()
{
	case $1 in
	x86/*) dest=arch/x86/kvm/${1#x86/} ;;
	include/uapi/asm/*) dest=arch/x86/include/uapi/asm/${1#include/uapi/asm/} ;;
	*) die "no place for $1" ;;
	esac
	mkdir -p "$repo/$(dirname "$dest")"
	cp "$here/$1" "$repo/$dest"
}

n=0
for c in "$here"/commits/*.txt; do
	subject=$(field Subject "$c")
	[ -n "$subject" ] || die "$c has no Subject:"
	for f in $(field Files "$c"); do
		install_file "$f"
	done
	for h in $(field Hooks "$c"); do
		hook_apply "$repo" "$here/$h" "kernel/$h" "$version" || exit 1
	done
	{
		echo "$subject"
		echo
		sed '1,/^$/d' "$c"
		echo
		echo "Signed-off-by: $ident_name <$ident_email>"
	} >"$work/msg"
	git -C "$repo" add -A
	git -C "$repo" commit -q -F "$work/msg"
	n=$((n + 1))
done

mkdir -p "$out"
rm -f "$out"/*.patch
git -C "$repo" format-patch -q --no-signature --zero-commit -o "$out" "HEAD~$n"
