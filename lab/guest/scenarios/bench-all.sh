# SPDX-License-Identifier: GPL-2.0
#
# make bench in one lab boot (image linux-bench): the round trip
# (bench-rtt.sh), the vCPU scaling (bench-scale.sh) and the guest's read
# cost (bench-read.sh), one after the other.
# Usage: bench-all ROUNDS ITERS BATCHES SCALE_ITERS SCALE_BATCHES SCALE_PAIRS VCPUS READ_RUNS
# VCPUS is a list separated by colons, e.g. 1:4:16:64.

_rounds=$1 _iters=$2 _batches=$3 _siters=$4 _sbatches=$5 _spairs=$6 _vcpus=$7 _runs=$8

set -- "$_rounds" "$_iters" "$_batches"
. /lab/guest/scenarios/bench-rtt.sh

# shellcheck disable=SC2046 # the vCPU counts are words
set -- "$_siters" "$_sbatches" "$_spairs" $(echo "$_vcpus" | tr : ' ')
. /lab/guest/scenarios/bench-scale.sh

set -- "$_runs"
. /lab/guest/scenarios/bench-read.sh
