#!/bin/bash
# In the full bed the delegated scope gets real controllers, passed down to
# the task's own sub-cgroup: it sees memory and pids in its cgroup.controllers.
. ./lib.sh
need_controller memory
need_controller pids

id=$(new_id ctl)
got=$(taskscope run -q --id "$id" -- sh -c 'cat /sys/fs/cgroup$(sed -n "s/^0:://p" /proc/self/cgroup)/cgroup.controllers') ||
	fail "run failed: $got"
for c in memory pids; do
	grep -qw "$c" <<<"$got" || fail "delegated scope lacks $c: '$got'"
done
