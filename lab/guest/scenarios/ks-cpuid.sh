# SPDX-License-Identifier: GPL-2.0
#
# The patched KVM's CPUID leaves 0x4ffffff0..0x4fffffff as a guest sees
# them (cpuidq payload: one CPUID in a VM of its own): the info leaf,
# per-reason statuses, the three course layouts and "off", scope vm
# against the payload's exact exits, scope host against the host-wide
# debugfs table, and the module parameters that switch all of it.
. /lab/guest/lib.sh
. /lab/guest/scenarios/ks-lib.sh

require_exit_stats || return 0
start_keepers || { bail "cannot start the keeper VMs"; return 0; }

io=$(reason_code io)
cpuid=$(reason_code cpuid)
undefined=$(reason_code_ks undefined)
no_handler=$(reason_code_ks no_handler)
[ "$VENDOR" = svm ] && vbit=1 || vbit=0
sig="454d564b 53746978 73746174"
zero="00000000 00000000 00000000 00000000"

# info SCOPE LAYOUT [PAUSED]: the expected EAX of the info leaf
info()
{
	printf '%08x' $((1 | vbit << 8 | $1 << 9 | $2 << 10 | ${3:-0} << 12))
}

word()
{
	echo "$1" | cut -d' ' -f"$2"
}

# q64 LEAF ECX: "EAX EDX VALUE", VALUE = EBX:ECX in decimal
q64()
{
	r=$(cpuidq "$1" "$2")
	echo "$(word "$r" 1) $(word "$r" 4) $(u64 "$(word "$r" 2)" "$(word "$r" 3)")"
}

# positive64 LEAF ECX DESCRIPTION: EAX = EDX = 0, EBX:ECX > 0
positive64()
{
	set -- "$1" "$2" "$3" "$(q64 "$1" "$2")"
	case $4 in
	"00000000 00000000 0"|"00000000 00000000 -"*) ;;
	"00000000 00000000 "*) ok "$3"; return 0 ;;
	esac
	not_ok "$3"
	diag "expected: EAX=0 EDX=0 EBX:ECX>0" "     got: EAX EDX EBX:ECX = $4"
	return 1
}

# eax_at_least LEAF ECX MIN DESCRIPTION: EAX >= MIN, EBX = ECX = EDX = 0
eax_at_least()
{
	r=$(cpuidq "$1" "$2")
	if [ $((0x$(word "$r" 1))) -ge "$3" ] &&
	   [ "$(echo "$r" | cut -d' ' -f2-)" = "00000000 00000000 00000000" ]; then
		ok "$4"
		return 0
	fi
	not_ok "$4"
	diag "expected: EAX>=$3 EBX=ECX=EDX=0" "     got: $r"
	return 1
}

# totals LEAF ECX DESCRIPTION: EAX >= 2 exits, EBX:ECX > 0 cycles, EDX = 0
totals()
{
	r=$(cpuidq "$1" "$2")
	if [ $((0x$(word "$r" 1))) -ge 2 ] && [ "$(word "$r" 4)" = 00000000 ] &&
	   [ "$(u64 "$(word "$r" 2)" "$(word "$r" 3)")" -gt 0 ]; then
		ok "$3"
		return 0
	fi
	not_ok "$3"
	diag "expected: EAX>=2 EBX:ECX>0 EDX=0" "     got: $r"
	return 1
}

is "$(cpuidq 0x4ffffff0 0)" "$(info 0 0) $sig" \
	"0x4ffffff0: ABI 1, $VENDOR numbering, scope vm, layout 2021, KVMExitStats"

# Scope vm. Before its CPUID, a cpuidq VM has made exactly 2 IO exits (the
# words A and B of its record) and no CPUID exit: the query's own exit is
# counted once the query has returned.
is "$(cpuidq 0x4ffffff1 "$io")" "00000000 00000000 00000002 00000000" \
	"0x4ffffff1 io: status ok, 2 exits of this VM"
is "$(cpuidq 0x4ffffff1 "$cpuid")" "$zero" \
	"0x4ffffff1 cpuid: 0, a query does not see its own exit"
