#!/bin/bash
# beds: fast
# --root: the task sees its own tree, its own /dev with the default nodes
# only, its own processes, and the kernel's sensitive files masked or
# read-only; nothing of the launcher's fds leaks in.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
trap 'rm -rf "$root"; stop_own_units' EXIT
make_task_root "$root"

run_in() { taskscope run -q --root "$root" "$@"; }

out=$(run_in -- cat /data/marker) || fail "cannot read the task's own file: $out"
[ "$out" = "inside the task" ] || fail "marker: $out"
expect_rc 1 run_in -- cat /etc/hostname
[ -e "$root/etc/hostname" ] && fail "test setup: the task dir has /etc/hostname"

# Private pid namespace: only the task's processes, taskscope's init as PID 1.
out=$(run_in -- ps -o pid,comm) || fail "ps failed: $out"
[ "$(grep -c . <<<"$out")" -le 3 ] || fail "the task sees more than itself:
$out"
grep -q '^ *1 ' <<<"$out" || fail "no PID 1 in the task's namespace: $out"
grep -q systemd <<<"$out" && fail "the task sees the host's systemd: $out"
out=$(run_in --pid-mode host -- ps -o pid,comm) || fail "ps (host mode) failed"
grep -q '^ *1 systemd' <<<"$out" || fail "--pid-mode host does not show the host's PID 1: $out"

# The host's ipc namespace: its /dev/mqueue if it has one, no failure if not.
run_in --ipc-mode host -- true || fail "--ipc-mode host failed"

# /dev holds exactly the default nodes and links.
out=$(run_in -- ls /dev | tr '\n' ' ')
[ "$out" = "fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero " ] ||
	fail "/dev holds: $out"
out=$(run_in -- sh -c 'stat -c "%t:%T %F" /dev/null /dev/zero' | tr '\n' ' ')
[ "$out" = "1:3 character special file 1:5 character special file " ] || fail "/dev nodes: $out"
run_in -- sh -c 'echo ok >/dev/null' || fail "/dev/null is not writable"

# Masked and read-only parts of /proc and /sys.
# Each masked file this kernel has reads empty, with a mount over it.
out=$(run_in -- sh -c 'n=0; for f in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug /proc/kallsyms; do
	[ -e $f ] || continue; n=$((n+1))
	grep -q " $f " /proc/mounts || echo "$f: not masked"
	[ "$(head -c 16 $f 2>/dev/null | wc -c)" = 0 ] || echo "$f: readable"
done; echo "checked $n"')
grep -q "^checked [1-9]" <<<"$out" || fail "none of the masked files exists here: $out"
[ "$(grep -c . <<<"$out")" = 1 ] || fail "masking: $out"
run_in -- sh -c 'echo 1 >/proc/sys/kernel/domainname' 2>/dev/null && fail "/proc/sys is writable"
run_in -- sh -c 'echo 1 >/proc/sysrq-trigger' 2>/dev/null && fail "/proc/sysrq-trigger is writable"
out=$(run_in -- sh -c 'touch /sys/kernel/x 2>&1; grep " /sys " /proc/mounts')
grep -q "Read-only file system" <<<"$out" || fail "/sys is writable: $out"
grep -q " /sys sysfs ro," <<<"$out" || fail "/sys is not mounted read-only: $out"

# Only 0, 1 and 2 are open (plus the directory ls itself reads).
exec 7</etc/hostname
out=$(run_in -- ls /proc/self/fd | tr '\n' ' ')
exec 7<&-
[ "$out" = "0 1 2 3 " ] || fail "open fds in the task: $out"

# taskscope's own processes are not dumpable: the task cannot open their
# exe or fds through /proc, even with the host's pid namespace. The launcher
# runs without sys_ptrace and the task gets every cap it has, so that only
# dumpability stands between them.
nodump() { capsh --drop=cap_sys_ptrace -- -c "taskscope run -q --root $root --cap-add all $*"; }
out=$(nodump "--pid-mode host -- sh -c 'ls -l /proc/\$PPID/exe 2>&1; ls /proc/\$PPID/fd 2>&1'")
grep -q "Permission denied" <<<"$out" || fail "the supervisor's /proc entries are open to the task: $out"
grep -q "/usr/local/bin/taskscope" <<<"$out" && fail "the task read the supervisor's exe: $out"
out=$(nodump "-- sh -c 'ls -l /proc/1/exe 2>&1'")
grep -q "Permission denied" <<<"$out" || fail "the init's /proc/1/exe is open to the task: $out"

# --no-pivot-root: the same root by MS_MOVE and chroot.
out=$(run_in --no-pivot-root -- cat /data/marker) || fail "--no-pivot-root failed: $out"
[ "$out" = "inside the task" ] || fail "--no-pivot-root marker: $out"

# --rlimit and --device (the node is made in the task's /dev with the host's numbers).
out=$(run_in --rlimit nofile=100:200 -- sh -c 'ulimit -n; ulimit -Hn' | tr '\n' ' ')
[ "$out" = "100 200 " ] || fail "--rlimit nofile=100:200 gave: $out"
out=$(run_in --device /dev/zero:/dev/myzero:r -- stat -c '%t:%T %F' /dev/myzero)
[ "$out" = "1:5 character special file" ] || fail "--device node: $out"

# The environment is exactly what was given, plus the defaults.
out=$(FOO=leak run_in --env A=1 --env B=two -- env | sort | tr '\n' ' ')
[ "$out" = "A=1 B=two HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin USER=root " ] ||
	fail "task environment: $out"
out=$(run_in --cwd /data -- pwd)
[ "$out" = /data ] || fail "--cwd: $out"

# Lookup inside the root; 127 and 126, with nothing left behind.
wait_until 10 no_taskscope_units || fail "scopes left by the runs above: $(taskscope_units)"
expect_rc 127 run_in -- no-such-command
grep -q "cannot find 'no-such-command' in the task's root" <<<"$out" || fail "127 said: $out"
printf 'not a program' >"$root/bin/notexec"
chmod 644 "$root/bin/notexec"
expect_rc 126 run_in -- /bin/notexec
wait_until 10 no_taskscope_units || fail "units left: $(taskscope_units)"
mount | grep -q "$root" && fail "mounts left on the host: $(mount | grep "$root")"
exit 0
