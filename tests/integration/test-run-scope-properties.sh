#!/bin/bash
# While the task runs, systemd shows the scope delegated, in the slice, with
# a description naming the command, and collected when it ends.
. ./lib.sh
id=$(new_id props)
unit=taskscope-$id.scope

taskscope run -q --id "$id" -- sleep 30 &
sup=$!
wait_until 10 unit_in_state active "$unit" || fail "$unit never became active"

got=$(systemctl show -p Delegate,Slice,CollectMode,Description "$unit")
for want in Delegate=yes Slice=taskscope.slice CollectMode=inactive-or-failed "Description=taskscope $id: sleep 30"; do
	grep -qxF "$want" <<<"$got" || fail "missing '$want' in: $got"
done

# The task's process is the scope's; the delegated cgroup is writable by it.
pid=$(pgrep -f '^sleep 30$' | head -n1)
[ -n "$pid" ] || fail "no task process"
grep -qx "0::/taskscope.slice/$unit/task" "/proc/$pid/cgroup" || fail "task pid $pid is in $(cat /proc/$pid/cgroup)"
[ "$(systemctl show -P ControlGroup "$unit")" = "/taskscope.slice/$unit" ] || fail "ControlGroup mismatch"

kill "$pid"
wait "$sup"
rc=$?
[ "$rc" = 143 ] || fail "task killed by SIGTERM should give 143, got $rc"
wait_until 10 unit_gone "$unit" || fail "$unit still there after the task ended: $(unit_state "$unit")"
