#!/bin/bash
# beds: fast
# --mount: read-only binds, propagation modes, and a symlink in the task dir
# cannot make a bind land on the host.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
src=$(mktemp -d /var/tmp/tasksrc.XXXXXX)
trap 'umount -R "$src"/* 2>/dev/null; rm -rf "$root" "$src"; rm -rf /etc/taskscope-escape-test; stop_own_units' EXIT
make_task_root "$root"
echo hello >"$src/file"

out=$(taskscope run -q --root "$root" --mount "$src:/mnt/src:ro" -- sh -c 'cat /mnt/src/file; echo x >/mnt/src/new 2>&1 || echo refused')
[ "$out" = "hello
refused" ] || fail "ro bind: $out"
[ -e "$src/new" ] && fail "a ro bind was written through"
out=$(taskscope run -q --root "$root" --mount "$src:/mnt/src" -- sh -c 'echo written >/mnt/src/new && cat /mnt/src/new')
[ "$out" = written ] || fail "rw bind: $out"

# Propagation: a mount made on the host under the source after the task
# started appears in the task with host-to-task, not with private.
for mode in host-to-task private; do
	mkdir -p "$src/sub"
	id=$(new_id prop-$mode)
	taskscope run -q --id "$id" --root "$root" --mount "$src:/mnt/src:$mode" -- sh -c \
		'touch /tmp/ready; i=0; while [ $i -lt 100 ]; do [ -e /tmp/go ] && break; sleep 0.1; i=$((i+1)); done; ls /mnt/src/sub' >"$src.out" &
	sup=$!
	wait_until 20 test -e "$root/tmp/ready" || fail "task never got ready ($mode)"
	mount -t tmpfs none "$src/sub"
	touch "$src/sub/from-host"
	touch "$root/tmp/go"
	wait "$sup"
	umount "$src/sub"
	rm -f "$root/tmp/ready" "$root/tmp/go"
	case $mode in
	host-to-task) grep -q from-host "$src.out" || fail "host-to-task: the host's new mount is not in the task" ;;
	private) grep -q from-host "$src.out" && fail "private: the host's new mount leaked into the task" ;;
	esac
done
rm -f "$src.out"

# A step of the child that fails is named with its paths, exit 125, nothing left.
expect_launcher_error "cannot bind $src to /data/marker/sub: Not a directory" \
	taskscope run -q --root "$root" --mount "$src:/data/marker/sub" -- true
wait_until 10 no_taskscope_units || fail "a scope was left: $(taskscope_units)"
grep -q "$root" /proc/mounts && fail "mounts left on the host"

# Symlink escape: <root>/escape -> /etc must resolve inside the root.
ln -s /etc "$root/escape"
mkdir -p "$root/etc"
taskscope run -q --root "$root" --mount "$src:/escape/taskscope-escape-test" -- true ||
	fail "a bind under a symlink in the root failed"
[ -e /etc/taskscope-escape-test ] && fail "the bind escaped to the host's /etc"
[ -d "$root/etc/taskscope-escape-test" ] || fail "the bind did not land in the root's /etc"
exit 0
