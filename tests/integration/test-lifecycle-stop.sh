#!/bin/bash
# taskscope signal and stop, and systemctl stop, on a running task.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
trap 'rm -rf "$root"; stop_own_units' EXIT
make_task_root "$root"


# signal: the main process, through its state; --all: every process.
id=$(new_id sigmain) d=/tmp/sig.$id
mkdir -p "$d"
start_task "$id" "$d/ready" -- sh -c "sh -c 'trap \"touch $d/child\" USR2; touch $d/child-ready; while :; do sleep 0.1; done' &
	trap 'touch $d/main' USR1; trap 'touch $d/main2' USR2; touch $d/ready; while :; do sleep 0.1; done"
wait_until 10 test -e "$d/child-ready" || fail "grandchild not ready"
[ -f "/run/taskscope/$id/state.json" ] || fail "no state file for a running task"
expect_rc 0 taskscope signal "$id" SIGUSR1
wait_until 10 test -e "$d/main" || fail "signal did not reach the main process"
expect_rc 0 taskscope signal "$id" USR2 --all
wait_until 10 test -e "$d/child" || fail "signal --all did not reach the grandchild"
wait_until 10 test -e "$d/main2" || fail "signal --all did not reach the main process"
expect_rc 0 taskscope stop "$id"
wait "$sup"
rm -rf "$d"
[ -e "/run/taskscope/$id/state.json" ] && fail "state left after the task ended"
record_has "$id" '"ended_by":"taskscope-stop"'

# stop: a task that ignores its kill signal is killed after the grace, all of it.
id=$(new_id stopkill) ready=/tmp/ready.$id
start_task "$id" "$ready" --grace 1s -- sh -c "trap '' INT; sleep 100 & touch $ready; wait"
out=$(taskscope stop "$id") || fail "stop failed: $out"
[ "$out" = "killed after the grace period" ] || fail "stop said: $out"
wait "$sup"
rc=$?
[ "$rc" = 137 ] || fail "the foreground run of a killed task exited $rc"
unit_gone "taskscope-$id.scope" || fail "scope still there after stop returned"
pgrep -f '^sleep 100$' && fail "a process of the task survived stop"
record_has "$id" '"exit_code":137' '"signal":"SIGKILL"' '"oom_killed":false' '"ended_by":"taskscope-stop"'

# stop: a task that ends on its kill signal exits within the grace period.
id=$(new_id stopok) ready=/tmp/ready.$id
start_task "$id" "$ready" -- sh -c "trap 'exit 5' INT; touch $ready; while :; do sleep 0.1; done"
out=$(taskscope stop "$id" --grace 10s) || fail "stop failed: $out"
[ "$out" = "exited within the grace period" ] || fail "stop said: $out"
wait "$sup"
[ $? = 5 ] || fail "the task did not end by its trap"
record_has "$id" '"exit_code":5' '"signal":null'

# A task with default handlers in a private pid namespace (behind the init).
id=$(new_id stopns)
start_task "$id" "$root/tmp/ready" --root "$root" -- sh -c 'touch /tmp/ready; exec sleep 100'
out=$(taskscope stop "$id" --grace 5s) || fail "stop failed: $out"
[ "$out" = "exited within the grace period" ] || fail "stop of a pid-namespace task said: $out"
wait "$sup"

# systemctl stop: the scope's KillSignal and TimeoutStopSec come from the options.
id=$(new_id sysstop) ready=/tmp/ready.$id
start_task "$id" "$ready" --kill-signal SIGTERM --grace 2s -- sh -c "trap '' TERM; sleep 100 & touch $ready; wait"
got=$(systemctl show -p KillSignal,TimeoutStopUSec "taskscope-$id.scope" | sort | tr "\n" " ")
[ "$got" = "KillSignal=15 TimeoutStopUSec=2s " ] || fail "scope kill settings: $got"
t0=$(date +%s)
systemctl stop "taskscope-$id.scope"
wait "$sup"
[ $(($(date +%s) - t0)) -le 6 ] || fail "systemctl stop took more than the grace period and then some"
unit_gone "taskscope-$id.scope" || fail "scope left after systemctl stop"
pgrep -f '^sleep 100$' && fail "a process survived systemctl stop"
record_has "$id" '"ended_by":"systemd"' '"signal":"SIGKILL"'
journalctl --sync
journalctl -q -o cat MESSAGE_ID=f0eda95a63444508b0c0e6eff3d1bf76 TASKSCOPE_ID="$id" | grep -q "stopped by systemd" ||
	fail "no 'stopped by systemd' record in the journal"

# systemctl stop of a task that ends on the kill signal: within the grace, recorded.
id=$(new_id sysstopok) ready=/tmp/ready.$id
start_task "$id" "$ready" --grace 10s -- sh -c "trap 'exit 9' INT; touch $ready; while :; do sleep 0.1; done"
systemctl stop "taskscope-$id.scope"
wait "$sup"
[ $? = 9 ] || fail "the task did not end by its trap under systemctl stop"
record_has "$id" '"exit_code":9' '"ended_by":"systemd"'

# Unknown tasks and bad values: 125, one line.
expect_launcher_error "no task 't$$-none' is running" taskscope signal "t$$-none" TERM
expect_launcher_error "no task 't$$-none' is running" taskscope stop "t$$-none"
expect_launcher_error "invalid signal 'SIGNOPE'" taskscope signal "t$$-none" SIGNOPE
expect_launcher_error "invalid value 'soon' for --grace" taskscope stop "t$$-none" --grace soon
expect_launcher_error "invalid value 'SIGNOPE' for --kill-signal" taskscope run --kill-signal SIGNOPE -- true
rm -f /tmp/ready.t$$-*
exit 0
