#!/bin/bash
# Runs last: after everything above, no taskscope unit and no cgroup is left.
. ./lib.sh

# A scope whose task just ended may still be on its way out: give it time.
wait_until 10 no_taskscope_units || fail "units left: $(taskscope_units)"
left=$(find /sys/fs/cgroup -name "taskscope-*.scope" -type d 2>/dev/null)
[ -z "$left" ] || fail "cgroups left: $left"
pgrep -af '^taskscope ' && fail "taskscope processes left"
exit 0