positive64 0x4ffffff2 "$io" "0x4ffffff2 io: status ok, total cycles > 0"
positive64 0x4ffffff3 "$io" "0x4ffffff3 io: status ok, min cycles > 0"
positive64 0x4ffffff4 "$io" "0x4ffffff4 io: status ok, max cycles > 0"
r=$(q64 0x4ffffff5 0)
case $r in
"00000000 00000000 "*) cmp_ok "${r##* }" ge 2 "0x4ffffff5: this VM's exits, >= 2 (EAX=EDX=0)" ;;
*) not_ok "0x4ffffff5: this VM's exits, >= 2 (EAX=EDX=0)"; diag "got: $r" ;;
esac
positive64 0x4ffffff6 0 "0x4ffffff6: this VM's total cycles > 0"

# Layout 2021, the default.
totals 0x4fffffff 0 "2021 0x4fffffff: EAX exits, EBX:ECX cycles"
positive64 0x4ffffffe 0 "2021 0x4ffffffe: EBX:ECX total cycles"
is "$(cpuidq 0x4ffffffd "$io")" "00000002 00000000 00000000 00000000" \
	"2021 0x4ffffffd io: EAX = 2 exits"
positive64 0x4ffffffc "$io" "2021 0x4ffffffc io: EBX:ECX cycles"

# Reason statuses.
is "$(cpuidq 0x4ffffff1 "$undefined")" "00000002 00000000 00000000 ffffffff" \
	"0x4ffffff1, reason $undefined undefined by the manual: EAX=2 EDX=ffffffff"
is "$(cpuidq 0x4ffffff4 "$undefined")" "00000002 00000000 00000000 ffffffff" \
	"0x4ffffff4, undefined reason: EAX=2 EDX=ffffffff"
is "$(cpuidq 0x4ffffffd "$undefined")" "00000000 00000000 00000000 ffffffff" \
	"2021 0x4ffffffd, undefined reason: EDX=ffffffff, rest 0"
is "$(cpuidq 0x4ffffffc "$undefined")" "00000000 00000000 00000000 ffffffff" \
	"2021 0x4ffffffc, undefined reason: EDX=ffffffff, rest 0"
is "$(cpuidq 0x4ffffff1 0xffffff00)" "00000002 00000000 00000000 ffffffff" \
	"0x4ffffff1, reason 0xffffff00: undefined"
is "$(cpuidq 0x4ffffff1 "$no_handler")" "00000001 00000000 00000000 00000000" \
	"0x4ffffff1, reason $no_handler without a KVM handler: EAX=1 (not enabled)"
is "$(cpuidq 0x4ffffffd "$no_handler")" "$zero" \
	"2021 0x4ffffffd, reason without a handler: all 0"
if [ "$VENDOR" = svm ]; then
	is "$(cpuidq 0x4ffffff1 "$(reason_code_ks invalid)")" "00000001 00000000 00000000 00000000" \
		"0x4ffffff1, SVM_EXIT_ERR (no failed VMRUN so far): not enabled"
fi

# Scope host, exactly what the host-wide table says just before the query
# (no other VM touches the CPUID row in between).
echo 1 >$HOST_STATS
run_vmm -a 1000 /lab/payloads/cpuid.bin
set_param exit_stats_scope host
is "$(get_param exit_stats_scope)" host "exit_stats_scope=host accepted"
is "$(es_count $HOST_STATS "$cpuid")" 1000 "host-wide: 1000 CPUID since the reset"
is "$(cpuidq 0x4ffffff0 0)" "$(info 1 0) $sig" "0x4ffffff0 says scope host"
n=1	# CPUID exits since the 1000: the info query above
f=1
for leaf in 0x4ffffff1 0x4ffffff2 0x4ffffff3 0x4ffffff4; do
	cp $HOST_STATS /tmp/host
	want=$(es_row /tmp/host "$cpuid" | cut -d' ' -f$f)
	is "$(q64 $leaf "$cpuid")" "00000000 00000000 $want" \
		"scope host, $leaf cpuid = host-wide table's field $f ($want)"
	f=$((f + 1))
	n=$((n + 1))
done
is "$(es_count $HOST_STATS "$cpuid")" $((1000 + n)) "host-wide: 1000 + $n queries' CPUID exits"
cp $HOST_STATS /tmp/host
want=$(es_row /tmp/host "$cpuid")
is "$(cpuidq 0x4ffffffd "$cpuid")" "$(printf '%08x' "$(word "$want" 1)") 00000000 00000000 00000000" \
	"scope host, 2021 0x4ffffffd cpuid: EAX = host-wide count"
cp $HOST_STATS /tmp/host
want=$(es_row /tmp/host "$cpuid" | cut -d' ' -f2)
is "$(q64 0x4ffffffc "$cpuid")" "00000000 00000000 $want" \
	"scope host, 2021 0x4ffffffc cpuid: EBX:ECX = host-wide cycles"
