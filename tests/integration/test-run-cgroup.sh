#!/bin/bash
# The task runs in taskscope-ID.scope inside taskscope.slice, and the unit
# name is announced on stderr unless -q.
. ./lib.sh
id=$(new_id cg)

cg=$(taskscope run --id "$id" -- sh -c 'grep "^0::" /proc/self/cgroup' 2>/tmp/err.$$) || fail "run failed: $(cat /tmp/err.$$)"
[ "$cg" = "0::/taskscope.slice/taskscope-$id.scope/task" ] || fail "task cgroup is '$cg'"
grep -qx "Running as unit: taskscope-$id.scope" /tmp/err.$$ || fail "no unit announcement on stderr: $(cat /tmp/err.$$)"

# -q: nothing on stderr; a generated id still yields a scope of its own.
cg=$(taskscope run -q -- sh -c 'grep "^0::" /proc/self/cgroup' 2>/tmp/err.$$) || fail "quiet run failed"
[ -s /tmp/err.$$ ] && fail "-q still printed: $(cat /tmp/err.$$)"
[[ $cg =~ ^0::/taskscope\.slice/taskscope-[0-9a-f]{12}\.scope/task$ ]] || fail "generated-id cgroup is '$cg'"

# --slice puts the scope elsewhere.
cg=$(taskscope run -q --id "$id" --slice batch-test.slice -- sh -c 'grep "^0::" /proc/self/cgroup') || fail "--slice run failed"
[ "$cg" = "0::/batch.slice/batch-test.slice/taskscope-$id.scope/task" ] || fail "--slice cgroup is '$cg'"
rm -f /tmp/err.$$
# The slice is systemd's, made on demand like systemd-run --slice does; not ours to keep.
systemctl stop batch-test.slice batch.slice
