#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The course experiments, each one lab boot under the patched KVM:
#
#   lab/experiment.sh boot      one Linux guest boot: table, dmesg, profile plot
#   lab/experiment.sh npt       nested paging (npt=1) against shadow paging (npt=0)
#   lab/experiment.sh vcpus     the same boot with 1 and with 4 vCPUs
#   lab/experiment.sh results   all three, then docs/results.md from their numbers
#
# Results land in build/results/<experiment>/.
set -u
. "$(dirname "$0")/lib.sh"

RESULTS_DIR=${RESULTS_DIR:-$BUILD_DIR/results}

# run_lab NAME RUN CHECK: boot the lab for one experiment, keep its files
run_lab()
{
	name=$1
	out=$RESULTS_DIR/$name
	scn=$(mktemp -d)/$name.scn
	cat >"$scn" <<SCN
# lab: modules = patched
# lab: image   = linux
# lab: run     = $2
# lab: check   = $3
# lab: timeout = 400
SCN
	say "$name: booting the lab ($(load_kernel_env; echo "$KERNEL_NAME")), then Linux guest(s) inside it"
	if ! "$LAB_DIR/run-scenario" "$scn" >"$scn.tap"; then
		grep -A3 '^not ok' "$scn.tap" >&2
		die "$name: the lab run failed; logs in $LAB_OUT/runs/$name"
	fi
	rm -rf "$out"
	mkdir -p "$out"
	cp "$LAB_OUT/runs/$name"/artifacts/* "$out/"
	cp "$scn.tap" "$out/checks.tap"
	rm -rf "$(dirname "$scn")"
}

# compare A.json B.json LABEL-A LABEL-B: a markdown table of both runs,
# every reason either has, most frequent first, with the ratio B/A
compare()
{
	jq -rn --slurpfile a "$1" --slurpfile b "$2" --arg la "$3" --arg lb "$4" '
		def counts(x): x[0].reasons | map({key: .name, value: .count}) | from_entries;
		counts($a) as $ca | counts($b) as $cb |
		(($ca | keys) + ($cb | keys) | unique) as $names |
		"| reason | \($la) | \($lb) | \($lb) / \($la) |",
		"|---|---:|---:|---:|",
		($names | map({n: ., a: ($ca[.] // 0), b: ($cb[.] // 0)}) |
		 sort_by(-([.a, .b] | max)) | .[] |
		 "| \(.n) | \(.a) | \(.b) | \(if .a > 0 then ((.b / .a * 100 | round) / 100 | tostring) else "-" end) |"),
		"| **total** | **\($a[0].total_exits)** | **\($b[0].total_exits)** | **\(($b[0].total_exits / $a[0].total_exits * 100 | round) / 100)** |"'
}

exp_boot()
{
	run_lab boot "linux-boot 1 20000" "lab/checks/linux-boot.sh boot"
	"$LAB_DIR/plot-profile.sh" "$out/boot-profile.csv" "$out/boot-profile.png" \
		"Exits/s during a Linux guest boot under KVM (1 vCPU, nested paging)"
	cat "$out/boot-guest.txt"
}

exp_npt()
{
	run_lab npt linux-npt lab/checks/linux-npt.sh
	compare "$out/npt1-guest.json" "$out/npt0-guest.json" "npt=1" "npt=0" |
		tee "$out/compare.md"
}

exp_vcpus()
{
	run_lab vcpus linux-vcpus lab/checks/linux-vcpus.sh
	compare "$out/vcpu1-guest.json" "$out/vcpu4-guest.json" "1 vCPU" "4 vCPUs" |
		tee "$out/compare.md"
	{
		echo
		echo "| vCPU | exits | cycles |"
		echo "|---|---:|---:|"
		for f in "$out"/vcpu4-vcpu*.json; do
			jq -r '"| \(.target | capture("vcpu(?<n>[0-9]+)").n // .target) | \(.total_exits) | \(.total_cycles) |"' "$f"
		done
	} | tee -a "$out/compare.md"
}

case ${1:-} in
boot) exp_boot ;;
npt) exp_npt ;;
vcpus) exp_vcpus ;;
results)
	exp_boot >/dev/null && exp_npt >/dev/null && exp_vcpus >/dev/null &&
		"$LAB_DIR/results-doc.sh" "$RESULTS_DIR" >"$TOP_DIR/docs/results.md" &&
		say "wrote docs/results.md"
	;;
*) die "usage: $0 boot|npt|vcpus|results" ;;
esac
