#!/bin/bash
# Limit options and -p properties reach the unit as systemd shows them, and
# `update` changes them on the running task. (Enforcement needs controllers:
# see test-limits-enforced.sh in the full bed.)
. ./lib.sh
id=$(new_id lim)
unit=taskscope-$id.scope

# A device node under /dev to allow: the fast bed's /dev has few.
dev=/dev/null
taskscope run -q --id "$id" --memory 64M --memory-max 128M --cpu-shares 500 --cpus 0 \
	--pids-max 64 --io-weight 200 --device "$dev:/dev/mynull:rw" \
	-p CPUQuota=50% -p RuntimeMaxSec=5min -p KillSignal=SIGINT -p TimeoutStopSec=10 \
	-p MemoryHigh=100M -p 'Description=limits test' -- sleep 60 &
sup=$!
wait_until 10 unit_in_state active "$unit" || fail "$unit never became active"

got=$(systemctl show "$unit" -p MemoryMax,MemoryLow,MemoryHigh,MemorySwapMax,CPUWeight,AllowedCPUs,TasksMax,IOWeight,DevicePolicy,DeviceAllow,CPUQuotaPerSecUSec,RuntimeMaxUSec,KillSignal,TimeoutStopUSec,Description)
for want in MemoryMax=134217728 MemoryLow=67108864 MemoryHigh=104857600 MemorySwapMax=0 CPUWeight=58 \
	AllowedCPUs=0 TasksMax=64 IOWeight=200 DevicePolicy=closed "DeviceAllow=$dev rw" CPUQuotaPerSecUSec=500ms \
	RuntimeMaxUSec=5min KillSignal=2 TimeoutStopUSec=10s "Description=limits test"; do
	grep -qxF "$want" <<<"$got" || fail "missing '$want' in:
$got"
done

# update: runtime changes show up; what cannot change is refused by name.
expect_rc 0 taskscope update "$id" --memory-max 256M -p CPUWeight=300 --pids-max 99
got=$(systemctl show "$unit" -p MemoryMax,CPUWeight,TasksMax 2>/dev/null)
for want in MemoryMax=268435456 CPUWeight=300 TasksMax=99; do
	grep -qxF "$want" <<<"$got" || fail "after update, missing '$want' in: $got"
done
expect_rc 125 taskscope update "$id" -p KillSignal=SIGTERM
grep -q "property KillSignal cannot change on a running scope" <<<"$out" || fail "update KillSignal said: $out"
expect_rc 125 taskscope update "$id" --device /dev/null
grep -q -- "--device cannot change on a running task" <<<"$out" || fail "update --device said: $out"
expect_rc 125 taskscope update "$id"
grep -q "nothing to update" <<<"$out" || fail "empty update said: $out"
expect_rc 125 taskscope update "t$$-no-such-task" --pids-max 5
grep -qx "taskscope: no task 't$$-no-such-task' is running (no unit taskscope-t$$-no-such-task.scope)" <<<"$out" ||
	fail "update of a missing task said: $out"
[ "$(systemctl show -P KillSignal "$unit")" = 2 ] || fail "a refused update changed KillSignal"

# KillSignal=SIGINT is what systemctl stop sends: the task dies of it.
systemctl stop "$unit"
wait "$sup"
rc=$?
[ "$rc" = 130 ] || fail "stopped with KillSignal=SIGINT, the task should end with 130, got $rc"
