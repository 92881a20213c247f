#!/bin/bash
# run --detach, its supervisor unit, wait, the exit record, and what is left
# when the supervisor is killed.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
trap 'rm -rf "$root"; stop_own_units; systemctl stop "taskscope.supervisor-t$$-*.scope" "caller-t$$-*.service" 2>/dev/null' EXIT
make_task_root "$root"

sup_unit() { echo "taskscope.supervisor-$1.scope"; }
state_field() { sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" "/run/taskscope/$1/state.json" 2>/dev/null; }

# Detach: the id on stdout, the task running, its supervisor in a unit of its
# own, then wait returns the task's code.
id=$(new_id detach)
out=$(taskscope run -q --detach --id "$id" -- sh -c 'sleep 2; exit 7') || fail "run --detach failed: $out"
[ "$out" = "$id" ] || fail "run --detach printed '$out', not the id"
unit_in_state active "taskscope-$id.scope" || fail "the task's scope is not active after run --detach returned"
unit_in_state active "$(sup_unit "$id")" || fail "the supervisor's scope is not active"
sv=$(state_field "$id" supervisor_pid)
[ -n "$sv" ] && kill -0 "$sv" || fail "no live supervisor in the state: $(cat /run/taskscope/$id/state.json)"
grep -q "^0::/taskscope.slice/$(sup_unit "$id")\$" "/proc/$sv/cgroup" ||
	fail "the supervisor is not in its own scope: $(cat /proc/$sv/cgroup)"
# An idle supervisor keeps no connection to systemd or the bus: no socket of
# its has a peer that systemd (private socket) or dbus-daemon holds.
inodes=$(find "/proc/$sv/fd" -lname 'socket:*' -printf '%l\n' | tr -dc '0-9\n')
if [ -n "$inodes" ]; then
	peers=$(ss -xpn | awk '/systemd\/private|dbus\/system_bus_socket/ {print $8}')
	for i in $inodes; do
		grep -qx "$i" <<<"$peers" && fail "the idle supervisor holds a bus connection (socket $i)"
	done
fi
expect_rc 7 taskscope wait "$id"
unit_gone "taskscope-$id.scope" || fail "the task's scope is left after wait"
wait_until 5 unit_gone "$(sup_unit "$id")" || fail "the supervisor's scope is left after the task ended"
record_has "$id" '"exit_code":7' '"signal":null' '"ended_by":"task"' '"cpu_usec":'
[ -e "/run/taskscope/$id/state.json" ] && fail "state.json left after the task ended"
# wait after the end answers from the record, --json prints it.
expect_rc 7 taskscope wait "$id" --json
grep -qF "\"id\":\"$id\"" <<<"$out" && grep -qF '"exit_code":7' <<<"$out" || fail "wait --json said: $out"

# CPU time in the record: a second and a half of busy loop (cpu.stat's
# usage_usec is there without the cpu controller).
id=$(new_id busy)
expect_rc 124 taskscope run -q --id "$id" -- timeout 1.5 sh -c 'while :; do :; done'
cpu=$(sed -n 's/.*"cpu_usec":\([0-9]*\).*/\1/p' "/run/taskscope/$id/exit.json")
[ -n "$cpu" ] && [ "$cpu" -ge 1000000 ] && [ "$cpu" -le 4000000 ] ||
	fail "cpu_usec of a 1.5 s busy loop is '$cpu': $(cat /run/taskscope/$id/exit.json)"

# Behind the init of a private pid namespace the record still tells a signal
# from an exit code (the init reports the task's own wait status).
id=$(new_id nssig)
expect_rc 143 taskscope run -q --id "$id" --root "$root" -- sh -c 'kill -TERM $$'
record_has "$id" '"exit_code":143' '"signal":"SIGTERM"'
id=$(new_id nscode)
expect_rc 143 taskscope run -q --id "$id" --root "$root" -- sh -c 'exit 143'
record_has "$id" '"exit_code":143' '"signal":null'

# --stats-interval/--stats-out: JSON lines while it runs, the first marked,
# the last taken after the end: the scope's cpu time then is the record's
# (the task's own group) plus the holder's, a few ms at most.
id=$(new_id statsout) f=/tmp/stats.$$
rm -f "$f"
expect_rc 0 taskscope run -q --id "$id" --stats-interval 200ms --stats-out "$f" -- sh -c 'sleep 1'
n=$(grep -c "^{\"id\":\"$id\"," "$f")
[ "$n" -ge 4 ] && [ "$n" = "$(wc -l <"$f")" ] || fail "--stats-out wrote $n good lines of $(wc -l <"$f"): $(cat "$f")"
head -1 "$f" | grep -q '"first_sample":true' || fail "the first sample is not marked: $(head -1 "$f")"
last_cpu=$(tail -1 "$f" | sed -n 's/.*"usage_usec":\([0-9]*\).*/\1/p')
rec_cpu=$(sed -n 's/.*"cpu_usec":\([0-9]*\).*/\1/p' "/run/taskscope/$id/exit.json")
[ -n "$last_cpu" ] && [ -n "$rec_cpu" ] && [ "$rec_cpu" -le "$last_cpu" ] && [ $((last_cpu - rec_cpu)) -lt 20000 ] ||
	fail "the last sample's usage_usec $last_cpu is not the record's cpu_usec $rec_cpu and the holder's"
expect_launcher_error "invalid value '1ms' for --stats-interval" taskscope run --stats-interval 1ms --stats-out "$f" -- true
rm -f "$f"

# Detached output: the journal by default, under the task's unit; with
# --stdout the file, and the output not named is dropped.
id=$(new_id detachlog) f=/tmp/detach-out.$$
taskscope run -q --detach --id "$id" -- sh -c "echo out-$id; echo err-$id >&2; sleep 1" >/dev/null ||
	fail "run --detach failed"
expect_rc 0 taskscope wait "$id"
journalctl --sync
journalctl -q -o cat -u "taskscope-$id.scope" | grep -qx "out-$id" ||
	fail "a detached task's stdout is not under its unit in the journal"
journalctl -q -o cat -u "taskscope-$id.scope" | grep -qx "err-$id" ||
	fail "a detached task's stderr is not under its unit in the journal"
id=$(new_id detachfile)
rm -f "$f"
out=$(taskscope run -q --detach --id "$id" --stdout "$f" -- sh -c "echo out-$id; echo err-$id >&2" 2>&1)
[ "$out" = "$id" ] || fail "run --detach --stdout printed: $out"
expect_rc 0 taskscope wait "$id"
[ "$(cat "$f")" = "out-$id" ] || fail "--detach --stdout wrote: $(cat "$f")"
journalctl --sync
journalctl -q -o cat -u "taskscope-$id.scope" | grep -qx "err-$id" && fail "stderr went to the journal with --stdout"
rm -f "$f"

# A failed detached start: the caller gets the error and the code, nothing is left.
id=$(new_id detachbad)
expect_rc 127 taskscope run -q --detach --id "$id" -- /no/such/command
grep -qF "/no/such/command" <<<"$out" || fail "the detached start error did not reach the caller: $out"
wait_until 5 unit_gone "$(sup_unit "$id")" || fail "the supervisor's scope is left after a failed start"
unit_gone "taskscope-$id.scope" || fail "the task's scope is left after a failed start"

# SIGKILL the supervisor: the task goes on; wait answers, the code unknown.
id=$(new_id orphan) d=/tmp/orphan.$$
mkdir -p "$d"
taskscope run -q --detach --id "$id" -- sh -c "while [ ! -e $d/go ]; do sleep 0.1; done; exit 3" >/dev/null ||
	fail "run --detach failed"
sv=$(state_field "$id" supervisor_pid)
kill -KILL "$sv"
wait_until 5 sh -c "! kill -0 $sv 2>/dev/null" || fail "the supervisor survived SIGKILL"
sleep 0.5
unit_in_state active "taskscope-$id.scope" || fail "killing the supervisor ended the task"
expect_rc 0 taskscope status "$id" --json
grep -qF '"alive":false,"liveness":"gone"' <<<"$out" || fail "status does not say the supervisor is gone: $out"
taskscope wait "$id" >"$d/wait.out" 2>&1 &
waiter=$!
sleep 0.5
kill -0 "$waiter" 2>/dev/null || fail "wait returned while the task still ran: $(cat "$d/wait.out")"
touch "$d/go"
wait "$waiter"
rc=$?
[ "$rc" = 125 ] || fail "wait on an orphaned task exited $rc: $(cat "$d/wait.out")"
grep -q "exit code is unknown" "$d/wait.out" || fail "wait did not say the code is unknown: $(cat "$d/wait.out")"
wait_until 5 unit_gone "taskscope-$id.scope" || fail "the orphaned task's scope is left"
record_has "$id" '"exit_code":null' '"ended_by":"unknown"'
rm -rf "$d"

# A detached task outlives the unit of whoever started it.
id=$(new_id survive)
systemd-run -q --unit "caller-$id" sh -c "taskscope run -q --detach --id $id -- sleep 100; sleep 100"
wait_until 10 unit_in_state active "taskscope-$id.scope" || fail "the detached task did not start from a service"
systemctl stop "caller-$id.service"
sleep 0.5
unit_in_state active "taskscope-$id.scope" || fail "stopping the caller's service ended the detached task"
unit_in_state active "$(sup_unit "$id")" || fail "stopping the caller's service ended the supervisor"
# Stopping the supervisor's unit stops the task gracefully.
systemctl stop "$(sup_unit "$id")"
wait_until 10 unit_gone "taskscope-$id.scope" || fail "stopping the supervisor's unit left the task"
record_has "$id" '"ended_by":"supervisor"' '"signal":"SIGINT"'

# Bad input: one line, 125, nothing left.
expect_launcher_error "--detach and --pty do not go together" taskscope run --detach -t -- true
expect_launcher_error "--stats-interval and --stats-out go together" taskscope run --stats-interval 1s -- true
expect_launcher_error "is too long for --detach" taskscope run --detach --id "$(printf 'a%.0s' $(seq 235))" -- true
expect_launcher_error "no task 't$$-none'" taskscope wait "t$$-none"
expect_launcher_error "invalid task id 'bad id'" taskscope wait "bad id"
no_taskscope_units || fail "units left: $(taskscope_units)"
exit 0
