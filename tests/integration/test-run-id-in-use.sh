#!/bin/bash
# Starting a task whose id is running fails with 125, and the running task
# is left alone: it keeps running and ends with its own status.
. ./lib.sh
id=$(new_id busy)
unit=taskscope-$id.scope

taskscope run -q --id "$id" -- sh -c 'sleep 3; exit 7' &
sup=$!
wait_until 10 unit_in_state active "$unit" || fail "$unit never became active"
before=$(systemctl show -P InvocationID "$unit")

expect_rc 125 taskscope run -q --id "$id" -- true
grep -qx "taskscope: task '$id' is already running (unit $unit exists)" <<<"$out" || fail "message: $out"

[ "$(unit_state "$unit")" = active ] || fail "the running task's unit is $(unit_state "$unit")"
[ "$(systemctl show -P InvocationID "$unit")" = "$before" ] || fail "the running unit was replaced"
wait "$sup"
rc=$?
[ "$rc" = 7 ] || fail "the running task ended with $rc, not its own 7"
