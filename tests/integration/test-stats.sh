#!/bin/bash
# taskscope stats: samples of a running task's scope cgroup, as JSON lines
# and as a table. What the bed's cgroup lacks is unmeasured, not zero: the
# fast bed has no memory controller, the full bed has one.
. ./lib.sh

controllers=$(cat /sys/fs/cgroup/cgroup.controllers)
has_memory=0
grep -qw memory <<<"$controllers" && has_memory=1

expect_launcher_error "no task 'nosuch$$' is running" taskscope stats "nosuch$$"
expect_launcher_error "invalid interval 'soon'" taskscope stats x --interval soon
expect_launcher_error "invalid count 'many'" taskscope stats x --count many
expect_launcher_error "invalid task id 'a/b'" taskscope stats a/b

# The beds' python3 is python3-minimal, without the json module: JSON objects
# of numbers, strings and arrays are Python literals once true, false and
# null are named, so ast reads them there. load_py starts every check below.
load_py=$(cat <<'EOF'
import ast, sys

def load(line):
    try:
        import json
        return json.loads(line)
    except ImportError:
        pass
    consts = {"true": True, "false": False, "null": None}
    class Names(ast.NodeTransformer):
        def visit_Name(self, n):
            if n.id not in consts:
                raise ValueError("not JSON: " + n.id)
            return ast.copy_location(ast.Constant(consts[n.id]), n)
    return ast.literal_eval(Names().visit(ast.parse(line, mode="eval")))

def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)
EOF
)

# check_json ID HAS_MEMORY MIN_USAGE LINES < JSON lines: what every sample must
# say.
check_py=$(cat <<'EOF'

tid, has_memory, min_usage, want = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3]), int(sys.argv[4])
# A stream that runs into the task's stop may sample an emptied cgroup:
# then only the shape is checked, not that usage and pids are positive.
values = len(sys.argv) < 6 or sys.argv[5] == "1"
lines = sys.stdin.read().splitlines()
if len(lines) != want:
    fail("%d lines, not %d: %r" % (len(lines), want, lines))
samples = [load(l) for l in lines]
rates = ("user_percent", "system_percent", "total_percent", "total_ticks",
         "throttled_periods_delta", "throttled_time_usec_delta")
for i, s in enumerate(samples):
    if s["id"] != tid or not isinstance(s["time"], float) or s["first_sample"] is not (i == 0):
        fail("sample %d: id, time or first_sample wrong: %r" % (i, s))
    if "processes" in s:
        fail("sample %d: processes without --processes: %r" % (i, s))
    for g in ("memory", "cpu", "pids", "oom", "pressure", "io"):
        # measured names exactly the fields that follow it
        if sorted(s[g]["measured"]) != sorted(k for k in s[g] if k != "measured"):
            fail("sample %d: %s measured %r but has %r" % (i, g, s[g]["measured"], sorted(s[g])))
    if has_memory:
        if "usage" not in s["memory"]:
            fail("memory controller present, but memory: %r" % s["memory"])
    if has_memory and values:
        if s["memory"]["usage"] <= 0:
            fail("memory controller present, but memory: %r" % s["memory"])
        if s["memory"]["usage"] < min_usage:
            fail("memory usage %d < %d" % (s["memory"]["usage"], min_usage))
        if "rss" in s["memory"] and s["memory"]["rss"] < min_usage:
            fail("memory rss %d < %d" % (s["memory"]["rss"], min_usage))
    if not has_memory and (s["memory"]["measured"] or len(s["memory"]) != 1):
        fail("no memory controller, but memory: %r" % s["memory"])
    if values and "count" in s["pids"]["measured"] and s["pids"]["count"] < 1:
        fail("pids: %r" % s["pids"])
    if "usage_usec" not in s["cpu"]["measured"]:
        print("# cpu.stat has no usage_usec here: percentages not checked")
    if i == 0 and any(k in s["cpu"] for k in rates):
        fail("first sample with rates: %r" % s["cpu"])

if want > 1:
    cpu = samples[1]["cpu"]
    if "usage_usec" in cpu["measured"]:
        # a busy loop keeps one CPU busy
        if not 50 <= cpu.get("total_percent", -1) <= 150:
            fail("busy loop at %r%% of a CPU: %r" % (cpu.get("total_percent"), cpu))
        if not "user_percent" in cpu or not "system_percent" in cpu:
            fail("no user/system percent: %r" % cpu)
EOF
)
check_json() { python3 -c "$load_py"$'\n'"$check_py" "$@"; }

# A busy loop: one CPU's worth.
id=$(new_id stats)
unit=taskscope-$id.scope
ready=$(mktemp -u /tmp/stats-ready.XXXXXX)
taskscope run -q --id "$id" -- sh -c "touch $ready; while :; do :; done" &
sup=$!
wait_until 10 test -e "$ready" || fail "the busy loop never started"

out=$(taskscope stats "$id" --json --count 2 --interval 1s) || fail "stats --json exited $?: $out"
check_json "$id" "$has_memory" 1 2 <<<"$out" || fail "in: $out"

# The table: a header, then one row with "-" for the first sample's CPU%.
out=$(taskscope stats "$id") || fail "stats exited $?: $out"
[ "$(grep -c . <<<"$out")" = 2 ] || fail "table of one sample: $out"
read -r -a head <<<"$(sed -n 1p <<<"$out")"
read -r -a row <<<"$(sed -n 2p <<<"$out")"
[ "${head[0]} ${head[1]}" = "TIME CPU%" ] || fail "table header: $out"
[ "${#row[@]}" = "${#head[@]}" ] || fail "row and header differ in columns: $out"
[ "${row[1]}" = - ] || fail "CPU% on the first sample: $out"
if [ "$has_memory" = 0 ]; then
	[ "${row[4]}" = - ] || fail "MEM without a memory controller: $out"
