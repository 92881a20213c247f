#!/bin/bash
# Bad input fails with 125 and a one-line message naming the value, and
# creates nothing: no unit, no process.
. ./lib.sh

before=$(taskscope_units)
check() { expect_launcher_error "$1" taskscope "${@:2}"; }
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

[ "$(taskscope_units)" = "$before" ] || fail "units appeared: $(taskscope_units)"
pgrep -f 'taskscope run' >/dev/null && fail "a taskscope process is left"
[ -z "$(ls /sys/fs/cgroup/taskscope.slice 2>/dev/null | grep '^taskscope-')" ] || fail "cgroups left in taskscope.slice"
exit 0
