#!/bin/bash
# Runs last: after everything above, no taskscope unit and no cgroup is left.
. ./lib.sh

left=$(systemctl list-units --all --no-legend --plain 'taskscope-*.scope')
[ -z "$left" ] || fail "units left: $left"
left=$(find /sys/fs/cgroup -name "taskscope-*.scope" -type d 2>/dev/null)
[ -z "$left" ] || fail "cgroups left: $left"
pgrep -af '^taskscope ' && fail "taskscope processes left"
exit 0
