#!/bin/bash
# beds: fast
# taskscope exec: inside the task's namespaces, root, user and capabilities,
# in a sub-cgroup of its own; deadline, capture, exit codes, a terminal.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
trap 'rm -rf "$root"; stop_own_units' EXIT
make_task_root "$root"
chmod 755 "$root" # other users may enter it (exec --user)

id=$(new_id exec)
scope_cg=/sys/fs/cgroup/taskscope.slice/taskscope-$id.scope
start_task "$id" "$root/tmp/ready" --root "$root" --cap-drop all --cap-add chown,kill --env FROM_TASK=yes -- \
	sh -c 'grep CapEff /proc/self/status >/tmp/caps; readlink /proc/self/ns/pid >/tmp/pidns; touch /tmp/ready; exec sleep 1000'

# The task's filesystem, pid namespace, environment and capabilities.
expect_rc 0 taskscope exec "$id" -- cat /data/marker
[ "$out" = "inside the task" ] || fail "exec does not see the task's root: $out"
expect_rc 0 taskscope exec "$id" -- readlink /proc/self/ns/pid
[ "$out" = "$(cat "$root/tmp/pidns")" ] || fail "exec's pid namespace $out is not the task's $(cat "$root/tmp/pidns")"
[ "$out" != "$(readlink /proc/self/ns/pid)" ] || fail "exec is in the host's pid namespace"
expect_rc 0 taskscope exec "$id" -- sh -c 'ls /proc | grep -c "^[0-9]"'
[ "$out" -lt 10 ] || fail "exec sees $out processes: the host's"
expect_rc 0 taskscope exec "$id" -- grep CapEff /proc/self/status
[ "$out" = "$(cat "$root/tmp/caps")" ] || fail "exec has $out, the task has $(cat "$root/tmp/caps")"
expect_rc 0 taskscope exec "$id" -- grep NoNewPrivs /proc/self/status
[ "$(tr -d ' \t' <<<"$out")" = "NoNewPrivs:1" ] || fail "exec lacks the task's no_new_privs: $out"
expect_rc 0 taskscope exec "$id" --env EXTRA=1 -- sh -c 'echo $FROM_TASK $EXTRA $(pwd)'
[ "$out" = "yes 1 /" ] || fail "exec's environment and cwd: $out"

# Its own sub-cgroup during the session, gone afterwards; nothing left in the scope.
expect_rc 0 taskscope exec "$id" -- cat /proc/self/cgroup
grep -qx "0::/taskscope.slice/taskscope-$id.scope/exec-1" <<<"$out" || fail "exec's cgroup: $out"
[ -e "$scope_cg/exec-1" ] && fail "exec-1 is left after the session"
[ "$(find "$scope_cg" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | tr '\n' ' ')" = "hold task " ] ||
	fail "the scope holds: $(ls "$scope_cg")"

# stats shows the session's processes apart, in their group.
taskscope exec "$id" -- sleep 3 &
execpid=$!
wait_until 10 test -d "$scope_cg/exec-1" || fail "no exec-1 during the session"
wait_until 10 sh -c "taskscope stats $id --json --processes --count 1 | grep -q '\"group\":\"exec-1\",\"comm\":\"sleep\"'" ||
	fail "stats --processes does not show the exec's sleep in exec-1: $(taskscope stats "$id" --json --processes --count 1)"
taskscope stats "$id" --json --processes --count 1 | grep -q '"group":"task","comm":"sleep"' ||
	fail "stats --processes does not show the task's own sleep in task"
taskscope stats "$id" --json --processes --count 1 | grep -q 'taskscope-hold' &&
	fail "stats --processes shows the holder"
wait "$execpid"

# Exit codes pass through; 126/127 for a command that cannot run.
expect_rc 7 taskscope exec "$id" -- sh -c 'exit 7'
expect_rc 143 taskscope exec "$id" -- sh -c 'kill -TERM $$'
expect_rc 127 taskscope exec "$id" -- /no/such/thing
grep -qF "cannot execute '/no/such/thing' in task '$id'" <<<"$out" || fail "exec of a missing command said: $out"
expect_rc 126 taskscope exec "$id" -- /data/marker

# The deadline kills the whole session, not just its leader.
expect_rc 124 taskscope exec "$id" --timeout 1s -- sh -c 'sleep 100 & sleep 100'
grep -q "timed out" <<<"$out" || fail "a timed-out exec said: $out"
pgrep -f '^sleep 100$' && fail "a process of the timed-out exec survived"
[ -e "$scope_cg/exec-1" ] && fail "exec-1 is left after a timeout"