before=$(es_header $HOST_STATS exits)
got=$(q64 0x4ffffff5 0)
after=$(es_header $HOST_STATS exits)
got=${got##* }
if [ "$got" -gt "$before" ] && [ "$got" -lt "$after" ]; then
	ok "scope host, 0x4ffffff5: host-wide exits between before ($before) and after ($after)"
else
	not_ok "scope host, 0x4ffffff5: host-wide exits between before and after"
	diag "expected: $before < $got < $after"
fi
set_param exit_stats_scope vm

# What normal KVM CPUID answers for the course leaves, interface off.
set_param exit_stats_cpuid N
stock_f0=$(cpuidq 0x4ffffff0 0)
for leaf in c d e f; do
	eval "stock_$leaf=\"\$(cpuidq 0x4ffffff$leaf $io)\""
done
set_param exit_stats_cpuid Y
case $stock_f0 in
*"$sig") not_ok "exit_stats_cpuid=N: 0x4ffffff0 without the signature"; diag "got: $stock_f0" ;;
*) ok "exit_stats_cpuid=N: 0x4ffffff0 without the signature" ;;
esac
is "$stock_e" "$stock_f" "exit_stats_cpuid=N: the course leaves answer as unknown leaves"

set_param exit_stats_layout 2020
is "$(cpuidq 0x4ffffff0 0)" "$(info 0 1) $sig" "0x4ffffff0 says layout 2020"
totals 0x4fffffff 0 "2020 0x4fffffff: EAX exits, EBX:ECX cycles"
is "$(cpuidq 0x4ffffffe "$io")" "00000002 00000000 00000000 00000000" \
	"2020 0x4ffffffe io: EAX = 2 exits"
is "$(cpuidq 0x4ffffffd "$io")/$(cpuidq 0x4ffffffc "$io")" "$stock_d/$stock_c" \
	"2020 leaves 0x4ffffffd, 0x4ffffffc go to normal KVM CPUID"

set_param exit_stats_layout 2022
is "$(cpuidq 0x4ffffff0 0)" "$(info 0 2) $sig" "0x4ffffff0 says layout 2022"
positive64 0x4fffffff "$io" "2022 0x4fffffff io: EBX:ECX cycles"
is "$(cpuidq 0x4ffffffe "$io")" "00000002 00000000 00000000 00000000" \
	"2022 0x4ffffffe io: EAX = 2 exits"
positive64 0x4ffffffd 0 "2022 0x4ffffffd: EBX:ECX total cycles"
eax_at_least 0x4ffffffc 0 2 "2022 0x4ffffffc: EAX total exits"

set_param exit_stats_layout off
is "$(get_param exit_stats_layout)" off "exit_stats_layout=off accepted"
is "$(cpuidq 0x4ffffff0 0)" "$(info 0 3) $sig" "0x4ffffff0 says layout off"
is "$(cpuidq 0x4ffffffc "$io")/$(cpuidq 0x4ffffffd "$io")/$(cpuidq 0x4ffffffe "$io")/$(cpuidq 0x4fffffff "$io")" \
	"$stock_c/$stock_d/$stock_e/$stock_f" "layout off: all four course leaves go to normal KVM CPUID"
is "$(cpuidq 0x4ffffff1 "$io")" "00000000 00000000 00000002 00000000" \
	"layout off: the extended leaves still answer"
set_param exit_stats_layout 2021

# Parameter validation: a bad value is refused and changes nothing.
if (echo bogus >$KVM_PARAMS/exit_stats_scope) 2>/dev/null; then
	not_ok "exit_stats_scope=bogus refused"
else
	ok "exit_stats_scope=bogus refused"
fi
if (echo 2019 >$KVM_PARAMS/exit_stats_layout) 2>/dev/null; then
	not_ok "exit_stats_layout=2019 refused"
else
	ok "exit_stats_layout=2019 refused"
fi
is "$(get_param exit_stats_scope)/$(get_param exit_stats_layout)" vm/2021 \
	"scope and layout unchanged by refused values"

set_param exit_stats N
is "$(cpuidq 0x4ffffff0 0)" "$(info 0 0 1) $sig" "0x4ffffff0 says paused with exit_stats=N"
set_param exit_stats Y

stop_keepers
dmesg_clean "no kernel warnings"
