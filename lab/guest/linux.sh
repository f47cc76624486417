# SPDX-License-Identifier: GPL-2.0
#
# Boot a full Linux guest (the lab's Debian kernel, busybox init, exitstat)
# with QEMU under the lab's patched KVM. During the boot the VM's counters
# are sampled every 100 ms; once the guest is up it reads its own view
# (CPUID), bracketed by two host reads (debugfs) taken while the VM is
# frozen. Everything lands as artifacts named PREFIX-*.
# Sourced by scenario scripts, after lib.sh.

KVMDBG=/sys/kernel/debug/kvm

# l2_wait STEP: until the guest prints "@@L2 wait STEP" (or QEMU is gone)
l2_wait()
{
	while ! grep -q "^@@L2 wait $1" /tmp/l2.out; do
		kill -0 $qpid 2>/dev/null || return 1
		sleep 0.05
	done
}

# freeze: stop QEMU and wait until every one of its threads (the vCPUs
# among them) has stopped: the signal itself is asynchronous
freeze()
{
	kill -STOP $qpid
	while sed 's/.*) //' /proc/$qpid/task/*/stat | cut -d' ' -f1 | grep -qv T; do
		sleep 0.01
	done
}

# host_read NAME [VCPUS]: the VM's counters, read while its vCPUs are
# stopped, as JSON (NAME.json) and as a table (NAME.txt); with VCPUS, also
# each vCPU's (PREFIX-vcpuN.json), in the same freeze
host_read()
{
	freeze
	exitstat -s debugfs -p $qpid --json >"$1.json"
	exitstat -s debugfs -p $qpid >"$1.txt"
	v=0
	while [ $v -lt "${2:-0}" ]; do
		exitstat -s debugfs -p $qpid --vcpu $v --json >/tmp/$prefix-vcpu$v.json
		v=$((v + 1))
	done
	kill -CONT $qpid
}

# l2_section FROM TO: the guest's console lines between two markers
l2_section()
{
	sed -n "/^@@L2 $1/,/^@@L2 $2/p" /tmp/l2.out | sed '1d;$d' | tr -d '\r'
}

# boot_linux PREFIX VCPUS
boot_linux()
{
	prefix=$1
	rm -f /tmp/l2.in /tmp/$prefix-*
	mkfifo /tmp/l2.in
	: >/tmp/l2.out
	dmesg -c >/dev/null
	t0=$(cut -d' ' -f1 /proc/uptime)
	qemu-system-x86_64 -enable-kvm -cpu host -m 256 -smp "$2" \
		-nographic -nodefaults -no-reboot -serial stdio -L /lab/qemu \
		-kernel /lab/l2/vmlinuz -initrd /lab/l2/initrd.gz \
		-append "console=ttyS0 panic=-1 quiet" </tmp/l2.in >/tmp/l2.out 2>&1 &
	qpid=$!
	exec 4>/tmp/l2.in

	# The boot profile: per-interval deltas from the moment the VM exists.
	while ! ls -d $KVMDBG/$qpid-* >/dev/null 2>&1; do
		kill -0 $qpid 2>/dev/null || break
		sleep 0.01
	done
	exitstat -s debugfs -p $qpid -i 0.1 -n 100000 --csv \
		>/tmp/$prefix-profile.csv 2>/tmp/$prefix-profile.err &
	spid=$!

	if l2_wait before-read; then
		t1=$(cut -d' ' -f1 /proc/uptime)
		kill $spid
		host_read /tmp/$prefix-host-before
		echo >&4
		l2_wait after-read
		host_read /tmp/$prefix-host-after "$2"
		echo >&4
		l2_wait done
		echo >&4
	fi
	wait $qpid
	is "$?" 0 "$prefix: QEMU ran the Linux guest ($2 vCPU) to power-off"
	kill $spid 2>/dev/null
	diag "$prefix: boot to the guest's first read took $(echo "$t1 $t0" |
		awk '{printf "%.1f", $1 - $2}') s of lab time"

	l2_section json table >/tmp/$prefix-guest.json
	l2_section table idle >/tmp/$prefix-guest.txt
	l2_section idle "wait done" >/tmp/$prefix-idle.json
	dmesg | grep 'kvm_exit_stats' >/tmp/$prefix-dmesg.txt
	tr -d '\r' </tmp/l2.out >/tmp/$prefix-console.txt
	v=0
	while [ $v -lt "$2" ]; do
		[ -f /tmp/$prefix-vcpu$v.json ] && artifact $prefix-vcpu$v.json /tmp/$prefix-vcpu$v.json
		v=$((v + 1))
	done
	for f in guest.json guest.txt idle.json host-before.json host-after.json \
		 host-after.txt \
		 profile.csv profile.err dmesg.txt console.txt; do
		[ -f /tmp/$prefix-$f ] && artifact $prefix-$f /tmp/$prefix-$f
	done
}

# require_patched: the patched KVM's host-wide table is there
require_patched()
{
	[ -f $KVMDBG/exit_stats ] && return 0
	not_ok "patched KVM: $KVMDBG/exit_stats exists"
	return 1
}

# reload_vendor ARGS: reload kvm-amd / kvm-intel with module parameters
reload_vendor()
{
	[ $VENDOR = svm ] && m=kvm-amd || m=kvm-intel
	rmmod $m && insmod /lib/modules/$m.ko "$@"
}
