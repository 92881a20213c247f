#!/bin/bash
# The task's exit status passes through; exec failures map to 126 and 127.
. ./lib.sh

expect_rc 0 taskscope run -q -- true
expect_rc 3 taskscope run -q -- sh -c 'exit 3'
expect_rc 255 taskscope run -q -- sh -c 'exit 255'
expect_rc 137 taskscope run -q -- sh -c 'kill -9 $$'
expect_rc 143 taskscope run -q -- sh -c 'kill -TERM $$'

printf '#!/bin/sh\necho never\n' >/tmp/noexec.$$
chmod 0644 /tmp/noexec.$$
expect_rc 126 taskscope run -q -- /tmp/noexec.$$
grep -q "cannot execute '/tmp/noexec.$$': Permission denied" <<<"$out" || fail "126 message: $out"
rm -f /tmp/noexec.$$

expect_rc 127 taskscope run -q -- taskscope-no-such-command
grep -q "cannot execute 'taskscope-no-such-command': No such file or directory" <<<"$out" || fail "127 message: $out"
[ "$(grep -c . <<<"$out")" = 1 ] || fail "more than one line: $out"
