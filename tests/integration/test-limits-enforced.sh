#!/bin/bash
# With real controllers (the full bed): the limits land in the scope's
# cgroup files, the slice's memory.low covers its tasks' reservations, the
# kernel enforces memory, pids and devices, and update changes a live limit.
. ./lib.sh
need_controller memory
need_controller pids
need_controller cpu
need_controller cpuset

slice_cg=/sys/fs/cgroup/taskscope.slice
a=$(new_id enf-a) b=$(new_id enf-b)
ready=/tmp/ready.$$

taskscope run -q --id "$a" --memory 32M --memory-max 128M --cpu-weight 300 --cpu-quota 50 --cpus 0 \
	--pids-max 64 -- sh -c "touch $ready.a; exec sleep 60" &
supa=$!
taskscope run -q --id "$b" --memory 16M --memory-max 64M -- sh -c "touch $ready.b; exec sleep 60" &
supb=$!
wait_until 60 test -e "$ready.a" -a -e "$ready.b" || fail "tasks never got ready"

cg=$slice_cg/taskscope-$a.scope
check_file() {
	local got
	got=$(cat "$cg/$1")
	[ "$got" = "$2" ] || fail "$cg/$1 is '$got', expected '$2'"
}
check_file memory.max 134217728
check_file memory.low 33554432
check_file memory.swap.max 0
check_file cpu.weight 300
check_file cpu.max "50000 100000"
check_file cpuset.cpus 0
check_file pids.max 64

# Both reservations are covered by the slice, so they protect something.
wait_until 10 file_is "$slice_cg/memory.low" $((48 << 20)) ||
	fail "slice memory.low is $(cat $slice_cg/memory.low), expected $((48 << 20))"

# A live update reaches the kernel.
expect_rc 0 taskscope update "$a" --memory-max 256M
check_file memory.max 268435456
# A new reservation through update is covered by the slice too.
expect_rc 0 taskscope update "$a" -p MemoryLow=64M
check_file memory.low 67108864
wait_until 10 file_is "$slice_cg/memory.low" $((80 << 20)) ||
	fail "after update, slice memory.low is $(cat $slice_cg/memory.low), expected $((80 << 20))"

systemctl stop "taskscope-$a.scope" "taskscope-$b.scope"
wait "$supa" "$supb"
# ...and when they are gone, so is the slice's protection.
wait_until 10 file_is "$slice_cg/memory.low" 0 ||
	fail "slice memory.low is $(cat $slice_cg/memory.low) after the tasks ended"
rm -f "$ready".*

# Memory: beyond --memory (no swap) the kernel kills the task; the
# supervisor, outside the scope, lives to report 137.
o=$(new_id oom)
expect_rc 137 taskscope run -q --id "$o" --memory 64M -- python3 -c 's = "x" * (256 << 20)'
# The exit record says it was the OOM killer (SIGKILL and memory.events'
# oom_kill up), with the peak near the limit (an OOM victim may charge past
# it while it exits); the journal has the OOM record.
record_has "$o" '"signal":"SIGKILL"' '"oom_killed":true' '"ended_by":"task"'
peak=$(sed -n 's/.*"memory_peak":\([0-9]*\).*/\1/p' "/run/taskscope/$o/exit.json")
[ -n "$peak" ] && [ "$peak" -ge $((48 << 20)) ] && [ "$peak" -le $((80 << 20)) ] ||
	fail "memory_peak of the OOM-killed task is '$peak', not near 64M: $(cat /run/taskscope/$o/exit.json)"
journalctl --sync
journalctl -q -o cat MESSAGE_ID=f4a9f2e6fdf241af9f78c9a3d33eeb5f TASKSCOPE_ID="$o" | grep -q "OOM killer" ||
	fail "no OOM record in the journal for $o"
journalctl -q -o cat -u "taskscope-$o.scope" | grep -q "OOM killer" ||
	fail "the OOM record is not filed under taskscope-$o.scope"
# A task killed with SIGKILL by someone else is not an OOM kill.
k=$(new_id notoom)
expect_rc 137 taskscope run -q --id "$k" --memory 64M -- sh -c 'kill -KILL $$'
record_has "$k" '"signal":"SIGKILL"' '"oom_killed":false' '"oom_kills":0'

# Pids: a fork bomb stops at --pids-max (python3: a shell gives up at its
# first failed fork).
p=$(new_id pids)
taskscope run -q --id "$p" --pids-max 20 -- python3 -c "
import os, time
forked = refused = 0
for i in range(60):
    try:
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
        forked += 1
    except OSError:
        refused += 1
open('$ready.p', 'w').write('%d %d' % (forked, refused))
time.sleep(30)" &
supp=$!
wait_until 60 test -s "$ready.p" || fail "the fork bomb never got ready"
read -r forked refused_inside <"$ready.p"
[ "$forked" -le 19 ] || fail "$forked forks succeeded under --pids-max 20"
[ "$refused_inside" -gt 0 ] || fail "no fork was refused inside the task"
cg=$slice_cg/taskscope-$p.scope
cur=$(cat "$cg/pids.current")
[ "$cur" -le 20 ] || fail "pids.current $cur above --pids-max 20"
# Kernels before 6.2 count the refusal in the forking cgroup (task/), later
# ones in the cgroup whose limit was hit (the scope): either will do.
refused=$(($(sed -n 's/^max //p' "$cg/pids.events") + $(sed -n 's/^max //p' "$cg/task/pids.events")))
[ "$refused" -gt 0 ] || fail "the kernel counted no refused fork (pids.events: $(cat "$cg/pids.events" "$cg/task/pids.events"))"
systemctl stop "taskscope-$p.scope"
wait "$supp"
rm -f "$ready".*

# Devices: with a closed policy, a device not allowed is EPERM, /dev/null works,
# and --device lets one through.
disk=$(ls /dev/vda /dev/sda 2>/dev/null | head -n1)
[ -n "$disk" ] || fail "no disk device to test with"
out=$(taskscope run -q -p DevicePolicy=closed -- sh -c "echo ok >/dev/null && echo null-ok; head -c1 $disk >/dev/null" 2>&1)
grep -q null-ok <<<"$out" || fail "/dev/null did not work under DevicePolicy=closed: $out"
grep -q "Operation not permitted" <<<"$out" || fail "$disk was not refused: $out"
expect_rc 0 taskscope run -q --device "$disk:$disk:r" -- head -c1 "$disk"
