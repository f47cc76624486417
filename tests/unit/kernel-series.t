#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel changes as a patch series, on the kernel tree in use (the lab
# kernel's Debian linux-source, build/kernel.env): kernel/mkseries.sh
# generates it, "git am" applies it to the pristine tree, the result is the
# tree that kernel/apply.sh makes, the patched modules of the lab are built
# from exactly that tree, and every patch passes checkpatch.pl --strict.
#
# Needs the kernel inputs ('make lab-inputs'); SKIPs without them or a tool.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
LAB_DIR=$top/lab
. "$LAB_DIR/lib.sh"

skip_all()
{
	echo "1..0 # SKIP $*"
	exit 0
}

for tool in git patch perl tar xz make; do
	command -v $tool >/dev/null 2>&1 || skip_all "$tool not found: apt-get install $tool"
done
[ -r "$KERNEL_STAMP" ] || skip_all "no kernel inputs: run 'make lab-inputs'"
load_kernel_env
[ -f "$KDIR/.fetched" ] || skip_all "kernel inputs of $KERNEL_NAME not fetched: run 'make lab-inputs'"
linux=$(pristine_tree) || { echo "Bail out! cannot extract the pristine tree of $KERNEL_NAME"; exit 1; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# git without the user's configuration, as kernel/mkseries.sh runs it;
# the cache stays where it was
export EXITSTAT_CACHE
export HOME="$tmp" XDG_CONFIG_HOME="$tmp" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@exitstat.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@exitstat.invalid

ncommits=$(ls "$top"/kernel/commits/*.txt | wc -l)
echo "1..$((4 + ncommits))"
echo "# kernel tree: $KERNEL_NAME"

n=0
failed=0
result()
{
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# diag FILE: at most 30 lines of FILE as TAP comments
diag()
{
	head -n 30 "$1" | sed 's/^/# /'
}

if "$top/kernel/mkseries.sh" -p "$linux" -o "$tmp/series" -V "$KERNEL_NAME" \
	>"$tmp/log" 2>&1; then
	patches=$(ls "$tmp"/series/*.patch)
	result ok "kernel/mkseries.sh generates $(echo "$patches" | wc -l) patches for $KERNEL_NAME"
else
	patches=
	result not_ok "kernel/mkseries.sh generates the series for $KERNEL_NAME"
	diag "$tmp/log"
fi

mkdir -p "$tmp/am" "$tmp/apply"
cp -a "$linux/arch" "$linux/virt" "$tmp/am/"
cp -a "$linux/arch" "$linux/virt" "$tmp/apply/"
if [ -n "$patches" ] && git -C "$tmp/am" init -q && git -C "$tmp/am" add -A &&
	git -C "$tmp/am" commit -q -m pristine &&
	# shellcheck disable=SC2086 # one argument per patch file
	git -C "$tmp/am" am -q $patches >"$tmp/log" 2>&1; then
	result ok "git am applies the $ncommits patches to the pristine tree"
else
	result not_ok "git am applies the $ncommits patches to the pristine tree"
	diag "$tmp/log"
fi
rm -rf "$tmp/am/.git"

if "$top/kernel/apply.sh" -V "$KERNEL_NAME" "$tmp/apply" >"$tmp/log" 2>&1 &&
	diff -ru "$tmp/am" "$tmp/apply" >"$tmp/diff" 2>&1; then
	result ok "the series gives the same tree as kernel/apply.sh"
else
	result not_ok "the series gives the same tree as kernel/apply.sh"
	diag "$tmp/log"
	diag "$tmp/diff"
fi

# The lab's patched modules (built now unless the cache has them) record
# the manifest of the tree they were built from.
if mods=$("$LAB_DIR/build-kvm.sh" patched 2>"$tmp/log") &&
	tree_manifest "$tmp/am" >"$tmp/am.sha256" &&
	diff "$tmp/am.sha256" "$mods/source.sha256" >"$tmp/diff" 2>&1; then
	result ok "the patched modules are built from the tree of the series ($(wc -l <"$tmp/am.sha256") files)"
else
	result not_ok "the patched modules are built from the tree of the series"
	diag "$tmp/log"
	diag "$tmp/diff"
fi

# FILE_PATH_CHANGES asks whether MAINTAINERS needs updating for new files:
# it does not, "KERNEL VIRTUAL MACHINE FOR X86" covers arch/x86/kvm/ and
# arch/x86/include/uapi/asm/kvm*.
i=0
for c in "$top"/kernel/commits/*.txt; do
	i=$((i + 1))
	p=$(echo "$patches" | sed -n "${i}p")
	name=$(basename "${p:-$c}")
	if [ -n "$p" ] &&
		perl "$linux/scripts/checkpatch.pl" --strict --no-tree \
		--ignore FILE_PATH_CHANGES "$p" >"$tmp/log" 2>&1 &&
		grep -q 'total: 0 errors, 0 warnings, 0 checks' "$tmp/log"; then
		result ok "checkpatch --strict: $name"
	else
		result not_ok "checkpatch --strict: $name"
		diag "$tmp/log"
	fi
done

[ $failed -eq 0 ]
