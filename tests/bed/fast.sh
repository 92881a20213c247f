#!/bin/bash
# The fast bed: the project installed into a throw-away copy of the rootfs,
# booted by systemd-nspawn with a real systemd 252 as PID 1.
#
#   fast.sh [--destdir DIR] --payload SCRIPT   run SCRIPT once the bed is up,
#                                              print its output, exit with its code
#   fast.sh [--destdir DIR] --shell            boot the bed with a console
#                                              (log in as root, no password: none is set;
#                                              use `machinectl` alternatives: none; just the shell)
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
cg=
cleanup() {
	bed_unstage "$work"
	bed_cgroup_remove "$cg"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$mode" = run ]; then
	payload=$work/run-payload
	{ echo '#!/bin/sh'; printf '%q ' "$@"; echo; } >"$payload"
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
	nspawn --console=interactive
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
