# SPDX-License-Identifier: GPL-2.0
#
# The lab itself: the emulated CPU offers SVM with nested paging, the
# module set loaded, and /dev/kvm runs a guest to completion.
. /lab/guest/lib.sh

flags=$(grep -m1 '^flags' /proc/cpuinfo)
case " $flags " in
*" svm "*) ok "lab CPU has svm" ;;
*) not_ok "lab CPU has svm" ;;
esac
case " $flags " in
*" npt "*) ok "lab CPU has npt" ;;
*) not_ok "lab CPU has npt" ;;
esac
is "$(cat /sys/module/kvm_amd/parameters/npt 2>/dev/null)" Y "kvm_amd uses nested paging"
is "$(cat /sys/module/kvm_amd/parameters/nested 2>/dev/null)" 1 "kvm_amd offers nested virtualization"
for m in kvm kvm_amd; do
	is "$(cat /sys/module/$m/taint 2>/dev/null)" OE "$m is the out-of-tree build (taint OE)"
done
run_vmm -a 1 /lab/payloads/cpuid.bin
is "$vmm_status" 0 "/dev/kvm runs a guest to its end"
is "$(tp_count cpuid)" 1 "that guest's one CPUID is one kvm_exit"
dmesg_clean "no kernel warnings"
