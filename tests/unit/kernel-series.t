#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel patch series (kernel/series/) is up to date with the sources
# (kernel/mkseries.sh gives the same files), applies with "git am" to the
# pristine Debian tree, gives the same tree as kernel/apply.sh, and every
# patch passes scripts/checkpatch.pl --strict.
#
# Needs the linux-source-6.12 tarball that 'make lab-inputs' fetches: it
# extracts arch/x86/kvm, virt/kvm and checkpatch (with its data files)
# into the cache once. SKIPs when the tarball or a tool is missing.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${EXITSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/exitstat}

skip_all()
{
	echo "1..0 # SKIP $*"
	exit 0
}

for tool in git patch perl tar xz; do
	command -v $tool >/dev/null 2>&1 || skip_all "$tool not found: apt-get install $tool"
done
[ -r "$cache/kernel.env" ] || skip_all "no kernel inputs in $cache: run 'make lab-inputs'"
. "$cache/kernel.env"
tarball=$cache/kernel-$KREL/source/usr/src/linux-source-6.12.tar.xz
[ -f "$tarball" ] || skip_all "no $tarball: run 'make lab-inputs'"

# Pristine files and checkpatch, extracted once.
src=$cache/kernel-$KREL/series-check
linux=$src/linux-source-6.12
if [ ! -f "$src/.extracted" ]; then
	rm -rf "$src"
	mkdir -p "$src"
	if ! tar -xJf "$tarball" -C "$src" --wildcards \
		'linux-source-6.12/arch/x86/kvm/*' 'linux-source-6.12/virt/kvm/*' \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch; then
		echo "Bail out! cannot extract from $tarball"
		exit 1
	fi
	touch "$src/.extracted"
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# git without the user's configuration, as kernel/mkseries.sh runs it
export HOME="$tmp" XDG_CONFIG_HOME="$tmp" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@exitstat.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@exitstat.invalid

patches=$(ls "$top"/kernel/series/*.patch 2>/dev/null)
npatches=$(echo "$patches" | grep -c . )
echo "1..$((4 + npatches))"

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

if [ "$npatches" -ge 3 ] && [ "$npatches" -le 5 ]; then
	result ok "kernel/series has 3 to 5 patches ($npatches)"
else
	result not_ok "kernel/series has 3 to 5 patches ($npatches)"
fi

if "$top/kernel/mkseries.sh" -p "$linux" -o "$tmp/series" >"$tmp/log" 2>&1 &&
	diff -ru "$top/kernel/series" "$tmp/series" >"$tmp/diff" 2>&1; then
	result ok "kernel/series is what kernel/mkseries.sh generates from the sources"
else
	result not_ok "kernel/series is what kernel/mkseries.sh generates from the sources"
	echo "# run kernel/mkseries.sh and commit kernel/series"
	diag "$tmp/log"
	diag "$tmp/diff"
fi

mkdir -p "$tmp/am" "$tmp/apply"
cp -a "$linux/arch" "$linux/virt" "$tmp/am/"
cp -a "$linux/arch" "$linux/virt" "$tmp/apply/"
if git -C "$tmp/am" init -q && git -C "$tmp/am" add -A &&
	git -C "$tmp/am" commit -q -m pristine &&
	# shellcheck disable=SC2086 # one argument per patch file
	git -C "$tmp/am" am -q $patches >"$tmp/log" 2>&1; then
	result ok "git am applies the series to the pristine tree"
else
	result not_ok "git am applies the series to the pristine tree"
	diag "$tmp/log"
fi

if "$top/kernel/apply.sh" "$tmp/apply" >"$tmp/log" 2>&1 &&
	diff -ru -x .git "$tmp/am" "$tmp/apply" >"$tmp/diff" 2>&1; then
	result ok "the series gives the same tree as kernel/apply.sh"
else
	result not_ok "the series gives the same tree as kernel/apply.sh"
	diag "$tmp/log"
	diag "$tmp/diff"
fi

# FILE_PATH_CHANGES asks whether MAINTAINERS needs updating for new files:
# it does not, "KERNEL VIRTUAL MACHINE FOR X86" covers arch/x86/kvm/ and
# arch/x86/include/uapi/asm/kvm*.
for p in $patches; do
	name=$(basename "$p")
	if perl "$linux/scripts/checkpatch.pl" --strict --no-tree \
		--ignore FILE_PATH_CHANGES "$p" >"$tmp/log" 2>&1 &&
		grep -q 'total: 0 errors, 0 warnings, 0 checks' "$tmp/log"; then
		result ok "checkpatch --strict: $name"
	else
		result not_ok "checkpatch --strict: $name"
		diag "$tmp/log"
	fi
done

[ $failed -eq 0 ]
