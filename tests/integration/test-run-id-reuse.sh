#!/bin/bash
# An id can be used again as soon as its run has returned: systemd learns
# that a scope is empty asynchronously, so run waits for an empty leftover
# scope to be dropped instead of calling it a running task. Back to back,
# with and without isolation, each run must start and end with its own code,
# also when the last run was in another slice (its scope is where systemd
# says, not below the new slice).
. ./lib.sh
id=$(new_id again)
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
trap 'rm -rf "$root"; stop_own_units; systemctl stop reuse-test.slice 2>/dev/null' EXIT
make_task_root "$root"

for i in $(seq 1 25); do
	out=$(taskscope run -q --id "$id" -- sh -c "exit $((i % 7))" 2>&1)
	rc=$?
	[ "$rc" = $((i % 7)) ] || fail "run $i ended with $rc, not $((i % 7)): $out"
done
for i in $(seq 1 10); do
	out=$(taskscope run -q --id "$id" --root "$root" -- /bin/true 2>&1) || fail "isolated run $i: $out"
done
for i in $(seq 1 10); do
	slice=taskscope.slice
	[ $((i % 2)) = 1 ] && slice=reuse-test.slice
	out=$(taskscope run -q --id "$id" --slice "$slice" -- sh -c 'grep "^0::" /proc/self/cgroup' 2>&1) ||
		fail "run $i in $slice: $out"
	case $out in */$slice/taskscope-$id.scope/task) ;; *) fail "run $i in $slice ran in '$out'" ;; esac
done
