/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan/isolation-plan.h"

/* *ret_failed_op when what failed was preparing or switching the root, not
 * one of the ops. */
#define ISOLATE_ROOT_STEP SIZE_MAX

/* Build the task's root from ops and make it the process's root. Call it in
 * the child, in its own mount namespace (CLONE_NEWNS) and, when the plan has
 * a private pid namespace, inside that one.
 *
 *  1. "/" becomes recursively slave (MS_REC|MS_SLAVE): nothing the task
 *     mounts propagates back to the host, and host mounts can still reach a
 *     bind whose propagation is host-to-task (a recursively private "/"
 *     would cut those for good).
 *  2. root is bind-mounted on itself (MS_BIND|MS_REC), so it is a mount
 *     point that pivot_root or MS_MOVE can take.
 *  3. each op, in order. Targets are resolved inside root with openat2
 *     (RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS): an absolute symlink such as
 *     <root>/mnt -> /etc leads to <root>/etc, never to the host's /etc.
 *     Mount syscalls then act on "/proc/self/fd/N" of the resolved O_PATH fd
 *     (as runc and crun do), re-resolved after each mount so that the
 *     follow-up propagation change and remount reach the new mount.
 *     Missing mount points are created (with their parents, mode 0755): a
 *     directory for directory mounts, an empty file (0644) for a file bound
 *     on a file or a device node bound in place of mknod. The umask is 0
 *     while the ops run (restored after), so these modes and the device
 *     nodes' are as given. An optional op is skipped, instead of creating
 *     anything, when its target's parent does not exist (MASK and
 *     READ_ONLY: when the target itself does not exist); a bind whose
 *     source does not exist is skipped when optional too.
 *       BIND        mount(source, MS_BIND|MS_REC), then the op's propagation,
 *                   then, when flags has any of MS_RDONLY, MS_NOSUID,
 *                   MS_NODEV, MS_NOEXEC, a remount MS_BIND|MS_REMOUNT with
 *                   them plus the flags the mount already has (ro, nosuid,
 *                   nodev, noexec, atime: a user namespace refuses to clear
 *                   them). The read-only remount covers the top mount only,
 *                   not the submounts MS_REC brought along.
 *       TMPFS PROC SYSFS DEVPTS MQUEUE
 *                   mount(<type>, target, <type>, flags, data)
 *       DEVICE_NODE mknod(mode, rdev); on EPERM with a source, an empty
 *                   file with the host's node bound on it.
 *       SYMLINK     symlinkat(source, target); an existing target is an error.
 *       MASK        an empty read-only tmpfs on a directory, /dev/null bound
 *                   on anything else.
 *       READ_ONLY   target bound on itself, remounted read-only.
 *  4. the switch. pivot: chdir(root), pivot_root(".", "."), umount2(".",
 *     MNT_DETACH), chdir("/"): the old root, stacked on the new one, is
 *     detached; no put_old directory needed. !pivot (an initramfs root,
 *     where pivot_root is refused): chdir(root), mount(root, "/", MS_MOVE),
 *     chroot("."), chdir("/").
 *
 * Never logs. Returns 0 or a negative errno; on failure *ret_failed_op (may
 * be NULL) is the index of the op that failed, or ISOLATE_ROOT_STEP for
 * steps 1, 2 and 4. */
int isolate_setup_root(const char *root, bool pivot, const MountOp *ops, size_t n, size_t *ret_failed_op);
