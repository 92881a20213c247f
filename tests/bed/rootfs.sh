#!/bin/bash
# Build (or reuse) the Debian 12 rootfs both beds boot, and print its path.
# The cache lives outside the clone and is keyed by the package list and this
# script, so a changed list builds a new rootfs and an unchanged one is reused.
set -euo pipefail

BED_CACHE=${TASKSCOPE_BED_CACHE:-/var/cache/taskscope-bed}
SUITE=bookworm
MIRROR=${TASKSCOPE_BED_MIRROR:-http://deb.debian.org/debian}
# What the task side needs at run time, plus what the integration tests use.
PACKAGES=systemd,systemd-sysv,dbus,libcap2,libmount1,libjson-c5,libcap2-bin,iproute2,procps,python3-minimal,busybox-static,bubblewrap

key=$(printf '%s\n%s\n%s\n' "$SUITE" "$PACKAGES" "$(sed -n '/^# --- setup ---/,$p' "$0")" | sha256sum | cut -c1-16)
rootfs=$BED_CACHE/rootfs-$key

if [ -f "$rootfs/.complete" ]; then
	echo "$rootfs"
	exit 0
fi

command -v debootstrap >/dev/null || { echo "rootfs.sh: debootstrap is not installed" >&2; exit 1; }
mkdir -p "$BED_CACHE"
tmp=$(mktemp -d "$BED_CACHE/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "rootfs.sh: debootstrap $SUITE into $rootfs (once; cached afterwards)" >&2
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$tmp" "$MIRROR" >"$tmp.log" 2>&1 || {
	tail -20 "$tmp.log" >&2
	exit 1
}
rm -f "$tmp.log"

# --- setup ---
# No login prompts: the beds run unattended, consoles are pipes or serial.
for u in getty@tty1.service serial-getty@ttyS0.service serial-getty@ttyS1.service \
         console-getty.service container-getty@.service systemd-networkd-wait-online.service; do
	ln -sf /dev/null "$tmp/etc/systemd/system/$u"
done
echo taskscope-bed >"$tmp/etc/hostname"
: >"$tmp/etc/machine-id"
# Root filesystem for the qemu bed (the nspawn bed ignores fstab for /).
echo '/dev/vda / ext4 rw,relatime 0 1' >"$tmp/etc/fstab"
# Empty root password is never needed: nothing logs in.
rm -rf "$tmp/var/cache/apt/archives/"*.deb "$tmp/var/lib/apt/lists/"*
touch "$tmp/.complete"

rm -rf "$rootfs"
mv "$tmp" "$rootfs"
trap - EXIT
# Older package lists' rootfs are of no use any more (about 200 MB each).
for old in "$BED_CACHE"/rootfs-*; do
	[ "$old" = "$rootfs" ] || rm -rf "$old"
done
echo "$rootfs"
