/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "basic/macro.h"
#include "isolate/mounts.h"
#include "isolate/sys.h"

/* "/proc/self/fd/" and an int. */
#define FD_PATH_SIZE 32

/* Where the kernel lets us reach the mount an O_PATH fd stands for. */
static const char *fd_path(int fd, char buf[static FD_PATH_SIZE]) {
        snprintf(buf, FD_PATH_SIZE, "/proc/self/fd/%i", fd);
        return buf;
}

/* path (absolute or not, it makes no difference) inside the tree of root_fd:
 * "..", absolute symlinks and "/" stay inside it; /proc magic links refuse. */
static int open_in_root(int root_fd, const char *path, int flags) {
        struct open_how how = {
                .flags = (uint64_t) (O_PATH | O_CLOEXEC | flags),
                .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
        };

        return sys_openat2(root_fd, path, &how);
}

/* An empty regular file, dir_fd/name, to bind a file or node on. */
static int create_empty_file(int dir_fd, const char *name) {
        struct open_how how = {
                .flags = O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC,
                .mode = 0644,
                .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        int fd;

        fd = sys_openat2(dir_fd, name, &how);
        if (fd < 0)
                return fd == -EEXIST ? 0 : fd;
        safe_close(fd);
        return 0;
}

/* Opens the parent directory of path inside root_fd's tree; with create,
 * makes the missing directories on the way (0755, mkdir -p). buf receives a
 * copy of path and *ret_base points at its last component there. */
static int open_parent_in_root(int root_fd, const char *path, bool create, char buf[static PATH_MAX],
                               int *ret_fd, const char **ret_base) {
        _cleanup_close_ int fd = -1;
        size_t len = strlen(path);
        char *slash, *base;

        if (len == 0 || len >= PATH_MAX)
                return len == 0 ? -EINVAL : -ENAMETOOLONG;
        memcpy(buf, path, len + 1);
        while (len > 1 && buf[len - 1] == '/')
                buf[--len] = '\0';
        slash = strrchr(buf, '/');
        base = slash ? slash + 1 : buf;
        if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
                return -EINVAL; /* "/" itself: nothing to create there */

        fd = open_in_root(root_fd, "/", O_DIRECTORY);
        if (fd < 0)
                return fd;
        for (char *p = buf; p < base;) {
                char *end, saved;
                int next;

                while (*p == '/')
                        p++;
                if (p >= base)
                        break;
                end = strchr(p, '/'); /* there is one: p < base */

                saved = *end;
                *end = '\0';
                next = open_in_root(root_fd, buf, O_DIRECTORY);
                if (next == -ENOENT && create) {
                        int r = sys_mkdir(fd, p, 0755);

                        if (r < 0 && r != -EEXIST) {
                                *end = saved;
                                return r;
                        }
                        next = open_in_root(root_fd, buf, O_DIRECTORY);
                }
                *end = saved;
                if (next < 0)
                        return next;
                safe_close(fd);
                fd = next;
                p = end + 1;
        }

        *ret_fd = TAKE_FD(fd);
        *ret_base = base;
        return 0;
}

typedef enum TargetCreate {
        TARGET_EXISTING,  /* never create: MASK, READ_ONLY */
        TARGET_DIRECTORY,
        TARGET_FILE,
} TargetCreate;

/* The O_PATH fd of op->target inside the root, created as said when
 * missing. 0 with *ret_fd = -1: optional and missing, skip the op. */
static int open_target(int root_fd, const MountOp *op, TargetCreate create, int *ret_fd) {
        _cleanup_close_ int parent_fd = -1;
        char buf[PATH_MAX];
        const char *base;
        int fd, r;

        fd = open_in_root(root_fd, op->target, 0);
        if (fd != -ENOENT) {
                if (fd < 0)
                        return fd;
                *ret_fd = fd;
                return 0;
        }
        if (create == TARGET_EXISTING) {
                if (!op->optional)
                        return -ENOENT;
                *ret_fd = -1;
                return 0;
        }

        r = open_parent_in_root(root_fd, op->target, !op->optional, buf, &parent_fd, &base);
        if (r == -ENOENT && op->optional) {
                *ret_fd = -1;
                return 0;
        }
        if (r < 0)
                return r;
        if (create == TARGET_DIRECTORY) {
                r = sys_mkdir(parent_fd, base, 0755);
                if (r == -EEXIST)
                        r = 0;
        } else
                r = create_empty_file(parent_fd, base);
        if (r < 0)
                return r;

        fd = open_in_root(root_fd, op->target, 0);
        if (fd < 0)
                return fd;
        *ret_fd = fd;
        return 0;
}

static int mount_on_fd(const char *source, int fd, const char *fstype, unsigned long flags, const void *data) {
        char p[FD_PATH_SIZE];

        return sys_mount(source, fd_path(fd, p), fstype, flags, data);
}

/* The per-mount flags a remount must keep, as the mount has them now. */
static unsigned long mount_flags_of(const struct statvfs *sv) {
        static const struct {
                unsigned long st, ms;
        } map[] = {
                { ST_RDONLY, MS_RDONLY },     { ST_NOSUID, MS_NOSUID },         { ST_NODEV, MS_NODEV },
                { ST_NOEXEC, MS_NOEXEC },     { ST_NOATIME, MS_NOATIME },       { ST_NODIRATIME, MS_NODIRATIME },
                { ST_RELATIME, MS_RELATIME },
        };
        unsigned long flags = 0;

        for (size_t i = 0; i < ELEMENTSOF(map); i++)
                if (sv->f_flag & map[i].st)
                        flags |= map[i].ms;
        /* Neither: strictatime, which a remount would otherwise turn into
         * the default relatime. */
        if (!(sv->f_flag & (ST_NOATIME | ST_RELATIME)))
                flags |= MS_STRICTATIME;
        return flags;
}

/* Remount the bind mount now on op->target with its flags plus add. */
static int remount_bind(int root_fd, const char *target, unsigned long add) {
        _cleanup_close_ int fd = -1;
        struct statvfs sv;
        int r;

        /* Again: the fd used for the bind points below the new mount. */
        fd = open_in_root(root_fd, target, 0);
        if (fd < 0)
                return fd;
        r = sys_fstatvfs(fd, &sv);
        if (r < 0)
                return r;
        return mount_on_fd(NULL, fd, NULL, MS_BIND | MS_REMOUNT | mount_flags_of(&sv) | add, NULL);
}

#define PER_MOUNT_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)

static int do_bind(int root_fd, const MountOp *op) {
        _cleanup_close_ int fd = -1;
        unsigned long propagation;
        struct stat st;
        int r;

        if (!op->source)
                return -EINVAL;
        r = sys_fstatat(AT_FDCWD, op->source, &st, 0);
        if (r == -ENOENT && op->optional)
                return 0;
        if (r < 0)
                return r;
        r = open_target(root_fd, op, S_ISDIR(st.st_mode) ? TARGET_DIRECTORY : TARGET_FILE, &fd);
        if (r < 0 || fd < 0)
                return r;
        r = mount_on_fd(op->source, fd, NULL, MS_BIND | MS_REC, NULL);
        if (r < 0)
                return r;

        fd = safe_close(fd);
        fd = open_in_root(root_fd, op->target, 0);
        if (fd < 0)
                return fd;
        propagation = propagation_to_mount_flags(op->propagation);
        if (propagation == 0)
                return -EINVAL;
        r = mount_on_fd(NULL, fd, NULL, propagation, NULL);
        if (r < 0)
                return r;

        if (op->flags & PER_MOUNT_FLAGS)
                return remount_bind(root_fd, op->target, op->flags & PER_MOUNT_FLAGS);
        return 0;
}

static int do_filesystem(int root_fd, const MountOp *op, const char *fstype) {
        _cleanup_close_ int fd = -1;
        int r;

        r = open_target(root_fd, op, TARGET_DIRECTORY, &fd);
        if (r < 0 || fd < 0)
                return r;
        return mount_on_fd(fstype, fd, fstype, op->flags, op->data);
}

static int do_device_node(int root_fd, const MountOp *op) {
        _cleanup_close_ int parent_fd = -1, fd = -1;
        char buf[PATH_MAX];
        const char *base;
        int r;

        r = open_parent_in_root(root_fd, op->target, !op->optional, buf, &parent_fd, &base);
        if (r == -ENOENT && op->optional)
                return 0;
        if (r < 0)
                return r;

        r = sys_mknod(parent_fd, base, op->mode, op->rdev);
        if (r != -EPERM || !op->source)
                return r;

        /* No mknod here (a user namespace, or no CAP_MKNOD): the host's node
         * bound on an empty file does as well. */
        r = create_empty_file(parent_fd, base);
        if (r < 0)
                return r;
        fd = open_in_root(root_fd, op->target, 0);
        if (fd < 0)
                return fd;
        return mount_on_fd(op->source, fd, NULL, MS_BIND, NULL);
}

static int do_symlink(int root_fd, const MountOp *op) {
        _cleanup_close_ int parent_fd = -1;
        char buf[PATH_MAX];
        const char *base;
        int r;

        if (!op->source)
                return -EINVAL;
        r = open_parent_in_root(root_fd, op->target, !op->optional, buf, &parent_fd, &base);
        if (r == -ENOENT && op->optional)
                return 0;
        if (r < 0)
                return r;
        return sys_symlink(op->source, parent_fd, base);
}

static int do_mask(int root_fd, const MountOp *op) {
        _cleanup_close_ int fd = -1;
        struct stat st;
        int r;

        r = open_target(root_fd, op, TARGET_EXISTING, &fd);
        if (r < 0 || fd < 0)
                return r;
        r = sys_fstatat(fd, "", &st, AT_EMPTY_PATH);
        if (r < 0)
                return r;
        if (S_ISDIR(st.st_mode))
                return mount_on_fd("tmpfs", fd, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0555");
        return mount_on_fd("/dev/null", fd, NULL, MS_BIND, NULL);
}

static int do_read_only(int root_fd, const MountOp *op) {
        _cleanup_close_ int fd = -1;
        char p[FD_PATH_SIZE];
        int r;

        r = open_target(root_fd, op, TARGET_EXISTING, &fd);
        if (r < 0 || fd < 0)
                return r;
        r = mount_on_fd(fd_path(fd, p), fd, NULL, MS_BIND | MS_REC, NULL);
        if (r < 0)
                return r;
        return remount_bind(root_fd, op->target, MS_RDONLY);
}

static int do_op(int root_fd, const MountOp *op) {
        if (!op->target)
                return -EINVAL;

        switch (op->kind) {
        case MOUNT_KIND_BIND:
                return do_bind(root_fd, op);
        case MOUNT_KIND_TMPFS:
                return do_filesystem(root_fd, op, "tmpfs");
        case MOUNT_KIND_PROC:
                return do_filesystem(root_fd, op, "proc");
        case MOUNT_KIND_SYSFS:
                return do_filesystem(root_fd, op, "sysfs");
        case MOUNT_KIND_DEVPTS:
                return do_filesystem(root_fd, op, "devpts");
        case MOUNT_KIND_MQUEUE:
                return do_filesystem(root_fd, op, "mqueue");
        case MOUNT_KIND_DEVICE_NODE:
                return do_device_node(root_fd, op);
        case MOUNT_KIND_SYMLINK:
                return do_symlink(root_fd, op);
        case MOUNT_KIND_MASK:
                return do_mask(root_fd, op);
        case MOUNT_KIND_READ_ONLY:
                return do_read_only(root_fd, op);
        default:
                return -EINVAL;
        }
}

static int switch_root(const char *root, bool pivot) {
        int r;

        r = sys_chdir(root);
        if (r < 0)
                return r;
        if (pivot) {
                /* The old root ends up mounted on top of the new one, at ".". */
                r = sys_pivot_root(".", ".");
                if (r < 0)
                        return r;
                r = sys_umount2(".", MNT_DETACH);
        } else {
                r = sys_mount(root, "/", NULL, MS_MOVE, NULL);
                if (r < 0)
                        return r;
                r = sys_chroot(".");
        }
        if (r < 0)
                return r;
        return sys_chdir("/");
}

/* *ret_failed is set when an op fails, left alone otherwise. */
static int setup_root(const char *root, bool pivot, const MountOp *ops, size_t n, size_t *ret_failed) {
        _cleanup_close_ int root_fd = -1;
        struct open_how how = {
                .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
        };
        mode_t old_umask;
        int r;

        if (!root || (n > 0 && !ops))
                return -EINVAL;

        r = sys_mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL);
        if (r < 0)
                return r;
        r = sys_mount(root, root, NULL, MS_BIND | MS_REC, NULL);
        if (r < 0)
                return r;
        /* Opened after the bind, so that the ops land in it, not below it. */
        root_fd = sys_openat2(AT_FDCWD, root, &how);
        if (root_fd < 0)
                return root_fd;

        /* Modes as given (the plan's device modes, 0755 mount points a
         * task not run as root can cross), whatever the launcher's umask. */
        old_umask = umask(0);
        for (size_t i = 0; i < n && r >= 0; i++) {
                r = do_op(root_fd, &ops[i]);
                if (r < 0)
                        *ret_failed = i;
        }
        umask(old_umask);
        if (r < 0)
                return r;

        /* No fd into the tree survives the switch. */
        root_fd = safe_close(root_fd);
        return switch_root(root, pivot);
}

int isolate_setup_root(const char *root, bool pivot, const MountOp *ops, size_t n, size_t *ret_failed_op) {
        size_t failed = ISOLATE_ROOT_STEP;
        int r;

        r = setup_root(root, pivot, ops, n, &failed);
        if (r < 0 && ret_failed_op)
                *ret_failed_op = failed;
        return r;
}
