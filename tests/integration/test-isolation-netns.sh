#!/bin/bash
# beds: fast
# --netns joins a network namespace made with `ip netns add`; --hostname
# gives the task a UTS namespace of its own.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
ns=tsns$$
trap 'rm -rf "$root"; ip netns del $ns 2>/dev/null; stop_own_units' EXIT
make_task_root "$root"
links() { "$@" ip -o link | awk -F': ' '{print $2}' | sort | tr '\n' ' '; }
out=$(taskscope run -q --hostname task-host -- hostname)
[ "$out" = task-host ] || fail "--hostname: $out"
[ "$(hostname)" != task-host ] || fail "the host's name changed"
# --ipc-mode private without a root: an IPC namespace of its own all the same.
out=$(taskscope run -q --ipc-mode private -- readlink /proc/self/ns/ipc)
[ -n "$out" ] && [ "$out" != "$(readlink /proc/self/ns/ipc)" ] || fail "--ipc-mode private shares the host's: $out"
out=$(taskscope run -q -- readlink /proc/self/ns/ipc)
[ "$out" = "$(readlink /proc/self/ns/ipc)" ] || fail "without options the task has an IPC namespace of its own: $out"

ip netns add "$ns" || skip "cannot create a network namespace here"
# A link of its own where the kernel allows it (the nspawn bed cannot load
# dummy or veth): otherwise the namespace has lo alone, the bed more.
if ip -n "$ns" link add dummy0 type dummy 2>/dev/null; then
	want="dummy0 lo "
else
	want="lo "
	[ "$(links)" != "lo " ] || skip "the bed's own namespace has lo alone: nothing to tell apart"
fi
out=$(links taskscope run -q --root "$root" --netns "/run/netns/$ns" --)
[ "$out" = "$want" ] || fail "links in the joined namespace: '$out', expected '$want' (the bed has: $(links))"
expect_launcher_error "invalid value '/run/netns/nonexistent' for --netns" taskscope run --netns /run/netns/nonexistent -- true
