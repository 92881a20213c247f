/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <linux/openat2.h>
#include <stddef.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>

/* The syscalls by which the forked child changes its mounts, namespaces,
 * credentials and capabilities, one real (non-inline) function each, so
 * cmocka tests can replace any of them with -Wl,--wrap=sys_NAME: wrapping
 * only reaches calls from another object file, which is why this file holds
 * nothing else. (Process and signal calls, umask and close are made
 * directly: tests run those for real.) Each returns 0 (or the non-negative
 * result said below) or a negative errno, and never logs. */

int sys_mount(const char *source, const char *target, const char *fstype, unsigned long flags,
              const void *data);
int sys_umount2(const char *target, int flags);
/* pivot_root(2) has no glibc wrapper: syscall(SYS_pivot_root). */
int sys_pivot_root(const char *new_root, const char *put_old);
int sys_chroot(const char *path);
int sys_chdir(const char *path);

/* The *at forms: dirfd may be an O_PATH fd or AT_FDCWD. mknod and mkdir
 * apply the umask, as their syscalls do. */
int sys_mkdir(int dirfd, const char *path, mode_t mode);
int sys_mknod(int dirfd, const char *path, mode_t mode, dev_t dev);
int sys_symlink(const char *link_text, int dirfd, const char *path);
/* Returns the new fd. */
int sys_openat2(int dirfd, const char *path, const struct open_how *how);
int sys_fstatat(int dirfd, const char *path, struct stat *ret, int flags);
/* Works on O_PATH fds (Linux >= 3.12). */
int sys_fstatvfs(int fd, struct statvfs *ret);

int sys_setns(int fd, int nstype);
int sys_sethostname(const char *name, size_t len);

/* Returns prctl's non-negative result (PR_CAPBSET_READ: 0 or 1). */
int sys_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5);
/* capset(2) of permitted, effective and inheritable, through libcap. */
int sys_cap_set_proc(cap_t caps);

int sys_setgroups(size_t n, const gid_t *groups);
int sys_setresgid(gid_t rgid, gid_t egid, gid_t sgid);
int sys_setresuid(uid_t ruid, uid_t euid, uid_t suid);
