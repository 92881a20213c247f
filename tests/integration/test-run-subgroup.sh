#!/bin/bash
# The delegated scope's layout: the task runs in <scope>/task, the scope's
# own cgroup holds no process, the supervisor is not in the scope, and the
# task's oom_score_adj is 0 whatever the launcher's.
. ./lib.sh
id=$(new_id sub)
unit=taskscope-$id.scope
ready=/tmp/ready.$id

# The launcher runs with oom_score_adj 500; the task must not inherit it.
sh -c "echo 500 >/proc/self/oom_score_adj; exec taskscope run -q --id $id -- sh -c 'cat /proc/self/oom_score_adj >$ready.adj; grep ^0:: /proc/self/cgroup >$ready.cg; touch $ready; sleep 30'" &
sup=$!
wait_until 20 test -e "$ready" || fail "the task never got ready"

[ "$(cat "$ready.cg")" = "0::/taskscope.slice/$unit/task" ] || fail "task cgroup: $(cat "$ready.cg")"
[ "$(cat "$ready.adj")" = 0 ] || fail "task oom_score_adj is $(cat "$ready.adj"), not 0"
scope=/sys/fs/cgroup/taskscope.slice/$unit
[ -z "$(cat "$scope/cgroup.procs")" ] || fail "the scope's root holds processes: $(cat "$scope/cgroup.procs")"
[ -n "$(cat "$scope/task/cgroup.procs")" ] || fail "no process in $scope/task"
grep -qx "$sup" "$scope/task/cgroup.procs" "$scope/cgroup.procs" && fail "the supervisor ($sup) is in the scope"
grep -q "$unit" "/proc/$sup/cgroup" && fail "the supervisor's cgroup is in the scope: $(cat /proc/$sup/cgroup)"
# Every controller the scope has is passed down to its children.
[ "$(cat "$scope/cgroup.subtree_control")" = "$(cat "$scope/cgroup.controllers")" ] ||
	fail "subtree_control '$(cat "$scope/cgroup.subtree_control")' != controllers '$(cat "$scope/cgroup.controllers")'"
systemctl stop "$unit"
wait "$sup"
rm -f "$ready" "$ready".*
wait_until 10 unit_gone "$unit" || fail "$unit left after stop"
