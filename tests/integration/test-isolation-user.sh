#!/bin/bash
# beds: fast
# --user by name (from the host's passwd and group) or by number: groups,
# then gid, then uid; HOME and USER follow the account.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
trap 'rm -rf "$root"; stop_own_units' EXIT
make_task_root "$root"

out=$(taskscope run -q --root "$root" --user nobody -- sh -c 'echo $(id -u) $(id -g) $(id -G) $USER $HOME')
[ "$out" = "65534 65534 65534 nobody /nonexistent" ] || fail "--user nobody: $out"
out=$(taskscope run -q --root "$root" --user 1234:5678 -- sh -c 'echo $(id -u) $(id -g) $(id -G)')
[ "$out" = "1234 5678 5678" ] || fail "--user 1234:5678: $out"
out=$(taskscope run -q --root "$root" --user nobody:root -- sh -c 'echo $(id -u) $(id -g)')
[ "$out" = "65534 0" ] || fail "--user nobody:root: $out"
expect_launcher_error "no user 'nosuchuser' on the host" taskscope run --root "$root" --user nosuchuser -- true
# Without --root, --user still applies (on the host filesystem).
out=$(taskscope run -q --user nobody -- id -u)
[ "$out" = 65534 ] || fail "--user without --root: $out"
