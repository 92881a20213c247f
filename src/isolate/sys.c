/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "basic/macro.h"
#include "isolate/sys.h"

/* 0 or -errno from a libc call returning -1 and setting errno. */
static int zero_or_errno(long r) {
        return r < 0 ? negative_errno() : 0;
}

int sys_mount(const char *source, const char *target, const char *fstype, unsigned long flags,
              const void *data) {
        return zero_or_errno(mount(source, target, fstype, flags, data));
}

int sys_umount2(const char *target, int flags) {
        return zero_or_errno(umount2(target, flags));
}

int sys_pivot_root(const char *new_root, const char *put_old) {
        return zero_or_errno(syscall(SYS_pivot_root, new_root, put_old));
}

int sys_chroot(const char *path) {
        return zero_or_errno(chroot(path));
}

int sys_chdir(const char *path) {
        return zero_or_errno(chdir(path));
}

int sys_mkdir(int dirfd, const char *path, mode_t mode) {
        return zero_or_errno(mkdirat(dirfd, path, mode));
}

int sys_mknod(int dirfd, const char *path, mode_t mode, dev_t dev) {
        return zero_or_errno(mknodat(dirfd, path, mode, dev));
}

int sys_symlink(const char *link_text, int dirfd, const char *path) {
        return zero_or_errno(symlinkat(link_text, dirfd, path));
}

int sys_openat2(int dirfd, const char *path, const struct open_how *how) {
        long fd = syscall(SYS_openat2, dirfd, path, how, sizeof(*how));

        return fd < 0 ? negative_errno() : (int) fd;
}

int sys_fstatat(int dirfd, const char *path, struct stat *ret, int flags) {
        return zero_or_errno(fstatat(dirfd, path, ret, flags));
}

int sys_fstatvfs(int fd, struct statvfs *ret) {
        return zero_or_errno(fstatvfs(fd, ret));
}

int sys_setns(int fd, int nstype) {
        return zero_or_errno(setns(fd, nstype));
}

int sys_sethostname(const char *name, size_t len) {
        return zero_or_errno(sethostname(name, len));
}

int sys_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5) {
        int r = prctl(option, arg2, arg3, arg4, arg5);

        return r < 0 ? negative_errno() : r;
}

int sys_cap_set_proc(cap_t caps) {
        return zero_or_errno(cap_set_proc(caps));
}

int sys_setgroups(size_t n, const gid_t *groups) {
        return zero_or_errno(setgroups(n, groups));
}

int sys_setresgid(gid_t rgid, gid_t egid, gid_t sgid) {
        return zero_or_errno(setresgid(rgid, egid, sgid));
}

int sys_setresuid(uid_t ruid, uid_t euid, uid_t suid) {
        return zero_or_errno(setresuid(ruid, euid, suid));
}
