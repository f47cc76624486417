#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench measures perf kvm stat record too, with Debian's linux-perf
# packed into the lab image: install it if it is missing (root, apt).
# Never fails: without perf, the bench skips that configuration and its
# document says why.
. "$(dirname "$0")/../lab/lib.sh"

if [ -x /usr/bin/perf ] && file -L /usr/bin/perf 2>/dev/null | grep -q ELF; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	say "linux-perf is not installed (needs root and apt-get): perf kvm stat will be skipped"
	exit 0
fi
say "installing linux-perf (for perf kvm stat in the lab)"
if ! apt-cache show linux-perf >/dev/null 2>&1; then
	quiet apt-get update || true
fi
DEBIAN_FRONTEND=noninteractive quiet apt-get install -y --no-install-recommends linux-perf ||
	say "could not install linux-perf: perf kvm stat will be skipped"
exit 0
