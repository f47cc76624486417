#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Boot the lab under Bochs: the "bochs" flavour of lab/run-scenario, an
# emulated Intel CPU with VMX (QEMU's TCG emulates only AMD's SVM).
#
#   lab/bochs/boot.sh RUNDIR VMLINUZ INITRD MEM SMP CMDLINE CONSOLE RESULTS
#
# Boots VMLINUZ and INITRD from a SYSLINUX disk (lab/bochs/mkdisk.sh,
# cached per initramfs) with the kernel command line CMDLINE, on SMP CPUs
# with MEM MiB. COM1 (ttyS0, the console) is written to CONSOLE, COM2
# (ttyS1, the results channel) to RESULTS. Bochs's own files stay in
# RUNDIR: bochsrc, bochsout.txt (its log) and bochs-tty.log (its terminal).
# Exits with Bochs's status: 0 after the lab powered off.
#
# Made to run under timeout(1): SIGTERM, SIGINT or SIGHUP kill Bochs
# (which runs in a session of its own, on a pseudo-terminal) and exit.
# A kernel panic or a reset also stops Bochs, as QEMU's -no-reboot does:
# Bochs would otherwise boot the lab again.
set -u

say()
{
	printf 'bochs: %s\n' "$*" >&2
}

[ $# -eq 8 ] || { say "usage: $0 RUNDIR VMLINUZ INITRD MEM SMP CMDLINE CONSOLE RESULTS"; exit 2; }
dir=$1 vmlinuz=$2 initrd=$3 mem=$4 smp=$5 cmdline=$6 console=$7 results=$8
here=$(cd "$(dirname "$0")" && pwd)

# CPU model of the lab; corei7_skylake_x has VMX with EPT, VPID,
# unrestricted guest and the preemption timer.
: "${BOCHS_CPU:=corei7_skylake_x}"
# Emulated instructions per emulated second. With "clock: sync=none" the
# lab's clocks count instructions, so this is about the rate Bochs
# reaches here: the lab's seconds stay close to real ones (with Bochs's
# default of 4 million, an insmod of kvm.ko "takes" over 20 s and the
# soft-lockup watchdog barks; timeouts inside the lab would be 12x short).
: "${BOCHS_IPS:=50000000}"
BXSHARE=${BXSHARE:-/usr/share/bochs}
command -v bochs-bin >/dev/null 2>&1 || { say "bochs-bin missing; run lab/install-deps.sh"; exit 2; }
command -v script >/dev/null 2>&1 || { say "script (util-linux) missing"; exit 2; }

img=$("$here/mkdisk.sh" "$vmlinuz" "$initrd") || exit 2

# Boot-time work that costs seconds under emulation and has nothing to do
# with KVM (measured with initcall_debug, 59 s to init without these, 24 s
# with them): the crypto self-tests, the jitter entropy source, loading
# the (unused: modules are unsigned) X.509 keys, and the W+X page-table
# walks of read-only data and page-table isolation.
: "${BOCHS_BOOT_ARGS=cryptomgr.notests initcall_blacklist=jent_mod_init,crypto_kdf108_init,load_system_certificate_list rodata=off pti=off}"

# The Bochs console is a 16550 whose speed counts in emulated time: ask
# for 115200 baud. tsc=unstable keeps the kernel's clock on the HPET
# rather than Bochs's TSC. tsc_early_khz:
# the TSC counts one per emulated instruction, so its true rate is the
# ips setting; the model's nominal 3.5 GHz would make every udelay() 70
# times too long and kvm_intel disable the VMX preemption timer (too fast
# for its 32-bit counter).
args=
for word in $cmdline; do
	case $word in
	console=ttyS0) word=console=ttyS0,115200 ;;
	esac
	args="$args $word"
done
args="${args# } tsc=unstable tsc_early_khz=$((BOCHS_IPS / 1000)) $BOCHS_BOOT_ARGS"

