# SPDX-License-Identifier: GPL-2.0
#
# TAP helpers for scenarios running inside the lab. Lines go to fd 3 (the
# results serial port) without numbers; lab/run-scenario numbers them.

ok()
{
	echo "ok - $*" >&3
}

not_ok()
{
	echo "not ok - $*" >&3
}

diag()
{
	printf '%s\n' "$@" | sed 's/^/# /' >&3
}

skip()
{
	echo "ok - $1 # SKIP $2" >&3
}

# artifact NAME FILE: send a text file to the host; the runner saves it as
# build/lab/runs/<scenario>/artifacts/NAME.
artifact()
{
	echo "@@FILE $1" >&3
	sed 's/^/|/' "$2" >&3
	echo "@@EOF" >&3
}

# Abandon the scenario with a reason the runner shows.
bail()
{
	echo "not ok - $*" >&3
}

# is ACTUAL EXPECTED DESCRIPTION: exact comparison.
is()
{
	if [ "$1" = "$2" ]; then
		ok "$3"
		return 0
	fi
	not_ok "$3"
	diag "expected: $2" "     got: $1"
	return 1
}

# cmp_ok A OP B DESCRIPTION, OP one of test(1)'s integer operators.
cmp_ok()
{
	if [ "$1" "-$2" "$3" ] 2>/dev/null; then
		ok "$4"
		return 0
	fi
	not_ok "$4"
	diag "expected: $1 -$2 $3"
	return 1
}

# module.param=value words of the kernel command line: the kernel keeps
# them for built-in code only, so pass them to insmod as modprobe would.
module_args()
{
	for word in $(cat /proc/cmdline); do
		case $word in
		"$1".*=*) echo "${word#"$1".}" ;;
		esac
	done
}

# Load the module set of the image, in dependency order; a failure reports
# the kernel's reason.
load_kvm_modules()
{
	vendor=svm
	grep -q '^flags.* svm' /proc/cpuinfo || vendor=intel
	[ "$vendor" = svm ] && vendor_mod=kvm-amd || vendor_mod=kvm-intel
	for m in irqbypass ccp kvm $vendor_mod; do
		[ -f /lib/modules/$m.ko ] || continue
		args=$(module_args "$(echo $m | tr - _)")
		if err=$(insmod /lib/modules/$m.ko $args 2>&1); then
			continue
		fi
		not_ok "insmod $m.ko"
		diag "insmod: $err"
		dmesg | grep -E "$m|magic" | tail -n 5 | sed 's/^/dmesg: /' |
			while read -r l; do diag "$l"; done
		return 1
	done
	[ -c /dev/kvm ] || { not_ok "/dev/kvm exists after loading modules"; return 1; }
	return 0
}
