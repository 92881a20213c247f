#!/bin/bash
# SIGINT, SIGTERM and SIGHUP sent to the foreground taskscope start a
# graceful stop: the task gets its kill signal (default SIGINT, or
# --kill-signal), and if it has not ended within --grace, all of it is killed.
. ./lib.sh


for sig in TERM INT HUP; do
	id=$(new_id sig-$sig) ready=/tmp/ready.$id
	start_task "$id" "$ready" -- sh -c "trap 'exit 42' INT; touch $ready; while :; do sleep 0.1; done"
	kill -"$sig" "$sup"
	wait "$sup"
	rc=$?
	[ "$rc" = 42 ] || fail "SIG$sig to taskscope: the task should get SIGINT and exit 42, got $rc"
done

id=$(new_id sig-ks) ready=/tmp/ready.$id
start_task "$id" "$ready" --kill-signal SIGUSR1 -- sh -c "trap 'exit 43' USR1; touch $ready; while :; do sleep 0.1; done"
kill -TERM "$sup"
wait "$sup"
rc=$?
[ "$rc" = 43 ] || fail "--kill-signal SIGUSR1: the task ended with $rc, not 43"

# A task that ignores its kill signal is killed, all of it, after --grace.
id=$(new_id sig-grace) ready=/tmp/ready.$id
start_task "$id" "$ready" --grace 1s -- sh -c "trap '' INT; sleep 100 & touch $ready; wait"
t0=$(date +%s%N)
kill -TERM "$sup"
wait "$sup"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$rc" = 137 ] || fail "a task ignoring SIGINT should be killed (137), got $rc"
[ "$ms" -ge 900 ] || fail "killed after $ms ms, before the 1s grace"
[ "$ms" -le 5000 ] || fail "killed only after $ms ms"
wait_until 10 unit_gone "taskscope-$id.scope" || fail "scope left"
pgrep -f '^sleep 100$' && fail "the task's background sleep survived"

# Asked twice, taskscope does not wait out the grace period.
id=$(new_id sig-twice) ready=/tmp/ready.$id
start_task "$id" "$ready" --grace 60s -- sh -c "trap '' INT; sleep 100 & touch $ready; wait"
t0=$(date +%s%N)
kill -TERM "$sup"
sleep 0.3
kill -TERM "$sup"
wait "$sup"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$rc" = 137 ] || fail "a second stop signal should kill the task (137), got $rc"
[ "$ms" -le 10000 ] || fail "a second stop signal still waited $ms ms"
pgrep -f '^sleep 100$' && fail "the task's background sleep survived"
rm -f /tmp/ready.t$$-*
exit 0