# The scenario's disk: a copy of the cached image with its own
# syslinux.cfg (only the command line differs between scenarios).
disk=$dir/disk.img
cp --sparse=always "$img" "$disk" || exit 2
cat >"$dir/syslinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT lab
PROMPT 0
TIMEOUT 0
LABEL lab
  KERNEL vmlinuz
  INITRD initrd.gz
  APPEND $args
EOF
mcopy -o -i "$disk" "$dir/syslinux.cfg" ::syslinux.cfg || exit 2

: >"$console"
: >"$results"
cat >"$dir/bochsrc" <<EOF
# Written by lab/bochs/boot.sh. To boot this lab again by hand:
#   script -qfc 'bochs-bin -q -f bochsrc -rc bochs.rc' /dev/null
romimage: file=$BXSHARE/BIOS-bochs-latest
vgaromimage: file=$BXSHARE/VGABIOS-lgpl-latest
cpu: model=$BOCHS_CPU, count=$smp, ips=$BOCHS_IPS, reset_on_triple_fault=1
memory: guest=$mem, host=$mem
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=disk, mode=flat, path="$disk", cylinders=80, heads=16, spt=63
boot: disk
com1: enabled=1, mode=file, dev="$console"
com2: enabled=1, mode=file, dev="$results"
display_library: term
clock: sync=none, time0=local
speaker: enabled=0
mouse: enabled=0
log: $dir/bochsout.txt
panic: action=fatal
# cpu0=ignore: the kernel reads APERF/MPERF, which Bochs does not model, on
# every tick, and each read would log an error line.
error: action=report, cpu0=ignore
info: action=report
debug: action=ignore
EOF
# Bochs is built with its internal debugger: commands come from -rc
# ("c": continue), and it wants a terminal, hence script(1).
echo c >"$dir/bochs.rc"

pidfile=$dir/bochs.pid
rm -f "$pidfile"
bochs_pid=

stop()
{
	# Bochs leads its own session and process group (script's child).
	bpid=$(cat "$pidfile" 2>/dev/null)
	[ -n "$bpid" ] && kill -KILL -- "-$bpid" 2>/dev/null
	[ -n "$bochs_pid" ] && kill -KILL "$bochs_pid" 2>/dev/null
	wait 2>/dev/null
	# Killed with script, Bochs is reaped by init: wait until it is gone
	# (up to 3 s), so that no Bochs outlives this script.
	i=0
	while [ -n "$bpid" ] && [ -e "/proc/$bpid" ] && [ $i -lt 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

cleanup()
{
	rm -f "$pidfile"
}

trap 'stop; cleanup; exit 143' TERM INT HUP

script -qefc "echo \$\$ >'$pidfile'; exec bochs-bin -q -f '$dir/bochsrc' -rc '$dir/bochs.rc'" \
	/dev/null </dev/null >"$dir/bochs-tty.log" 2>&1 &
bochs_pid=$!

# Watch the console for the end of a panic and Bochs's log for a reset:
# either means the lab is over but Bochs would go on.
why=
while kill -0 "$bochs_pid" 2>/dev/null; do
	if grep -q 'end Kernel panic' "$console" 2>/dev/null; then
		why="the lab kernel panicked"
	elif [ "$(grep -c 'Reset(SOFTWARE)\|Reset(HARDWARE)' "$dir/bochsout.txt" 2>/dev/null)" \
		-gt 1 ] 2>/dev/null; then
		why="the lab machine was reset"
	fi
	if [ -n "$why" ]; then
		sleep 1
		stop
		say "stopped: $why"
		cleanup
		exit 1
	fi
	sleep 1
done
wait "$bochs_pid"
rc=$?
bochs_pid=
cleanup
# An ACPI power-off (the lab's poweroff -f) is a "panic" to Bochs.
grep -q 'ACPI control: soft power off' "$dir/bochsout.txt" 2>/dev/null && rc=0
if [ $rc -ne 0 ]; then
	say "exited with status $rc"
	grep -E '^[0-9]+[pe]\[' "$dir/bochsout.txt" 2>/dev/null | tail -n 3 >&2
fi
exit $rc
