#!/bin/bash
# taskscope list and status: systemd's task scopes joined with the tasks'
# state files; a detached supervisor's own scope is no task; a scope without a
# state file is still listed; an ended task is known by its exit record;
# unknown and bad ids fail with one line. The beds' python3 has no json
# module: the JSON is checked with grep.
. ./lib.sh

id=$(new_id inspect) unit=taskscope-t$$-inspect.scope
bare=$(new_id bare) det=$(new_id detached)
supunit=taskscope.supervisor-$det.scope fakesup=taskscope.supervisor-t$$-fake.scope
cleanup() {
	systemctl stop "$supunit" "$fakesup" 2>/dev/null
	stop_own_units
}
trap cleanup EXIT

# Bad input first: one line, 125.
expect_launcher_error "invalid task id 'bad id!'" taskscope status 'bad id!'
expect_launcher_error "no task 't$$-nosuch' (no unit taskscope-t$$-nosuch.scope, no state)" taskscope status "t$$-nosuch"
expect_launcher_error "no task id given" taskscope status
expect_launcher_error "unexpected argument 'x'" taskscope list x
expect_launcher_error "unknown option '--nope'" taskscope list --nope
expect_rc 0 taskscope list --help
grep -q -- "--json" <<<"$out" || fail "list --help said: $out"
expect_rc 0 taskscope status --help
grep -q -- "--json" <<<"$out" || fail "status --help said: $out"

# Nothing of taskscope's running: an empty list is no error.
if [ -z "$(taskscope_units)" ]; then
	expect_rc 0 taskscope list --json
	[ "$out" = "[]" ] || fail "list --json with no task said: $out"
	expect_rc 0 taskscope list
	[ "$(grep -c . <<<"$out")" = 1 ] && grep -q "^ID  *UNIT  *STATE  *PID  *UPTIME  *MEMORY  *COMMAND$" <<<"$out" ||
		fail "list with no task said: $out"
fi

# A task, with limits to read back.
taskscope run -q --id "$id" --pids-max 50 --cpus 0 --cpu-weight 50 -- sleep 100 &
sup=$!
wait_until 20 unit_in_state active "$unit" || fail "$unit never became active"
wait_until 10 test -e "/run/taskscope/$id/state.json" || fail "no state file for $id"
state=$(cat "/run/taskscope/$id/state.json")
pid=$(grep -o '"pid":[0-9]*' <<<"$state" | cut -d: -f2)
[ -n "$pid" ] && [ "$(cat "/proc/$pid/comm")" = sleep ] || fail "state pid '$pid' is not the task: $state"

# A detached supervisor's scope is not a task (a real one, and one that only
# has the name); a scope without a state is one.
out=$(taskscope run -q --detach --id "$det" -- sleep 100) || fail "run --detach failed: $out"
systemd-run -q --scope --unit "$fakesup" sleep 100 &
systemd-run -q --scope --unit "taskscope-$bare" sleep 100 &
unit_in_state active "$supunit" || fail "$supunit is not active"
wait_until 10 unit_in_state active "$fakesup" || fail "$fakesup never became active"
wait_until 10 unit_in_state active "taskscope-$bare.scope" || fail "taskscope-$bare.scope never became active"

expect_rc 0 taskscope list
list=$out
grep -q "^ID  *UNIT  *STATE  *PID  *UPTIME  *MEMORY  *COMMAND$" <<<"$list" || fail "list has no header: $list"
row=$(grep "^$id " <<<"$list") || fail "list does not show $id: $list"
for want in " $unit " " active/running " " $pid " " sleep 100"; do
	grep -qF -- "$want" <<<"$row " || fail "list row lacks '$want': $row"
done
grep -q "^$id .* [0-9]*s .*sleep 100$" <<<"$row" || fail "list row has no uptime: $row"
grep -q "^$det .* sleep 100$" <<<"$list" || fail "list does not show the detached task: $list"
row=$(grep "^$bare " <<<"$list") || fail "list does not show the scope without a state: $list"
grep -q "taskscope-$bare.scope  *active/running  *-  *-  *-  *-$" <<<"$row" || fail "stateless row: $row"
grep -q "supervisor" <<<"$list" && fail "list shows a supervisor's scope: $list"
[ "$(grep -c "^t$$-" <<<"$list")" = 3 ] || fail "list does not show exactly this test's 3 tasks: $list"

expect_rc 0 taskscope list --json
json=$out
[ "$(grep -c . <<<"$json")" = 1 ] || fail "list --json is not one line: $json"
case $json in "["*"]") ;; *) fail "list --json is no array: $json" ;; esac
for want in "\"id\":\"$id\"" "\"unit\":\"$unit\"" "\"pid\":$pid," '"command":"sleep 100"' '"argv":["sleep","100"]' \
	'"active_state":"active"' '"sub_state":"running"' "\"id\":\"$bare\""; do
	grep -qF -- "$want" <<<"$json" || fail "list --json lacks $want: $json"
done
grep -qF "\"id\":\"$bare\",\"unit\":\"taskscope-$bare.scope\",\"active_state\":\"active\",\"sub_state\":\"running\",\"pid\":null,\"started_usec\":null,\"uptime_usec\":null,\"memory_current\":null,\"command\":null,\"argv\":null" <<<"$json" ||
	fail "list --json of a scope without state: $json"
grep -q supervisor <<<"$json" && fail "list --json shows a supervisor's scope: $json"

