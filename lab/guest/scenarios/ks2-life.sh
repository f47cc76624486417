# SPDX-License-Identifier: GPL-2.0
#
# VM and module life cycles: 100 VMs created, run and destroyed one after
# the other (testvmm -r 100) leave exactly their exits in the host-wide
# table, reason by reason; unloading and reloading the modules works
# again and again, the vendor module keeping kvm.ko's totals, kvm.ko
# starting from zero.
#
# Keepers (ks-lib.sh) hold two idle VMs around the -r 100 runs, so that
# the 100 creations and destructions do not flip the static keys that
# the first VM and the last one flip (preempt notifiers in __schedule,
# KVM's LAPIC keys). That text patching through int3 now and then kills
# a multi-threaded QEMU TCG lab ("Oops: int3" in __schedule), an emulator
# artefact that tests/lab/27-ks2-flip.t works around and explains; it is
# not what this scenario tests, and the keepers make it reliable. The
# module reloads need no VM alive: each flips the keys once or twice.
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh
. /lab/guest/scenarios/ks2-lib.sh

require_exit_stats || return 0

cpuid=$(reason_code cpuid)
io=$(reason_code io)
hlt=$(reason_code hlt)
[ "$VENDOR" = svm ] && vmod=kvm_amd || vmod=kvm_intel
vfile=/lib/modules/$(echo $vmod | tr _ -).ko

# host_delta BEFORE AFTER: "code count" of every reason that grew
host_delta()
{
	awk 'FNR == 1 { f++; next } f == 1 { n[$1] -= $3; next } { n[$1] += $3 }
		END { for (k in n) if (n[k]) print k, n[k] }' "$1" "$2" | sort -n
}

# repeat100 ARGS WHAT: testvmm -r 100 ARGS cpuid.bin, counted by the
# tracepoint; the host-wide table grows by exactly what the tracepoint
# saw, reason by reason.
repeat100()
{
	cp $HOST_STATS /tmp/before
	run_vmm -r 100 -t 300 $1 /lab/payloads/cpuid.bin
	cp $HOST_STATS /tmp/after
	is "$vmm_status/$(grep -c '^@vcpu .* status=done' $VMM_OUT)" "0/$3" \
		"$2: 100 VMs created, run, destroyed"
	host_delta /tmp/before /tmp/after >/tmp/delta
	is "$(awk -v c="$cpuid" '$1 == c { print $2 }' /tmp/delta)" "$4" \
		"$2: host-wide CPUID delta = $4"
	is "$(cat /tmp/delta)" "$(tp_counts)" \
		"$2: host-wide delta = every exit the tracepoint saw, reason by reason"
	es_check /tmp/after "$2: host-wide table well formed"
}

# reload_vendor: rmmod and insmod the vendor module, kvm.ko stays
reload_vendor()
{
	rmmod $vmod || return 1
	[ -e $HOST_STATS ] && return 1
	# shellcheck disable=SC2046 # one word per module argument
	insmod $vfile $(module_args $vmod)
}

# reload_all: both modules out, both back
reload_all()
{
	rmmod $vmod && rmmod kvm || return 1
	[ -d $KVM_DEBUGFS ] && return 1
	# shellcheck disable=SC2046 # one word per module argument
	insmod /lib/modules/kvm.ko $(module_args kvm) &&
		insmod $vfile $(module_args $vmod) && [ -c /dev/kvm ]
}

start_keepers || { bail "cannot start the keeper VMs"; return 0; }
repeat100 "-a 500" "-r 100, 1 vCPU, 500 CPUIDs" 100 $((100 * 500))
repeat100 "-c 2 -I -a 200" "-r 100 -I, 2 vCPUs, 200 CPUIDs" 200 $((100 * 2 * 200))
io_after=$(awk -v c="$io" '$1 == c { print $2 }' /tmp/delta)
is "$io_after" 200 "-r 100 -I, 2 vCPUs: IO delta 100 x 2 DONE"
stop_keepers

# The vendor module three times: kvm.ko keeps the totals.
cp $HOST_STATS /tmp/host0
ok_count=0
for i in 1 2 3; do
	reload_vendor && [ "$(cat $HOST_STATS)" = "$(cat /tmp/host0)" ] &&
		ok_count=$((ok_count + 1))
done
is "$ok_count" 3 "$vmod unloaded and reloaded 3 times, host-wide table unchanged each time"

# Both modules three times: each kvm.ko starts from zero.
ok_count=0
for i in 1 2 3; do
	reload_all &&
		[ "$(cat $HOST_STATS)" = "# exit_stats v1 vendor=$VENDOR scope=host exits=0 cycles=0" ] &&
		ok_count=$((ok_count + 1))
done
is "$ok_count" 3 "kvm and $vmod unloaded and reloaded 3 times, host-wide table empty each time"
is "$(get_param exit_stats)/$(get_param exit_stats_scope)/$(get_param exit_stats_layout)/$(get_param exit_stats_print_every)" \
	"Y/vm/2021/0" "parameters back to their defaults with the new kvm.ko"

# The new modules count like the first ones: 100 VMs from zero.
start_keepers || { bail "cannot start the keeper VMs"; return 0; }
repeat100 "-a 300" "after the reloads, -r 100, 300 CPUIDs" 100 $((100 * 300))
is "$(es_count $HOST_STATS "$cpuid")" $((100 * 300)) \
	"host-wide CPUID count since the reload: exactly 100 x 300"
stop_keepers
is "$(es_count $HOST_STATS "$cpuid")" $((100 * 300)) \
	"after the keepers are gone too: still 100 x 300"

dmesg_clean "no kernel warnings"