fi

# --count 0 streams until the task ends, and that end is no error.
stream=$(mktemp)
taskscope stats "$id" --json --count 0 --interval 200ms >"$stream" &
streamer=$!
wait_until 10 test -s "$stream" || fail "no sample streamed"
systemctl stop "$unit"
wait "$sup"
wait "$streamer"
rc=$?
[ "$rc" = 0 ] || fail "stats --count 0 exited $rc when the task ended: $(cat "$stream")"
n=$(grep -c . "$stream")
check_json "$id" "$has_memory" 0 "$n" 0 <"$stream" || fail "in the stream: $(cat "$stream")"
rm -f "$stream" "$ready"
expect_launcher_error "no task '$id' is running" taskscope stats "$id"

# --processes: the task's processes, in task/ and in a sub-cgroup the task
# made below it, with pid, comm, rss and (from the second sample on) CPU
# percentages. The sleeps never run, so what is listed stays put.
check_processes_py=$(cat <<'EOF'

tid, want_pids, inner_pid = sys.argv[1], set(int(p) for p in sys.argv[2].split()), int(sys.argv[3])
lines = sys.stdin.read().splitlines()
if len(lines) != 2:
    fail("%d lines, not 2: %r" % (len(lines), lines))
samples = [load(l) for l in lines]
for i, s in enumerate(samples):
    if s["id"] != tid or s["first_sample"] is not (i == 0) or "usage_usec" not in s["cpu"]:
        fail("sample %d: not a sample of %s: %r" % (i, tid, s))
    procs = s.get("processes")
    if not isinstance(procs, list) or len(procs) < 4:
        fail("sample %d: not 4 processes: %r" % (i, procs))
    pids = [p["pid"] for p in procs]
    if pids != sorted(pids) or set(pids) != want_pids:
        fail("sample %d: pids %r, cgroup.procs has %r" % (i, pids, sorted(want_pids)))
    if inner_pid not in pids:
        fail("sample %d: the sub-cgroup's %d not listed: %r" % (i, inner_pid, pids))
    comms = [p["comm"] for p in procs]
    if comms.count("sleep") < 3 or "sh" not in comms or set(comms) - {"sh", "sleep"}:
        fail("sample %d: comms %r" % (i, comms))
    for p in procs:
        if sorted(p) != ["comm", "cpu", "group", "pid", "rss"] or p["group"] != "task" or not isinstance(p["rss"], int) or p["rss"] <= 0:
            fail("sample %d: process %r" % (i, p))
        keys = sorted(p["cpu"])
        if i == 0 and keys:
            fail("first sample with percentages: %r" % p)
        if i == 1:
            if keys != ["system_percent", "total_percent", "user_percent"]:
                fail("second sample without percentages: %r" % p)
            if not all(isinstance(v, float) and 0 <= v < 50 for v in p["cpu"].values()):
                fail("a sleeping process is busy: %r" % p)
EOF
)

id=$(new_id stats-procs)
script=$(mktemp /tmp/stats-procs.XXXXXX)
cat >"$script" <<EOF
cg=/sys/fs/cgroup\$(sed -n 's/^0:://p' /proc/self/cgroup)
mkdir "\$cg/inner" || exit 1
sh -c 'echo \$\$ >"\$1/cgroup.procs" && exec sleep 100' sh "\$cg/inner" &
sleep 100 &
sleep 100 &
until grep -q . "\$cg/inner/cgroup.procs" && [ "\$(cat /proc/\$(cat "\$cg/inner/cgroup.procs")/comm)" = sleep ]; do
	sleep 0.1
done
touch $ready
wait
EOF
start_task "$id" "$ready" -- sh "$script"
task_cg=/sys/fs/cgroup/taskscope.slice/taskscope-$id.scope/task
pids=$(cat "$task_cg/cgroup.procs" "$task_cg/inner/cgroup.procs")
inner=$(cat "$task_cg/inner/cgroup.procs")
out=$(taskscope stats "$id" --json --processes --count 2 --interval 200ms) || fail "stats --processes exited $?: $out"
python3 -c "$load_py"$'\n'"$check_processes_py" "$id" "$pids" "$inner" <<<"$out" || fail "in: $out"

# The table: each sample's row, then a block of its processes.
out=$(taskscope stats "$id" --processes) || fail "stats --processes exited $?: $out"
[ "$(sed -n 3p <<<"$out" | awk '{ print $1, $2, $3, $NF }')" = "PID GROUP CPU% COMMAND" ] || fail "no process block: $out"
[ "$(grep -c ' sleep$' <<<"$out")" = 3 ] || fail "not three sleeps in the block: $out"
[ "$(grep -c ' sh$' <<<"$out")" = 1 ] || fail "not one sh in the block: $out"
systemctl stop "taskscope-$id.scope"
wait "$sup"
rm -f "$script" "$ready"

# 50 MiB of memory, seen when there is a memory controller to see it (the
# fast bed checked above that without one nothing is claimed).
if [ "$has_memory" = 0 ]; then
	echo "no memory controller in the $BED bed (${controllers:-none}): 50 MiB check not run"
	exit 0
fi
id=$(new_id stats-mem)
taskscope run -q --id "$id" -- python3 -c "
s = 'x' * (50 << 20)
open('$ready', 'w').close()
import time
time.sleep(30)" &
sup=$!
wait_until 20 test -e "$ready" || fail "the 50 MiB task never got ready"
out=$(taskscope stats "$id" --json) || fail "stats exited $?: $out"
check_json "$id" 1 $((50 << 20)) 1 <<<"$out" || fail "in: $out"
systemctl stop "taskscope-$id.scope"
wait "$sup"
rm -f "$ready"
