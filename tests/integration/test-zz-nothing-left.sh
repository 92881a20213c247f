#!/bin/bash
# Runs last: after everything above, no taskscope unit and no cgroup is left.
. ./lib.sh

# A scope whose task just ended may still be on its way out: give it time.
wait_until 10 no_taskscope_units || fail "units left: $(taskscope_units)"
left=$(find /sys/fs/cgroup -name "taskscope-*.scope" -type d 2>/dev/null)
[ -z "$left" ] || fail "cgroups left: $left"
pgrep -af '^taskscope ' && fail "taskscope processes left"
# Exit records stay; the state of a task (written once systemd took its
# scope) goes with it, also when its start failed after that.
left=$(ls /run/taskscope/*/state.json /run/taskscope/*/env.json 2>/dev/null)
[ -z "$left" ] || fail "state left: $left"
exit 0
