#!/bin/bash
# beds: fast
# In a private pid namespace taskscope's init is PID 1: a task with default
# handlers ends when the supervisor stops it, and orphans are reaped.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
trap 'rm -rf "$root"; stop_own_units' EXIT
make_task_root "$root"

id=$(new_id init)
taskscope run -q --id "$id" --root "$root" -- sh -c 'touch /tmp/ready; exec sleep 100' &
sup=$!
wait_until 20 test -e "$root/tmp/ready" || fail "the task never got ready"
kill -TERM "$sup"
wait "$sup"
rc=$?
# (a graceful stop: the task gets its kill signal, SIGINT by default)
[ "$rc" = 130 ] || fail "SIGTERM to the supervisor: the task ended with $rc, not 130 (SIGINT)"
wait_until 10 unit_gone "taskscope-$id.scope" || fail "scope left after SIGTERM"

# An orphaned grandchild is reaped by init, not left as a zombie.
out=$(taskscope run -q --root "$root" -- sh -c '(sleep 0.2 &); sleep 1; ps -o stat,comm | grep -c "^Z"')
[ "$out" = 0 ] || fail "zombies in the task: $out"
