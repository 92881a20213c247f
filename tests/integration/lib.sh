# Helpers for the integration tests. Sourced by each test-*.sh, which runs as
# root inside a bed (real systemd as PID 1) and exits 0 (pass), 77 (skip: the
# last line of its output says why) or anything else (fail).
set -u

: "${BED:=unknown}"

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "$*"; exit 77; }

# expect_rc N CMD...: run CMD, fail unless it exits N. Output is kept in $out.
expect_rc() {
	local want=$1 got
	shift
	out=$("$@" 2>&1)
	got=$?
	[ "$got" = "$want" ] || fail "expected exit $want from '$*', got $got; output: $out"
}

# A unique id for this test run. Whatever a failing test leaves running under
# such an id is stopped when it exits, so one failure does not cascade.
new_id() { echo "t$$-$1"; }
stop_own_units() { systemctl stop "taskscope-t$$-*.scope" 2>/dev/null; systemctl reset-failed "taskscope-t$$-*.scope" 2>/dev/null; }
trap stop_own_units EXIT

unit_state() { systemctl show -P ActiveState "$1" 2>/dev/null; }
unit_in_state() { [ "$(unit_state "$2")" = "$1" ]; }

# wait_until SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_until() {
	local n=$(($1 * 10))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# file_is FILE VALUE: for wait_until, which needs a command, not a value.
file_is() { [ "$(cat "$1" 2>/dev/null)" = "$2" ]; }

unit_gone() { [ "$(unit_state "$1")" = inactive ] && ! systemctl list-units --all --no-legend "$1" | grep -q .; }

need_controller() {
	local have
	have=$(cat /sys/fs/cgroup/cgroup.controllers)
	grep -qw "$1" <<<"$have" || skip "no $1 controller in the $BED bed (its cgroup v2 has ${have:-none})"
}

# The taskscope units systemd knows, for "nothing was created" checks.
taskscope_units() { systemctl list-units --all --no-legend --plain 'taskscope-*.scope' | sort; }
no_taskscope_units() { [ -z "$(taskscope_units)" ]; }

# expect_launcher_error WANT CMD...: CMD exits 125 with one line containing WANT.
expect_launcher_error() {
	local want=$1
	shift
	expect_rc 125 "$@"
	grep -qF -- "$want" <<<"$out" || fail "'$*' said: $out"
	[ "$(grep -c . <<<"$out")" = 1 ] || fail "'$*' printed more than one line: $out"
}

# make_task_root DIR: a task directory made from busybox-static, with an
# /etc/passwd and /etc/group of its own and a file the host does not have.
make_task_root() {
	local d=$1 a
	mkdir -p "$d/bin" "$d/etc" "$d/tmp" "$d/data"
	cp /bin/busybox "$d/bin/busybox"
	for a in $("$d/bin/busybox" --list); do
		[ -e "$d/bin/$a" ] || ln -s busybox "$d/bin/$a"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$d/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$d/etc/group"
	echo "inside the task" >"$d/data/marker"
	chmod 1777 "$d/tmp"
}

# start_task ID READY RUN-OPTIONS... -- COMMAND...: a foreground `taskscope run`
# in the background ($sup is its pid), ready once the task touched READY.
start_task() {
	local id=$1 ready=$2
	shift 2
	rm -f "$ready"
	taskscope run -q --id "$id" "$@" &
	sup=$!
	wait_until 20 test -e "$ready" || fail "task $id never got ready"
}

# record_has ID STRING...: the task's exit record holds every STRING (the
# beds' python3 has no json module: json-c writes it on one line, plainly).
record_has() {
	local id=$1 rec s
	shift
	rec=$(cat "/run/taskscope/$id/exit.json" 2>/dev/null) || fail "no exit record for task $id"
	for s in "$@"; do
		grep -qF -- "$s" <<<"$rec" || fail "exit record of $id lacks $s: $rec"
	done
}
