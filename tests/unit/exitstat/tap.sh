# SPDX-License-Identifier: GPL-2.0
# tap.sh: TAP helpers for the exitstat-*.t shell tests (sourced, POSIX sh).
# The plan is printed at the end by tap_done.  Sets EXITSTAT, TESTS_OUT
# and FIXTURES; run from the repository top.

EXITSTAT_OUT=${EXITSTAT_OUT:-build/lab}
TESTS_OUT=${TESTS_OUT:-build/tests}
EXITSTAT=$EXITSTAT_OUT/exitstat
FIXTURES=tests/unit/exitstat

tap_n=0
tap_failed=0

# need FILE...: bail out unless the programs were built
need()
{
	for f in "$@"; do
		if [ ! -x "$f" ]; then
			echo "Bail out! $f missing: run 'make $EXITSTAT_OUT/exitstat exitstat-tests' from the repository top first"
			exit 1
		fi
	done
}

pass()
{
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

fail()
{
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
}

skip()
{
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# is GOT WANT DESC
is()
{
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
	fi
}

# same_file GOT WANT DESC: exact text, a diff (want -> got) when not
same_file()
{
	if cmp -s "$1" "$2"; then
		pass "$3"
	else
		fail "$3"
		diff -u "$2" "$1" | sed 's/^/#   /'
	fi
}

# contains FILE TEXT DESC: TEXT is a fixed string found in FILE
contains()
{
	if grep -qF -- "$2" "$1"; then
		pass "$3"
	else
		fail "$3"
		echo "#   want a line with: $2"
		sed 's/^/#   got: /' "$1"
	fi
}

# matches FILE ERE DESC: a line of FILE matches the extended regex ERE
matches()
{
	if grep -qE -- "$2" "$1"; then
		pass "$3"
	else
		fail "$3"
		echo "#   want a line matching: $2"
		sed 's/^/#   got: /' "$1"
	fi
}

tap_done()
{
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