# --json: bounded, the tail of stdout and stderr together.
cmd='i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done; echo TAIL >&2'
want=$(sh -c "$cmd" 2>&1 | tail -c 20 | sed -z 's/\n/\\n/g')
expect_rc 0 taskscope exec "$id" --json --capture-limit 20 -- sh -c "$cmd"
grep -qF "{\"exit_code\":0,\"timed_out\":false,\"output\":\"$want\"," <<<"$out" || fail "exec --json said: $out (want $want)"
expect_rc 0 taskscope exec "$id" --json -- sh -c "$cmd"
len=$(sed 's/.*"output":"\([^"]*\)".*/\1/' <<<"$out" | sed 's/\\n/\n/g' | wc -c)
[ "$len" -le 4097 ] && [ "$len" -ge 4000 ] || fail "exec --json kept $len bytes, not the default 4096"
expect_rc 124 taskscope exec "$id" --json --timeout 1s -- sh -c 'echo before; sleep 100'
grep -qF '{"exit_code":null,"timed_out":true,"output":"before\n"' <<<"$out" || fail "a timed-out exec --json said: $out"

# stdin: forwarded with -i, /dev/null without.
out=$(echo hello | taskscope exec "$id" -i -- cat) && [ "$out" = hello ] || fail "exec -i did not forward stdin: $out"
out=$(echo hello | taskscope exec "$id" -- cat) && [ -z "$out" ] || fail "exec without -i read stdin: $out"

# Another user on request.
expect_rc 0 taskscope exec "$id" --user 65534:65534 -- id -u
[ "$out" = 65534 ] || fail "exec --user 65534 ran as $out"

# Interactive: a terminal from the task's own devpts, resized with the outer one.
outer=/tmp/outer.$$ log=/tmp/exec-tty.$$
rm -f "$outer"
{
	wait_until 10 test -s "$outer"
	sleep 1
	echo 'stty size'
	sleep 0.5
	stty -F "$(cat "$outer")" rows 40 cols 100
	sleep 0.5
	echo 'stty size; tty; echo $((6*7)); exit'
	sleep 1
} | script -qfec "sh -c 'tty >$outer; exec taskscope exec -t $id -- sh'" /dev/null >"$log" 2>&1
tr -d '\r' <"$log" | grep -qx '42' || fail "no 42 from the interactive exec: $(cat "$log")"
tr -d '\r' <"$log" | grep -qx '/dev/pts/[0-9]*' || fail "no pts in the interactive exec: $(cat "$log")"
tr -d '\r' <"$log" | grep -qx '40 100' || fail "the inner terminal did not follow the resize: $(cat "$log")"
rm -f "$outer" "$log"

# Journal records with the exec's id.
journalctl --sync
started=$(journalctl -q -o verbose TASKSCOPE_ID="$id" MESSAGE_ID=be242b00d3b54bda8af9d6c47ce9982d | grep -c "TASKSCOPE_EXEC_ID=")
ended=$(journalctl -q -o verbose TASKSCOPE_ID="$id" MESSAGE_ID=f969a238553e4916b0843b3ed2bf6535 | grep -c "TASKSCOPE_EXEC_ID=")
[ "$started" -ge 10 ] && [ "$started" = "$ended" ] || fail "exec records: $started started, $ended ended"
journalctl -q -o cat -u "taskscope-$id.scope" | grep -q "exec .* timed out and was killed" ||
	fail "the timed-out exec's record is not under the task's unit"
expect_rc 0 taskscope stop "$id"
wait "$sup"

# The helper is not dumpable: a task in the host's pid namespace, with every
# capability but sys_ptrace, cannot open its exe or fds (runc's CVE-2019-5736).
# taskscope runs without sys_ptrace too, so that only dumpability stands
# between them.
id2=$(new_id execdump)
capsh --drop=cap_sys_ptrace -- -c "taskscope run -q --id $id2 --root $root --pid-mode host --cap-add all -- sh -c 'touch /tmp/ready2; exec sleep 1000'" &
sup2=$!
wait_until 20 test -e "$root/tmp/ready2" || fail "task $id2 never got ready"
out=$(capsh --drop=cap_sys_ptrace -- -c "taskscope exec $id2 -- sh -c 'ls -l /proc/\$PPID/exe 2>&1; ls /proc/\$PPID/fd 2>&1'")
grep -q "Permission denied" <<<"$out" || fail "the exec helper's /proc entries are open to the task: $out"
grep -q "/usr/local/bin/taskscope" <<<"$out" && fail "the task read the exec helper's exe: $out"
expect_rc 0 taskscope stop "$id2"
wait "$sup2"

# Into a task that is not running: 125, one line.
expect_launcher_error "task '$id' is not running" taskscope exec "$id" -- true
expect_launcher_error "task 't$$-none' is not running" taskscope exec "t$$-none" -- true
expect_launcher_error "invalid task id 'bad id'" taskscope exec "bad id" -- true
exit 0
