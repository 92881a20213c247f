#!/bin/bash
# An exec's memory counts in its own sub-cgroup and in the task's scope,
# under the task's limit.
. ./lib.sh
need_controller memory

id=$(new_id execmem) ready=/tmp/ready.$$ mark=/tmp/allocated.$$
scope_cg=/sys/fs/cgroup/taskscope.slice/taskscope-$id.scope
rm -f "$mark"
start_task "$id" "$ready" --memory 512M -- sh -c "touch $ready; exec sleep 1000"
before=$(cat "$scope_cg/memory.current")
taskscope exec "$id" -- python3 -c "
import time
b = bytearray(96 << 20)
for i in range(0, len(b), 4096):
    b[i] = 1
open('$mark', 'w').close()
time.sleep(5)" &
execpid=$!
wait_until 30 test -e "$mark" || fail "the exec never allocated"
own=$(cat "$scope_cg/exec-1/memory.current")
scope=$(cat "$scope_cg/memory.current")
[ "$own" -ge $((96 << 20)) ] || fail "exec-1's memory.current is $own, less than the 96M it touched"
[ "$scope" -ge $((before + (96 << 20))) ] || fail "the scope's memory.current is $scope (was $before): the exec is not charged"
task_only=$(cat "$scope_cg/task/memory.current")
[ "$task_only" -lt $((32 << 20)) ] || fail "the exec's memory was charged to task/ ($task_only)"
wait "$execpid" || fail "the exec failed"
[ -e "$scope_cg/exec-1" ] && fail "exec-1 is left after the session"

# Beyond the task's limit the exec is what the OOM killer takes; the task lives.
expect_rc 137 taskscope exec "$id" -- python3 -c $'b = []\nwhile True: b.append(b"x" * (16 << 20))'
unit_in_state active "taskscope-$id.scope" || fail "the task died with its exec"
# Killed by SIGKILL after its exec's OOM kill: the task's record is not an OOM.
expect_rc 0 taskscope stop "$id" --signal KILL
wait "$sup"
record_has "$id" '"signal":"SIGKILL"' '"oom_killed":false' '"oom_kills":0'

rm -f "$ready" "$mark"
exit 0