# status: the task in full, and the limits systemd has on it.
expect_rc 0 taskscope status "$id"
st=$out
for want in "id:              $id" "unit:            $unit (active/running)" "main pid:        $pid" \
	"command:         sleep 100" "cgroup:          /taskscope.slice/$unit" "slice:           taskscope.slice" \
	"supervisor:      $sup (" "user:            root (0), group root (0)" "kill signal:     SIGINT, grace 5s" \
	"  TasksMax:        50" "  AllowedCPUs:     0" "  CPUWeight:       50" "  MemoryMax:       infinity" \
	"  CPUQuota:        infinity"; do
	grep -qF -- "$want" <<<"$st" || fail "status lacks '$want': $st"
done
grep -q "^started: .* ago)$" <<<"$st" || fail "status has no uptime: $st"
# memory.current where the cgroup has it (the full bed), "-" and null where not.
if grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
	grep -q "^memory: *[0-9.]*[BKMG]$" <<<"$st" || fail "status shows no memory: $st"
	grep -qF "\"id\":\"$id\",\"unit\":\"$unit\",\"active_state\":\"active\",\"sub_state\":\"running\",\"pid\":$pid,\"started_usec\":" <<<"$json" &&
		grep -q "\"id\":\"$id\"[^}]*\"memory_current\":[1-9]" <<<"$json" || fail "list --json shows no memory: $json"
else
	grep -q "^memory: *-$" <<<"$st" || fail "status shows a memory without the controller: $st"
	grep -q "\"id\":\"$id\"[^}]*\"memory_current\":null" <<<"$json" || fail "list --json: memory not null: $json"
fi
# With the supervisor's starttime recorded, its pid is checked, not trusted.
if grep -q '"supervisor_starttime":[1-9]' <<<"$state"; then
	grep -qF "supervisor:      $sup (alive)" <<<"$st" || fail "status: supervisor not alive: $st"
fi

expect_rc 0 taskscope status "$id" --json
sj=$out
[ "$(grep -c . <<<"$sj")" = 1 ] || fail "status --json is not one line: $sj"
for want in "\"unit\":\"$unit\"" "\"pid\":$pid," "\"cgroup\":\"/taskscope.slice/$unit\"" '"tasks_max":50' \
	'"allowed_cpus":"0"' '"cpu_weight":50' '"memory_max":"infinity"' '"kill_signal":"SIGINT"' \
	'"grace_usec":5000000' '"exit":null' "\"supervisor\":{\"pid\":$sup,"; do
	grep -qF -- "$want" <<<"$sj" || fail "status --json lacks $want: $sj"
done

# The detached task: its supervisor in a scope of its own.
expect_rc 0 taskscope status "$det"
grep -qF "supervisor unit: $supunit" <<<"$out" || fail "status of a detached task: $out"
expect_rc 0 taskscope status "$det" --json
grep -qF "\"unit\":\"$supunit\"}" <<<"$out" || fail "status --json of a detached task: $out"

# A scope without a state: what systemd knows.
expect_rc 0 taskscope status "$bare"
grep -qF "state:           none" <<<"$out" && grep -qF "unit:            taskscope-$bare.scope (active/running)" <<<"$out" &&
	grep -qF "  TasksMax:" <<<"$out" || fail "status of a scope without a state: $out"

# Stop it all; an ended task is then known by its exit record, or not at all.
systemctl stop "$fakesup" "taskscope-$bare.scope"
out=$(taskscope stop "$id") || fail "stop failed: $out"
out=$(taskscope stop "$det") || fail "stop of the detached task failed: $out"
wait "$sup"
wait
unit_gone "$unit" || fail "$unit left after stop"
wait_until 10 unit_gone "taskscope-$det.scope" || fail "taskscope-$det.scope left after stop"
wait_until 10 unit_gone "$supunit" || fail "$supunit left after stop"
expect_rc 0 taskscope list
grep -q "^t$$-" <<<"$out" && fail "list still shows a stopped task: $out"

# The detached supervisor leaves an exit record.
wait_until 10 test -e "/run/taskscope/$det/exit.json" || fail "no exit record for $det"
expect_rc 0 taskscope status "$det"
for want in "unit:            taskscope-$det.scope (not loaded)" "state:           none" \
	"exit:            killed by SIGINT (exit status 130), ended by taskscope-stop" "cpu time:"; do
	grep -qF -- "$want" <<<"$out" || fail "status of an ended task lacks '$want': $out"
done
expect_rc 0 taskscope status "$det" --json
for want in '"active_state":null' '"pid":null' '"limits":null' "\"exit\":{\"id\":\"$det\"" '"ended_by":"taskscope-stop"'; do
	grep -qF -- "$want" <<<"$out" || fail "status --json of an ended task lacks $want: $out"
done
if [ -e "/run/taskscope/$id/exit.json" ]; then
	expect_rc 0 taskscope status "$id"
	grep -qF "unit:            $unit (not loaded)" <<<"$out" && grep -q "^exit: " <<<"$out" ||
		fail "status of an ended task: $out"
	expect_rc 0 taskscope status "$id" --json
	grep -qF '"exit":{' <<<"$out" && grep -qF '"active_state":null' <<<"$out" ||
		fail "status --json of an ended task: $out"
else
	expect_launcher_error "no task '$id' (no unit $unit, no state)" taskscope status "$id"
fi
pgrep -f '^sleep 100$' && fail "a sleep of this test survived"
exit 0
