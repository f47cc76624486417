# SPDX-License-Identifier: GPL-2.0
#
# Applying a hook (kernel/hooks/*.diff) to a kernel tree, shared by
# kernel/apply.sh and kernel/mkseries.sh. Sourced, never run.
#
# A hook applies exactly or not at all: without fuzz (every context line
# must match; only line numbers may move), and nothing is changed unless
# every hunk of it applies. Fuzz would "apply" a hook whose context has
# changed wherever the remaining lines fit, e.g. a VMX hook below an early
# return, and nothing would say so.

# hook_apply TREE HOOK NAME VERSION: apply HOOK to TREE; else tell on stderr
# which kernel file and hunk refused it (NAME is the hook's name, VERSION
# the kernel's, for that message) and return 1, TREE unchanged.
hook_apply()
{
	_out=$(patch -d "$1" -p1 --fuzz=0 --forward --batch --dry-run \
		<"$2" 2>&1) ||
	{
		printf '%s\n' "$_out" | awk -v name="$3" -v version="$4" -v prog="${0##*/}: " '
			# The hook itself first: the header of each hunk, per file.
			FNR == NR {
				if (/^\+\+\+ b\//) { f = substr($2, 3); h = 0 }
				else if (/^@@ /) head[f, ++h] = $0
				next
			}
			/^checking file / { file = substr($0, 15) }
			/^\|\+\+\+ b\// { file = substr($2, 3) }
			/^Hunk #[0-9]+ FAILED/ {
				h = substr($2, 2)
				printf "%shook %s does not apply to %s of %s: hunk %d, %s\n", prog,
					name, file, version, h, head[file, h]
				n++
			}
			/^Reversed \(or previously applied\) patch detected/ {
				printf "%shook %s is already applied to %s of %s\n", prog,
					name, file, version
				n++
			}
			/^No file to patch/ {
				printf "%shook %s does not apply: %s has no %s\n", prog,
					name, version, file
				n++
			}
			END {
				if (!n)
					printf "%shook %s does not apply to %s\n", prog, name, version
				print prog "(hooks apply without fuzz: one whose context no longer matches the kernel must be remade for it)"
			}' "$2" - >&2
		return 1
	}
	patch -d "$1" -p1 --fuzz=0 --forward --batch --silent <"$2" >&2
}
