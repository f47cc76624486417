# Investigation only: flip the sched_switch tracepoint (a static key in
# __schedule) N times, no KVM VM involved.
. /lab/guest/lib.sh
n=${1:-1000}
( while :; do :; done ) &
burn=$!
i=0
while [ $i -lt "$n" ]; do
	echo 1 > $TRACEFS/events/sched/sched_switch/enable
	echo 0 > $TRACEFS/events/sched/sched_switch/enable
	i=$((i + 1))
	[ $((i % 100)) -eq 0 ] && ok "$i flips of sched_switch"
done
kill $burn
dmesg_clean "no kernel warnings"
