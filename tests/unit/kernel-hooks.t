#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Hooks apply without fuzz, on the kernel tree in use (the lab kernel's
# Debian linux-source, build/kernel.env). For every hunk of every hook,
# the first line of its context is changed, as if the kernel around the
# hook had moved on: kernel/hook.sh refuses the hook, naming the kernel file, the hunk and the
# kernel version, and leaves the tree as it was, where GNU patch's default
# fuzz would have applied it. Then kernel/apply.sh and kernel/mkseries.sh
# with such a hook stop with that message.
#
# Needs the kernel inputs ('make lab-inputs'); SKIPs without them.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
LAB_DIR=$top/lab
. "$LAB_DIR/lib.sh"
. "$top/kernel/hook.sh"

skip_all()
{
	echo "1..0 # SKIP $*"
	exit 0
}

for tool in patch tar xz git; do
	command -v $tool >/dev/null 2>&1 || skip_all "$tool not found: apt-get install $tool"
done
[ -r "$KERNEL_STAMP" ] || skip_all "no kernel inputs: run 'make lab-inputs'"
load_kernel_env
[ -f "$KDIR/.fetched" ] || skip_all "kernel inputs of $KERNEL_NAME not fetched: run 'make lab-inputs'"
linux=$(pristine_tree) ||
	{ echo "Bail out! cannot extract the pristine tree of $KERNEL_NAME"; exit 1; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

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

diag()
{
	head -n 20 "$1" | sed 's/^/# /'
}

# hunks HOOK: "FILE INDEX" of every hunk, INDEX counted per file
hunks()
{
	awk '/^\+\+\+ b\// { f = substr($2, 3); h = 0 }
		/^@@ / { print f, ++h }' "$1"
}

# change_hunk HOOK K: HOOK with the first context line of its K-th hunk
# (counted over the whole hook) replaced by a line that is not in the
# kernel, so that the hunk's context no longer matches anywhere exactly
change_hunk()
{
	awk -v k="$2" '
		/^@@ / { h++; first = (h == k); print; next }
		first && /^ / { print " /* context changed by kernel-hooks.t */"; first = 0; next }
		first && /^[-+]/ { first = 0 }
		{ print }' "$1"
}

echo "# kernel tree: $KERNEL_NAME"
state=$tmp/state
mkdir -p "$state/arch/x86/include/uapi/asm"
cp -a "$linux/arch" "$linux/virt" "$state/"
cp "$top"/kernel/x86/*.c "$top"/kernel/x86/*.h "$state/arch/x86/kvm/"
cp "$top"/kernel/include/uapi/asm/*.h "$state/arch/x86/include/uapi/asm/"

for hook in "$top"/kernel/hooks/*.diff; do
	name=kernel/hooks/${hook##*/}
	k=0
	hunks "$hook" >"$tmp/hunks"
	while read -r file h; do
		k=$((k + 1))
		change_hunk "$hook" $k >"$tmp/changed.diff"
		if cmp -s "$hook" "$tmp/changed.diff"; then
			result not_ok "$name, $file hunk $h: has a context line to change"
			continue
		fi
		tree_manifest "$state" >"$tmp/before"
		if hook_apply "$state" "$tmp/changed.diff" "$name" "$KERNEL_NAME" \
			>"$tmp/out" 2>&1; then
			result not_ok "$name, $file hunk $h: changed context is refused"
			diag "$tmp/out"
			exit 1	# the tree is changed: nothing after this means anything
		fi
		want="hook $name does not apply to $file of $KERNEL_NAME: hunk $h, "
		tree_manifest "$state" >"$tmp/after"
		if grep -qF "$want" "$tmp/out" && cmp -s "$tmp/before" "$tmp/after"; then
			result ok "$name, $file hunk $h: changed context is refused, the tree left as it was"
		else
			result not_ok "$name, $file hunk $h: changed context is refused, the tree left as it was"
			echo "# expected a line with: $want"
			diag "$tmp/out"
		fi
		# The test bites: fuzz (GNU patch's default) would have taken it.
		if patch -d "$state" -p1 --dry-run --batch --forward \
			<"$tmp/changed.diff" >"$tmp/fuzz" 2>&1 &&
			grep -q "with fuzz" "$tmp/fuzz"; then
			result ok "$name, $file hunk $h: default fuzz would have applied it"
		else
			result not_ok "$name, $file hunk $h: default fuzz would have applied it"
			diag "$tmp/fuzz"
		fi
	done <"$tmp/hunks"
	if hook_apply "$state" "$hook" "$name" "$KERNEL_NAME" >"$tmp/out" 2>&1; then
		result ok "$name applies as it is"
	else
		result not_ok "$name applies as it is"
		diag "$tmp/out"
		exit 1
	fi
done

# The same refusal through kernel/apply.sh and kernel/mkseries.sh: a copy
# of kernel/ whose VMX hook has the context of its vmx_handle_exit() hunk
# changed (the hook that fuzz once put below the bus-lock early return).
cp -a "$top/kernel" "$tmp/kernel"
hook=$top/kernel/hooks/3-vmx.diff
k=$(awk '/^@@ / { k++ } /^@@ .*vmx_handle_exit\(/ { print k; exit }' "$hook")
target=$(hunks "$hook" | sed -n "${k:-0}p")
change_hunk "$hook" "${k:-0}" >"$tmp/kernel/hooks/3-vmx.diff"
file=${target% *}
h=${target##* }
want="apply.sh: hook kernel/hooks/3-vmx.diff does not apply to $file of $KERNEL_NAME: hunk $h, "
mkdir -p "$tmp/tree"
cp -a "$linux/arch" "$linux/virt" "$tmp/tree/"
"$tmp/kernel/apply.sh" -V "$KERNEL_NAME" "$tmp/tree" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -qF "$want" "$tmp/out"; then
	result ok "apply.sh stops with status 1, naming the hook, $file hunk $h and $KERNEL_NAME"
else
	result not_ok "apply.sh stops with status 1, naming the hook, $file hunk $h and $KERNEL_NAME (status $rc)"
	echo "# expected a line with: $want"
	diag "$tmp/out"
fi

HOME=$tmp XDG_CONFIG_HOME=$tmp GIT_CONFIG_NOSYSTEM=1 \
	"$tmp/kernel/mkseries.sh" -p "$linux" -o "$tmp/series" -V "$KERNEL_NAME" \
	>"$tmp/out" 2>&1
rc=$?
want="mkseries.sh: hook kernel/hooks/3-vmx.diff does not apply to $file of $KERNEL_NAME: hunk $h, "
if [ $rc -eq 1 ] && grep -qF "$want" "$tmp/out" && ! ls "$tmp"/series/*.patch >/dev/null 2>&1; then
	result ok "mkseries.sh stops with status 1 and writes no series"
else
	result not_ok "mkseries.sh stops with status 1 and writes no series (status $rc)"
	diag "$tmp/out"
fi

echo "1..$n"
[ $failed -eq 0 ]
