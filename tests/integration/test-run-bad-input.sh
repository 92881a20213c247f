#!/bin/bash
# Bad input fails with 125 and a one-line message naming the value, and
# creates nothing: no unit, no process.
. ./lib.sh

units() { systemctl list-units --all --no-legend --plain 'taskscope-*' | sort; }
before=$(units)

check() {
	local want=$1
	shift
	expect_rc 125 taskscope "$@"
	grep -qF -- "$want" <<<"$out" || fail "'taskscope $*' said: $out"
	[ "$(grep -c . <<<"$out")" = 1 ] || fail "'taskscope $*' printed more than one line: $out"
}
check "invalid task id '../x'" run --id ../x -- true
check "invalid task id 'a b'" run --id 'a b' -- true
check "invalid task id '-x'" run --id -x -- true
check "invalid task id 'a@b'" run --id a@b -- true
check "invalid slice 'system'" run --slice system -- true
check "unknown option '--bogus'" run --bogus -- true
check "option '--id' needs a value" run --id
check "no command given" run --id ok --
check "unknown verb 'frob'" frob
check "no verb given"

[ "$(units)" = "$before" ] || fail "units appeared: $(units)"
pgrep -f 'taskscope run' >/dev/null && fail "a taskscope process is left"
[ -z "$(ls /sys/fs/cgroup/taskscope.slice 2>/dev/null | grep '^taskscope-')" ] || fail "cgroups left in taskscope.slice"
exit 0
