#!/bin/bash
# --stdout/--stderr files, --journal streams filed under the task's unit,
# and the lifecycle records next to them.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
logs=$(mktemp -d /var/tmp/tasklogs.XXXXXX)
trap 'rm -rf "$root" "$logs"; stop_own_units' EXIT
make_task_root "$root"

for i in 1 2; do
	expect_rc 0 taskscope run -q --stdout "$logs/out" --stderr "$logs/err" -- sh -c "echo out$i; echo err$i >&2"
done
[ "$(cat "$logs/out" | tr '\n' ' ')" = "out1 out2 " ] || fail "--stdout file: $(cat "$logs/out")"
[ "$(cat "$logs/err" | tr '\n' ' ')" = "err1 err2 " ] || fail "--stderr file: $(cat "$logs/err")"
wait_until 10 no_taskscope_units || fail "scopes left by the runs above: $(taskscope_units)"
expect_launcher_error "invalid value '/nonexistent/dir/out' for --stdout" taskscope run --stdout /nonexistent/dir/out -- true
expect_launcher_error "--journal and --stdout/--stderr" taskscope run --journal --stdout "$logs/x" -- true
no_taskscope_units || fail "a unit was left by bad input: $(taskscope_units)"

journal_has() { # UNIT FIELD=VALUE...: some record of UNIT has them all
	local unit=$1
	shift
	# -o verbose: one unindented line opens each record, fields follow
	# indented, binary ones on one line too (export's binary framing can
	# hold newlines).
	journalctl -q -u "$unit" -o verbose --no-pager | awk -v want="$*" '
		BEGIN { n = split(want, w, " ") }
		/^[^ \t]/ { if (hit == n) found = 1; hit = 0; for (i = 1; i <= n; i++) seen[i] = 0; next }
		{ sub(/^[ \t]+/, ""); for (i = 1; i <= n; i++) if ($0 == w[i] && !seen[i]) { seen[i] = 1; hit++ } }
		END { if (hit == n) found = 1; exit !found }'
}

for how in host root; do
	id=$(new_id journal-$how)
	unit=taskscope-$id.scope
	if [ $how = root ]; then args=(--root "$root"); else args=(); fi
	# journald 252 learns a stream's unit from its peer's cgroup when it
	# accepts it; a peer already gone by then leaves the lines without a
	# unit (a known journald limit for short-lived processes), hence the sleep.
	expect_rc 3 taskscope run -q --id "$id" --journal "${args[@]}" -- sh -c "echo hello-$id; echo oops-$id >&2; sleep 1; exit 3"
	wait_until 10 journal_has "$unit" "MESSAGE=hello-$id" PRIORITY=6 SYSLOG_IDENTIFIER=sh ||
		fail "($how) stdout line not under -u $unit: $(journalctl -q -u "$unit" --no-pager)"
	journal_has "$unit" "MESSAGE=oops-$id" PRIORITY=4 || fail "($how) stderr line not at warning priority"
	journal_has "$unit" MESSAGE_ID=cf5ffc0b23dd40039e8f7aac2064524f "TASKSCOPE_ID=$id" ||
		fail "($how) no start record under -u $unit"
	journal_has "$unit" MESSAGE_ID=678bab4081474c4087109d40ad4289e4 "TASKSCOPE_ID=$id" TASKSCOPE_EXIT_CODE=3 ||
		fail "($how) no exit record with code 3 under -u $unit"
done
# The records are found host-wide by their MESSAGE_ID too.
journalctl -q MESSAGE_ID=678bab4081474c4087109d40ad4289e4 "TASKSCOPE_ID=$id" --no-pager | grep -q "exited with code 3" ||
	fail "the exit record is not found by MESSAGE_ID"
