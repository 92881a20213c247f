#!/bin/bash
# A failed unit of the same name, left by another tool without a collect
# mode, does not block the id: taskscope resets it and starts.
. ./lib.sh
id=$(new_id stale)
unit=taskscope-$id.scope

# RuntimeMaxSec makes systemd fail the scope (result "timeout"); with
# CollectMode=inactive the failed unit stays loaded.
systemd-run -q --scope --unit="$unit" -p CollectMode=inactive -p RuntimeMaxSec=1 sleep 30 >/dev/null 2>&1
wait_until 10 unit_in_state failed "$unit" || fail "could not make a failed $unit (state $(unit_state "$unit"))"

expect_rc 0 taskscope run -q --id "$id" -- sh -c 'grep -q "taskscope-'"$id"'.scope" /proc/self/cgroup'
# Ours is collected when it ends, failed or not; the stale one is gone with it.
wait_until 10 unit_gone "$unit" || fail "$unit is still loaded: $(unit_state "$unit")"
