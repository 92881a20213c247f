#!/bin/bash
# The full bed: the same rootfs as the fast bed, with the project installed,
# but as an ext4 disk booted by its own kernel under qemu (TCG, not KVM), so
# systemd 252 runs as PID 1 on a real cgroup v2 hierarchy with controllers.
#
#   full.sh [--destdir DIR] --payload SCRIPT   run SCRIPT once the bed is up,
#                                              print its output, exit with its code
#   full.sh [--destdir DIR] --shell            boot the bed on an interactive serial
#                                              console (root is logged in on ttyS0;
#                                              `poweroff` or Ctrl-A X ends it)
#   full.sh [--destdir DIR] --run CMD...       run one command in the booted bed
#   --timeout SECONDS                          kill the bed after this long
#                                              (default $BED_TIMEOUT, else 1200)
#
# The guest's ttyS0 (kernel, systemd and, with a payload, the journal) goes to
# WORK/console.log; its last lines are shown when the bed ends without the
# payload finishing. The payload's output
# is streamed live over ttyS1; after power-off whatever the stream had not carried
# yet is read from the image, so it is printed exactly once.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

destdir= payload= mode= timeout=${BED_TIMEOUT:-1200}
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
[ "$mode" != run ] || [ $# -gt 0 ] || bed_die "--run needs a command"
[ "$mode" != payload ] || [ -f "$payload" ] || bed_die "no payload script '$payload'"
[[ $timeout =~ ^[0-9]+(\.[0-9]+)?[smhd]?$ ]] || bed_die "--timeout wants seconds (or a timeout(1) duration like 20m), not '$timeout'"
[[ $timeout =~ [smhd]$ ]] && timeout_said=$timeout || timeout_said=${timeout}s
[ "$(id -u)" = 0 ] || bed_die "the beds need root"
command -v qemu-system-x86_64 >/dev/null || bed_die "qemu-system-x86_64 is missing (apt-get install qemu-system-x86)"
for tool in mkfs.ext4 e2fsck debugfs; do
	command -v $tool >/dev/null || bed_die "$tool is missing (apt-get install e2fsprogs)"
done

# The newest cloud kernel in /boot and the initrd made for it.
kernel=$(ls /boot/vmlinuz-*-cloud-amd64 2>/dev/null | sort -V | tail -n1) || true
[ -n "$kernel" ] || bed_die "no /boot/vmlinuz-*-cloud-amd64 (apt-get install linux-image-cloud-amd64)"
initrd=/boot/initrd.img-${kernel#/boot/vmlinuz-}
[ -f "$initrd" ] || bed_die "no $initrd for $kernel (apt-get install linux-image-cloud-amd64, or update-initramfs -c -k ${kernel#/boot/vmlinuz-})"

work=$(mktemp -d /var/tmp/taskscope-bed-full.XXXXXX)
qpid= tpid=
cleanup() {
	local pid
	# timeout(1) passes the TERM on to qemu; the KILL is for a qemu that ignores it.
	for pid in $qpid $tpid; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in $qpid $tpid; do
		wait "$pid" 2>/dev/null || true
	done
	bed_unstage "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 141' PIPE

if [ "$mode" = run ]; then
	payload=$work/run-payload
	{ echo '#!/bin/bash'; printf '%q ' "$@"; echo; } >"$payload"
fi
bed_stage "$work" "$destdir" "$( [ "$mode" = shell ] || echo "$payload")" full
root=$work/root

if [ "$mode" = shell ]; then
	# A human on ttyS0, logged in as root (it has no password). Not through
	# serial-getty@ttyS0: the rootfs masks it, and it waits for dev-ttyS0.device,
	# which never comes without udev (the rootfs has none).
	cat >"$root/etc/systemd/system/taskscope-bed-shell.service" <<-'UNIT'
	[Unit]
	Description=taskscope bed: root shell on ttyS0
	After=systemd-user-sessions.service
	[Service]
	Type=idle
	ExecStart=-/sbin/agetty --autologin root --noclear --keep-baud 115200,57600,38400,9600 ttyS0 vt220
	Restart=always
	UtmpIdentifier=ttyS0
	TTYPath=/dev/ttyS0
	TTYReset=yes
	TTYVHangup=yes
	KillMode=process
	IgnoreSIGPIPE=no
	SendSIGHUP=yes
	[Install]
	WantedBy=multi-user.target
	UNIT
	ln -sf ../taskscope-bed-shell.service "$root/etc/systemd/system/multi-user.target.wants/taskscope-bed-shell.service"
else
	# Stream /bed-out/output to ttyS1 while the payload runs. Whatever it has not
	# sent when the bed powers off is read back from the image afterwards.
	: >"$root/bed-out/output"
	cat >"$root/etc/systemd/system/taskscope-bed-stream.service" <<-'UNIT'
	[Unit]
	Description=taskscope bed: stream the payload output to ttyS1
	DefaultDependencies=no
	[Service]
	ExecStartPre=/bin/stty -F /dev/ttyS1 raw -echo
	ExecStart=/bin/sh -c 'exec tail -c +1 -f /bed-out/output >/dev/ttyS1'
	UNIT
	mkdir -p "$root/etc/systemd/system/taskscope-bed.service.d"
	cat >"$root/etc/systemd/system/taskscope-bed.service.d/full.conf" <<-'UNIT'
	[Unit]
	Wants=taskscope-bed-stream.service
	After=taskscope-bed-stream.service
	UNIT
fi

# The image: a sparse file, filled from the staged root at mkfs time, with room
# to spare for what the tests write (2 GiB, or more for a large install tree).
image=$work/root.img
size=$(du -smx "$root" | cut -f1)
size=$((size * 2 + 512 > 2048 ? size * 2 + 512 : 2048))
mkfs.ext4 -q -F -d "$root" -L root "$image" "${size}M" >"$work/mkfs.log" 2>&1 ||
	{ cat "$work/mkfs.log" >&2; bed_die "mkfs.ext4 -d $root failed"; }
# The image has all it needs; the overlay is no longer wanted.
umount "$root" 2>/dev/null || umount -l "$root"
# shellcheck disable=SC2034 # lib.sh's bed_unstage reads it
BED_MOUNTED=

console=$work/console.log stream=$work/stream.out
: >"$console"
: >"$stream"
# TCG, not KVM: nested KVM hangs on the machines this runs on. The default CPU
# model boots in about 17 s; -cpu max or a named model costs 4 to 6 s more
# under TCG. fsck.mode=skip: the image was made a moment ago. panic=-1 with
# -no-reboot: a kernel panic ends qemu at once instead of waiting for --timeout.
qemu=(qemu-system-x86_64 -accel tcg,thread=multi -m 1024 -smp 2
	-nodefaults -nographic -no-reboot -nic none
	-kernel "$kernel" -initrd "$initrd"
	-drive "file=$image,format=raw,if=virtio")
cmdline="root=/dev/vda rw console=ttyS0 systemd.unified_cgroup_hierarchy=1 quiet fsck.mode=skip panic=-1"

if [ "$mode" = shell ]; then
	# --foreground: qemu must stay in the terminal's process group to read it.
	set +e
	timeout --foreground --kill-after=10 "$timeout" "${qemu[@]}" -append "$cmdline" -serial mon:stdio
	rc=$?
	set -e
	case $rc in 124 | 137) bed_die "the shell bed was killed after its --timeout of $timeout_said" ;; esac
	exit 0
fi

# The journal goes to the console too, so that its last lines say where a bed
# that never finished got stuck.
timeout --kill-after=10 "$timeout" "${qemu[@]}" -monitor none \
	-append "$cmdline systemd.journald.forward_to_console=1 systemd.log_color=0" \
	-serial "file:$console" -serial "file:$stream" </dev/null >"$work/qemu.log" 2>&1 &
qpid=$!
tail -c +1 --pid=$qpid -f "$stream" &
tpid=$!
set +e
wait $qpid
qrc=$?
wait $tpid
set -e
qpid= tpid=

# Replay the journal first if the guest did not shut down cleanly, then read
# what the payload left in the image.
e2fsck -p -E journal_only "$image" >/dev/null 2>&1 || true
image_cat() { debugfs -R "cat $1" "$image" 2>/dev/null; }
streamed=$(stat -c %s "$stream")
image_cat /bed-out/output >"$work/output" || true
if [ "$(stat -c %s "$work/output")" -gt "$streamed" ]; then
	if ! cmp -s -n "$streamed" "$stream" "$work/output"; then
		echo "bed: the streamed payload output differs from /bed-out/output in the image; the rest follows" >&2
	fi
	tail -c +$((streamed + 1)) "$work/output"
fi

status=$(image_cat /bed-out/status) || true
case $status in
'' | *[!0-9]*)
	case $qrc in
	124 | 137) why="was killed after its --timeout of $timeout_said" ;;
	*) why="ended (qemu exit $qrc)" ;;
	esac
	echo "bed: the full bed $why before its payload finished; the last of its console:" >&2
	tail -n 30 "$console" >&2
	[ ! -s "$work/qemu.log" ] || { echo "bed: qemu said:" >&2; tail -n 10 "$work/qemu.log" >&2; }
	exit 1
	;;
esac
exit "$status"
