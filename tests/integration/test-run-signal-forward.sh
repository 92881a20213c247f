#!/bin/bash
# SIGTERM, SIGINT and SIGHUP sent to the foreground taskscope reach the task.
. ./lib.sh

for sig in TERM INT HUP; do
	id=$(new_id sig-$sig)
	ready=/tmp/ready.$id
	rm -f "$ready"
	taskscope run -q --id "$id" -- sh -c "trap 'exit 42' $sig; touch $ready; while :; do sleep 0.1; done" &
	sup=$!
	wait_until 20 test -e "$ready" || fail "the task never got ready"
	kill -"$sig" "$sup"
	wait "$sup"
	rc=$?
	rm -f "$ready"
	[ "$rc" = 42 ] || fail "SIG$sig to taskscope: task ended with $rc, not its trap's 42"
done
