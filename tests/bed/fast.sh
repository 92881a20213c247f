#!/bin/bash
# The fast bed: the project installed into a throw-away copy of the rootfs,
# booted by systemd-nspawn with a real systemd 252 as PID 1.
#
#   fast.sh [--destdir DIR] --payload SCRIPT   run SCRIPT once the bed is up,
#                                              print its output, exit with its code
#   fast.sh [--destdir DIR] --shell            boot the bed and get a root shell in it
#   fast.sh [--destdir DIR] --run CMD...       run one command in the booted bed
set -euo pipefail
. "$(dirname "$0")/lib.sh"

destdir= payload= mode= timeout=${BED_TIMEOUT:-900}
while [ $# -gt 0 ]; do
	case $1 in
	--destdir) destdir=$2; shift 2 ;;
	--payload) payload=$2; mode=payload; shift 2 ;;
	--shell) mode=shell; shift ;;
	--run) shift; mode=run; break ;;
	--timeout) timeout=$2; shift 2 ;;
	*) bed_die "unknown argument '$1' (see the header of $0)" ;;
	esac
done
[ -n "$mode" ] || bed_die "say --payload SCRIPT, --run CMD... or --shell"
[ "$(id -u)" = 0 ] || bed_die "the beds need root"
command -v systemd-nspawn >/dev/null || bed_die "systemd-nspawn is missing (apt-get install systemd-container)"

work=$(mktemp -d /var/tmp/taskscope-bed.XXXXXX)
cg= npid=
cleanup() {
	# Never leave a bed running: stop nspawn, then whatever is left in its cgroup.
	if [ -n "$npid" ] && kill -0 "$npid" 2>/dev/null; then
		kill -TERM "$npid" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$npid" 2>/dev/null || break; sleep 0.1; done
	fi
	[ -n "$cg" ] && [ -e "$cg/cgroup.kill" ] && echo 1 >"$cg/cgroup.kill" 2>/dev/null
	[ -n "$cg" ] && for _ in $(seq 50); do grep -q "^populated 0" "$cg/cgroup.events" 2>/dev/null && break; sleep 0.1; done
	bed_unstage "$work"
	bed_cgroup_remove "$cg"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$mode" = run ]; then
	payload=$work/run-payload
	{ echo '#!/bin/bash'; printf '%q ' "$@"; echo; } >"$payload"
fi
bed_stage "$work" "$destdir" "$( [ "$mode" = shell ] || echo "$payload")" fast

# A fresh cgroup per bed: nspawn --keep-unit puts the container under the
# cgroup it was started from, and two beds in one cgroup fight.
cg=$(bed_cgroup2_root)/taskscope-bed-fast-$$
mkdir "$cg"
machine=taskscope-bed-$$

nspawn() {
	sh -c 'echo $$ >"$1/cgroup.procs"; shift; exec "$@"' sh "$cg" \
		env SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 \
		timeout --kill-after=10 "$timeout" \
		systemd-nspawn --boot --register=no --keep-unit --machine="$machine" \
		--bind="$work/out:/bed-out" "$@" -D "$work/root"
}
mkdir -p "$work/out"
: >"$work/out/output"

if [ "$mode" = shell ]; then
	# No getty and no password in the bed: boot it, then enter it as PID 1's
	# namespaces allow, and power it off when the shell ends.
	nspawn --console=pipe </dev/null >"$work/nspawn.log" 2>&1 &
	npid=$!
	for _ in $(seq 100); do
		leader=$(head -n1 "$cg/payload/init.scope/cgroup.procs" 2>/dev/null) || true
		[ -n "$leader" ] && nsenter -t "$leader" -a test -S /run/systemd/private 2>/dev/null && break
		sleep 0.1
	done
	[ -n "${leader:-}" ] || bed_die "the bed did not boot: $(tail -n 5 "$work/nspawn.log")"
	echo "bed: booted; shell in the fast bed (exit to power it off)" >&2
	nsenter -t "$leader" -a env -i TERM="${TERM:-dumb}" HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/bash -l || true
	nsenter -t "$leader" -a systemctl --no-block poweroff 2>/dev/null || kill "$npid"
	wait "$npid" || true
	exit 0
fi

nspawn --console=pipe </dev/null >"$work/nspawn.log" 2>&1 &
npid=$!
# Stream the payload's output while the bed runs.
tail -n +1 --pid=$npid -f "$work/out/output" &
tpid=$!
set +e
wait $npid
nrc=$?
wait $tpid
set -e
if [ ! -f "$work/out/status" ]; then
	echo "bed: the fast bed ended (nspawn exit $nrc) before its payload finished" >&2
	tail -n 20 "$work/nspawn.log" >&2
	exit 1
fi
exit "$(cat "$work/out/status")"
