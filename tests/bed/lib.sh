# Shared by the bed scripts: stage a throw-away copy of the cached rootfs with
# the project's install tree and a payload, and clean everything up afterwards.
# Sourced, not run.

BED_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC_DIR=$(cd "$BED_DIR/../.." && pwd)

bed_die() { echo "bed: $*" >&2; exit 1; }

# bed_stage WORK DESTDIR PAYLOAD BEDNAME
#   WORK: an empty scratch directory; the staged root is WORK/root.
#   DESTDIR: a `meson install --destdir` tree (may be empty for a bare bed).
#   PAYLOAD: a script to run as root once the system is up, or "" for none.
# The payload runs from taskscope-bed.service with its stdout and stderr in
# /bed-out/output, then the bed powers off. /bed-out/status holds its exit code.
bed_stage() {
	local work=$1 destdir=$2 payload=$3 bedname=$4 rootfs
	rootfs=$("$BED_DIR/rootfs.sh") || bed_die "could not build the rootfs"
	mkdir -p "$work/upper" "$work/ovl" "$work/root"
	mount -t overlay overlay -o "lowerdir=$rootfs,upperdir=$work/upper,workdir=$work/ovl" "$work/root" ||
		bed_die "could not mount the overlay for $work/root"
	BED_MOUNTED=$work/root
	local root=$work/root
	if [ -n "$destdir" ] && [ -d "$destdir" ]; then
		# tar, not cp: /lib is a symlink into /usr on Debian 12 and must stay one.
		tar -C "$destdir" -cf - . | tar -C "$root" -xf - --keep-directory-symlink --no-overwrite-dir
	fi
	mkdir -p "$root/usr/lib/taskscope-tests" "$root/bed-out"
	cp -a "$SRC_DIR/tests/integration/." "$root/usr/lib/taskscope-tests/"
	echo "BED=$bedname" >"$root/etc/taskscope-bed.env"
	[ -n "$payload" ] || return 0
	install -m 0755 "$payload" "$root/usr/lib/taskscope-tests/payload"
	cat >"$root/etc/systemd/system/taskscope-bed.service" <<-UNIT
	[Unit]
	Description=taskscope bed payload
	After=multi-user.target
	[Service]
	Type=oneshot
	EnvironmentFile=/etc/taskscope-bed.env
	ExecStart=/bin/sh -c '/usr/lib/taskscope-tests/payload >>/bed-out/output 2>&1; echo \$? >/bed-out/status.tmp; sync; mv /bed-out/status.tmp /bed-out/status; sync'
	ExecStopPost=/bin/systemctl --no-block poweroff
	[Install]
	WantedBy=multi-user.target
	UNIT
	ln -sf ../taskscope-bed.service "$root/etc/systemd/system/multi-user.target.wants/taskscope-bed.service"
}

bed_unstage() {
	local work=$1
	if [ -n "${BED_MOUNTED:-}" ]; then
		umount "$BED_MOUNTED" 2>/dev/null || umount -l "$BED_MOUNTED" 2>/dev/null
		BED_MOUNTED=
	fi
	rm -rf "$work"
}

# The cgroup v2 hierarchy on the host: /sys/fs/cgroup, or its unified part on
# a hybrid host like the one these beds were written on.
bed_cgroup2_root() {
	local t
	t=$(findmnt -n -t cgroup2 -o TARGET | head -n1)
	[ -n "$t" ] || bed_die "the host has no cgroup v2 mount"
	echo "$t"
}

# Remove a cgroup tree bottom-up (nspawn leaves payload/ and supervisor/).
bed_cgroup_remove() {
	[ -d "$1" ] || return 0
	find "$1" -depth -type d -exec rmdir {} + 2>/dev/null || true
}
