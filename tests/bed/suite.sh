#!/bin/bash
# meson test's entry to a bed suite: install the build into a scratch
# DESTDIR, boot the bed, run tests/integration/run-all in it and pass its TAP
# through. Usage: suite.sh fast|full BUILDDIR [TEST...]
set -uo pipefail
bed=$1 build=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

skip_all() { echo "1..0 # SKIP $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip_all "the $bed bed needs root"
command -v systemd-nspawn >/dev/null || skip_all "systemd-nspawn is not installed (scripts/install-deps --test)"
command -v debootstrap >/dev/null || skip_all "debootstrap is not installed (scripts/install-deps --test)"
if [ "$bed" = full ]; then
	command -v qemu-system-x86_64 >/dev/null || skip_all "qemu-system-x86_64 is not installed (scripts/install-deps --test)"
	ls /boot/vmlinuz-*-cloud-amd64 >/dev/null 2>&1 || skip_all "no cloud kernel in /boot (apt-get install linux-image-cloud-amd64)"
fi

destdir=$(mktemp -d /var/tmp/taskscope-destdir.XXXXXX)
trap 'rm -rf "$destdir"' EXIT
meson install -C "$build" --destdir "$destdir" --no-rebuild --quiet >&2 || {
	echo "Bail out! meson install failed"
	exit 1
}
payload=$here/../integration/run-all
if [ $# -gt 0 ]; then
	# A chosen subset: a payload that runs only those tests.
	payload=$destdir/.subset
	printf '#!/bin/sh\nexec /usr/lib/taskscope-tests/run-all %s\n' "$*" >"$payload"
fi
"$here/$bed.sh" --destdir "$destdir" --payload "$payload"
