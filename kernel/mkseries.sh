#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Generate kernel/series/, the exit statistics as a patch series that
# "git am" applies to the Debian linux-source-6.12 tree.
#
#   kernel/mkseries.sh [-p PRISTINE] [-o OUTDIR]
#
# PRISTINE holds the unmodified arch/x86/kvm and virt/kvm (default: the
# tree that lab/build-kvm.sh extracts into the cache); OUTDIR defaults to
# kernel/series. A throwaway git repository is made of the pristine files,
# then one commit per kernel/commits/NNNN-*.txt: its "Files:" are copied
# in (x86/* to arch/x86/kvm, include/uapi/asm/* to
# arch/x86/include/uapi/asm) and its "Hooks:" applied, and the commits
# are written out with git format-patch. Dates and identities are fixed,
# so that the same sources always give the same series.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$here/series
pristine=

while getopts p:o: opt; do
	case $opt in
	p) pristine=$OPTARG ;;
	o) out=$OPTARG ;;
	*) echo "usage: $0 [-p PRISTINE] [-o OUTDIR]" >&2; exit 2 ;;
	esac
done

die()
{
	echo "mkseries.sh: $*" >&2
	exit 1
}

if [ -z "$pristine" ]; then
	cache=${EXITSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/exitstat}
	[ -r "$cache/kernel.env" ] ||
		die "no kernel inputs in $cache; run make lab-inputs, or pass -p"
	. "$cache/kernel.env"
	pristine=$cache/kernel-$KREL/src/linux-source-6.12
	[ -f "$pristine/.extracted" ] ||
		die "$pristine not extracted; run lab/build-kvm.sh stock, or pass -p"
fi
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
		patch -d "$repo" -p1 -s --forward --no-backup-if-mismatch \
			<"$here/$h" || die "$h does not apply"
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
