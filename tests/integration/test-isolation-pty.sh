#!/bin/bash
# beds: fast
# -t gives the task a terminal of its own (from its devpts instance),
# relayed to the caller's; without -t a task on the caller's terminal cannot
# push input into it with TIOCSTI, since it runs in a session of its own.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
trap 'rm -rf "$root"; stop_own_units' EXIT
make_task_root "$root"
command -v script >/dev/null || skip "no script(1) in the $BED bed"

# script(1) gives taskscope a terminal; the task gets its own pty behind it.
out=$(printf 'tty; echo $((6*7)); stty size; exit 3\n' |
	script -qec "stty cols 91 rows 27; taskscope run -q -t --root $root -- sh" /dev/null)
rc=$?
grep -q '^/dev/pts/0' <<<"$(tr -d '\r' <<<"$out")" || fail "the task's tty is not its own /dev/pts/0: $out"
grep -q '^42' <<<"$(tr -d '\r' <<<"$out")" || fail "the shell did not answer: $out"
grep -q '^27 91' <<<"$(tr -d '\r' <<<"$out")" || fail "the window size did not follow: $out"
[ "$rc" = 3 ] || fail "exit status through the pty: $rc"

# TIOCSTI: perl (from the bed's /usr) tries to push a byte into its stdin,
# which is the caller's terminal. A control run outside taskscope shows
# whether this kernel allows TIOCSTI at all.
mkdir -p "$root/usr"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
sti='my $c = "x"; ioctl(STDIN, 0x5412, $c) ? print "injected\n" : print "refused: $!\n"'
control=$(script -qec "perl -e '$sti'" /dev/null | tr -d '\r')
out=$(script -qec "taskscope run -q --root $root --mount /usr:/usr:ro -- perl -e '$sti'" /dev/null | tr -d '\r')
grep -q '^refused: Operation not permitted' <<<"$out" || fail "TIOCSTI from the task was not refused: $out"
# (the pushed "x" echoes back before the word)
grep -q 'injected$' <<<"$control" || skip "this kernel refuses TIOCSTI everywhere ($control): nothing to compare"
