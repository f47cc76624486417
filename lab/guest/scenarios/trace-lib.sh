# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the trace-*.sh scenarios (sourced, not a scenario): run
# exitstat's trace source and read its JSON with sed and awk (the lab has
# busybox, no jq).

ES=/lab/exitstat
VMM=/lab/testvmm
COURSE=/lab/payloads/course.bin

# trace OUT ARGS...: exitstat -s trace --json ARGS. Its JSON lines go to
# OUT, other stdout lines (a traced testvmm's) to OUT.vmm, stderr to
# OUT.err; sets $trace_status.
trace()
{
	_out=$1
	shift
	$ES -s trace --json "$@" >"$_out.all" 2>"$_out.err"
	trace_status=$?
	grep '^{' "$_out.all" >"$_out"
	grep -v '^{' "$_out.all" >"$_out.vmm"
	[ $trace_status -eq 0 ] && return 0
	diag "exitstat -s trace --json $* exited with $trace_status:"
	tail -n 5 "$_out.err" | while read -r l; do diag "  $l"; done
	return 1
}

# jtop FILE KEY: a top-level number or string of the last JSON line
jtop()
{
	tail -n 1 "$1" | sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"]*\).*/\1/p"
}

# jsum FILE KEY: a top-level number, summed over every line (intervals)
jsum()
{
	sed -n "s/.*\"$2\":\([0-9][0-9]*\).*/\1/p" "$1" |
		awk '{ s += $1 } END { print s + 0 }'
}

# jrow FILE NAME KEY: KEY of the row of reason NAME, summed over every
# line; 0 when there is no such row, and for null.
jrow()
{
	tr '{' '\n' <"$1" | awk -v n="\"name\":\"$2\"" -v k="\"$3\":" '
		index($0, n) {
			i = index($0, k)
			if (i) s += substr($0, i + length(k)) + 0
		}
		END { print s + 0 }'
}

# counts FILE: "cpuid/io/hlt" exits of the course payload's reasons
counts()
{
	echo "$(jrow "$1" cpuid count)/$(jrow "$1" io count)/$(jrow "$1" hlt count)"
}

