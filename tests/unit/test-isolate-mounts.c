/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <linux/magic.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/macro.h"
#include "isolate/mounts.h"
#include "isolate/sys.h"

/* The syscalls of src/isolate/mounts.c that change mounts or the root are
 * replaced (-Wl,--wrap=, see tests/meson.build) by functions that record
 * them as text: "mount SOURCE TARGET FSTYPE FLAGS DATA", with the task's
 * root shown as "@" and the test's host directory as "$", and a
 * /proc/self/fd/N target shown as where N leads. Path resolution, mkdir and
 * symlink are real, in a temporary directory, so what they create is
 * checked on disk. The privileged test at the end lets the real syscalls
 * through, in a mount namespace of its own. */

int __real_sys_mount(const char *source, const char *target, const char *fstype, unsigned long flags,
                     const void *data);
int __real_sys_umount2(const char *target, int flags);
int __real_sys_pivot_root(const char *new_root, const char *put_old);
int __real_sys_chroot(const char *path);
int __real_sys_chdir(const char *path);
int __real_sys_mknod(int dirfd, const char *path, mode_t mode, dev_t dev);
int __real_sys_fstatvfs(int fd, struct statvfs *ret);

int __wrap_sys_mount(const char *source, const char *target, const char *fstype, unsigned long flags,
                     const void *data);
int __wrap_sys_umount2(const char *target, int flags);
int __wrap_sys_pivot_root(const char *new_root, const char *put_old);
int __wrap_sys_chroot(const char *path);
int __wrap_sys_chdir(const char *path);
int __wrap_sys_mknod(int dirfd, const char *path, mode_t mode, dev_t dev);
int __wrap_sys_fstatvfs(int fd, struct statvfs *ret);

#define MAX_CALLS 64

static struct {
        bool passthrough;       /* the privileged test: real syscalls */
        char base[PATH_MAX];    /* "$": the host side, sources live in $/src */
        char root[PATH_MAX];    /* "@": $/root */
        char *calls[MAX_CALLS];
        size_t n_calls;
        const char *fail_prefix; /* the first call whose text starts so fails */
        int fail_errno;
        int mknod_errno;
        unsigned long statvfs_flags;
} t;

/* path as the test shows it. */
static const char *show_path(const char *path, char buf[static PATH_MAX]) {
        char link[PATH_MAX];
        size_t lr = strlen(t.root), lb = strlen(t.base);

        if (!path)
                return "-";
        if (strncmp(path, "/proc/self/fd/", 14) == 0) {
                ssize_t n = readlink(path, link, sizeof(link) - 1);

                if (n < 0)
                        return "<bad fd>";
                link[n] = '\0';
                path = link;
        }
        if (strncmp(path, t.root, lr) == 0 && (path[lr] == '/' || path[lr] == '\0'))
                snprintf(buf, PATH_MAX, "@%s", path + lr);
        else if (strncmp(path, t.base, lb) == 0 && (path[lb] == '/' || path[lb] == '\0'))
                snprintf(buf, PATH_MAX, "$%s", path + lb);
        else
                snprintf(buf, PATH_MAX, "%s", path);
        return buf;
}

static const char *show_flags(unsigned long flags, char buf[static 256]) {
        static const struct {
                unsigned long flag;
                const char *name;
        } names[] = {
                { MS_RDONLY, "RDONLY" },   { MS_NOSUID, "NOSUID" },   { MS_NODEV, "NODEV" },
                { MS_NOEXEC, "NOEXEC" },   { MS_REMOUNT, "REMOUNT" }, { MS_NOATIME, "NOATIME" },
                { MS_BIND, "BIND" },       { MS_MOVE, "MOVE" },       { MS_REC, "REC" },
                { MS_PRIVATE, "PRIVATE" }, { MS_SLAVE, "SLAVE" },     { MS_SHARED, "SHARED" },
                { MS_RELATIME, "RELATIME" }, { MS_STRICTATIME, "STRICTATIME" },
        };
        size_t len = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (flags & names[i].flag) {
                        len += (size_t) snprintf(buf + len, 256 - len, "%s%s", len ? "|" : "", names[i].name);
                        flags &= ~names[i].flag;
                }
        if (flags || len == 0)
                snprintf(buf + len, 256 - len, "%s%#lx", len ? "|" : "", flags);
        return buf;
}

_printf_(1, 2) static int record(const char *fmt, ...) {
        char *s;
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = vasprintf(&s, fmt, ap);
        va_end(ap);
        assert_true(r >= 0);
        assert_true(t.n_calls < MAX_CALLS);
        t.calls[t.n_calls++] = s;
        if (t.fail_prefix && strncmp(s, t.fail_prefix, strlen(t.fail_prefix)) == 0) {
                t.fail_prefix = NULL;
                return -t.fail_errno;
        }
        return 0;
}

int __wrap_sys_mount(const char *source, const char *target, const char *fstype, unsigned long flags,
                     const void *data) {
        char s[PATH_MAX], d[PATH_MAX], f[256];

        if (t.passthrough)
                return __real_sys_mount(source, target, fstype, flags, data);
        return record("mount %s %s %s %s %s", show_path(source, s), show_path(target, d), fstype ?: "-",
                      show_flags(flags, f), data ? (const char *) data : "-");
}

int __wrap_sys_umount2(const char *target, int flags) {
        char p[PATH_MAX];

        if (t.passthrough)
                return __real_sys_umount2(target, flags);
        return record("umount2 %s %s", show_path(target, p), flags == MNT_DETACH ? "DETACH" : "?");
}

int __wrap_sys_pivot_root(const char *new_root, const char *put_old) {
        if (t.passthrough)
                return __real_sys_pivot_root(new_root, put_old);
        return record("pivot_root %s %s", new_root, put_old);
}

int __wrap_sys_chroot(const char *path) {
        if (t.passthrough)
                return __real_sys_chroot(path);
        return record("chroot %s", path);
}

int __wrap_sys_chdir(const char *path) {
        char p[PATH_MAX];

        if (t.passthrough)
                return __real_sys_chdir(path);
        return record("chdir %s", show_path(path, p));
}

int __wrap_sys_mknod(int dirfd, const char *path, mode_t mode, dev_t dev) {
        char fdp[64], p[PATH_MAX];
        int r;

        if (t.passthrough)
                return __real_sys_mknod(dirfd, path, mode, dev);
        snprintf(fdp, sizeof(fdp), "/proc/self/fd/%i", dirfd);
        r = record("mknod %s/%s %o %u:%u", show_path(fdp, p), path, (unsigned) mode, major(dev), minor(dev));
        return r < 0 ? r : -t.mknod_errno;
}

int __wrap_sys_fstatvfs(int fd, struct statvfs *ret) {
        if (t.passthrough)
                return __real_sys_fstatvfs(fd, ret);
        *ret = (struct statvfs) { .f_flag = t.statvfs_flags };
        return 0;
}

static void assert_calls(const char *const *expected) {
        size_t n = 0;
        bool same;

        while (expected[n])
                n++;
        same = n == t.n_calls;
        for (size_t i = 0; same && i < n; i++)
                same = strcmp(expected[i], t.calls[i]) == 0;
        if (!same) {
                print_message("expected:\n");
                for (size_t i = 0; i < n; i++)
                        print_message("  %s\n", expected[i]);
                print_message("got:\n");
                for (size_t i = 0; i < t.n_calls; i++)
                        print_message("  %s\n", t.calls[i]);
        }
        assert_true(same);
}

/* $/rel, allocated: an op's source, or a path to check. */
static char *host(const char *rel) {
        char *s;

        assert_true(asprintf(&s, "%s/%s", t.base, rel) > 0);
        return s;
}

static void make_dir(const char *rel) {
        _cleanup_free_ char *p = host(rel);

        assert_int_equal(mkdir(p, 0755), 0);
}

static void make_file(const char *rel, const char *content) {
        _cleanup_free_ char *p = host(rel);
        int fd;

        fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, content, strlen(content)), (ssize_t) strlen(content));
        close(fd);
}

static void make_symlink(const char *text, const char *rel) {
        _cleanup_free_ char *p = host(rel);

        assert_int_equal(symlink(text, p), 0);
}

/* lstat of $/rel: the file type, 0 when missing. */
static mode_t type_of(const char *rel) {
        _cleanup_free_ char *p = host(rel);
        struct stat st;

        if (lstat(p, &st) < 0) {
                assert_int_equal(errno, ENOENT);
                return 0;
        }
        return st.st_mode & S_IFMT;
}

/* The permission bits of $/rel. */
static mode_t mode_of(const char *rel) {
        _cleanup_free_ char *p = host(rel);
        struct stat st;

        assert_int_equal(lstat(p, &st), 0);
        return st.st_mode & 07777;
}

/* readlink of $/rel. */
static const char *link_text(const char *rel, char buf[static PATH_MAX]) {
        _cleanup_free_ char *p = host(rel);
        ssize_t n;

        n = readlink(p, buf, PATH_MAX - 1);
        assert_true(n >= 0);
        buf[n] = '\0';
        return buf;
}

/* $ with the task's root in $/root: /etc, /etc/secret (a file),
 * /etc/secrets (a directory), /escape -> /etc, /up -> ../../../../etc; and
 * the host side: $/src/data (a directory), $/src/file. */
static int setup(void **state) {
        char tmpl[] = "/tmp/test-isolate-mounts-XXXXXX";

        memset(&t, 0, sizeof(t));
        assert_non_null(mkdtemp(tmpl));
        assert_non_null(realpath(tmpl, t.base));
        assert_true(strlen(t.base) + strlen("/root") < sizeof(t.root));
        stpcpy(stpcpy(t.root, t.base), "/root");

        make_dir("root");
        make_dir("root/etc");
        make_file("root/etc/secret", "password");
        make_dir("root/etc/secrets");
        make_symlink("/etc", "root/escape");
        make_symlink("../../../../etc", "root/up");
        make_dir("src");
        make_dir("src/data");
        make_file("src/data/hello", "hello");
        make_file("src/file", "file");
        return 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
        return remove(path) < 0 ? -1 : 0;
}

static int teardown(void **state) {
        for (size_t i = 0; i < t.n_calls; i++)
                free(t.calls[i]);
        t.n_calls = 0;
        assert_int_equal(nftw(t.base, remove_one, 16, FTW_DEPTH | FTW_PHYS), 0);
        return 0;
}

#define SWITCH_CALLS "chdir @", "pivot_root . .", "umount2 . DETACH", "chdir /"

static void test_pivot_sequence(void **state) {
        _cleanup_free_ char *data = host("src/data"), *file = host("src/file");
        const MountOp ops[] = {
                { .kind = MOUNT_KIND_BIND, .source = data, .target = "/data", .flags = MS_RDONLY },
                { .kind = MOUNT_KIND_TMPFS, .target = "/tmp", .flags = MS_NOSUID | MS_NODEV, .data = "mode=1777" },
                { .kind = MOUNT_KIND_MASK, .target = "/etc/secret" },
                { .kind = MOUNT_KIND_MASK, .target = "/etc/secrets" },
                { .kind = MOUNT_KIND_MASK, .target = "/proc/kcore", .optional = true },
                { .kind = MOUNT_KIND_BIND, .source = file, .target = "/etc/file",
                  .propagation = PROPAGATION_HOST_TO_TASK },
                { .kind = MOUNT_KIND_SYMLINK, .source = "pts/ptmx", .target = "/dev/ptmx" },
        };
        const char *const expected[] = {
                "mount - / - REC|SLAVE -",
                "mount @ @ - BIND|REC -",
                "mount $/src/data @/data - BIND|REC -",
                "mount - @/data - REC|PRIVATE -",
                /* ro added, nosuid and nodev kept from the mount */
                "mount - @/data - RDONLY|NOSUID|NODEV|REMOUNT|BIND|RELATIME -",
                "mount tmpfs @/tmp tmpfs NOSUID|NODEV mode=1777",
                "mount /dev/null @/etc/secret - BIND -",
                "mount tmpfs @/etc/secrets tmpfs RDONLY|NOSUID|NODEV|NOEXEC mode=0555",
                /* /proc/kcore: optional and missing, skipped */
                "mount $/src/file @/etc/file - BIND|REC -",
                "mount - @/etc/file - REC|SLAVE -",
                SWITCH_CALLS,
                NULL,
        };
        size_t failed = 42;
        char link[PATH_MAX];
        mode_t old_umask;

        t.statvfs_flags = ST_NOSUID | ST_NODEV | ST_RELATIME;
        old_umask = umask(077);
        assert_int_equal(isolate_setup_root(t.root, true, ops, ELEMENTSOF(ops), &failed), 0);
        assert_int_equal(umask(old_umask), 077); /* restored */
        assert_int_equal(failed, 42); /* untouched on success */
        assert_calls(expected);
        /* Made with the modes asked for, not the launcher's umask. */
        assert_int_equal(mode_of("root/dev"), 0755);
        assert_int_equal(mode_of("root/etc/file"), 0644);

        /* The mount points, made as each mount needs. */
        assert_int_equal(type_of("root/data"), S_IFDIR);
        assert_int_equal(type_of("root/tmp"), S_IFDIR);
        assert_int_equal(type_of("root/etc/file"), S_IFREG);
        assert_int_equal(type_of("root/proc"), 0);
        assert_int_equal(type_of("root/dev"), S_IFDIR);
        assert_string_equal(link_text("root/dev/ptmx", link), "pts/ptmx");
}

static void test_chroot_sequence(void **state) {
        const MountOp ops[] = {
                { .kind = MOUNT_KIND_READ_ONLY, .target = "/etc" },
        };
        const char *const expected[] = {
                "mount - / - REC|SLAVE -",
                "mount @ @ - BIND|REC -",
                "mount @/etc @/etc - BIND|REC -",
                /* no relatime, no noatime: strictatime, kept */
                "mount - @/etc - RDONLY|NOEXEC|REMOUNT|BIND|STRICTATIME -",
                "chdir @",
                "mount @ / - MOVE -",
                "chroot .",
                "chdir /",
                NULL,
        };

        t.statvfs_flags = ST_NOEXEC;
        assert_int_equal(isolate_setup_root(t.root, false, ops, ELEMENTSOF(ops), NULL), 0);
        assert_calls(expected);
}

static void test_failing_op_is_named(void **state) {
        const MountOp ops[] = {
                { .kind = MOUNT_KIND_TMPFS, .target = "/a" },
                { .kind = MOUNT_KIND_TMPFS, .target = "/b" },
                { .kind = MOUNT_KIND_TMPFS, .target = "/c" },
        };
        const char *const expected[] = {
                "mount - / - REC|SLAVE -",
                "mount @ @ - BIND|REC -",
                "mount tmpfs @/a tmpfs 0 -",
                "mount tmpfs @/b tmpfs 0 -",
                NULL,
        };
        size_t failed = 0;

        t.fail_prefix = "mount tmpfs @/b";
        t.fail_errno = EACCES;
        assert_int_equal(isolate_setup_root(t.root, true, ops, ELEMENTSOF(ops), &failed), -EACCES);
        assert_int_equal(failed, 1);
        assert_calls(expected);
        assert_int_equal(type_of("root/c"), 0);
}

static void test_failing_root_steps(void **state) {
        static const char *const steps[] = {
                "mount - / ", "mount @ @ ", "chdir @", "pivot_root", "umount2", "chdir /",
        };
        const MountOp ops[] = {
                { .kind = MOUNT_KIND_TMPFS, .target = "/a" },
        };

        for (size_t i = 0; i < ELEMENTSOF(steps); i++) {
                size_t failed = 0;

                t.fail_prefix = steps[i];
                t.fail_errno = EINVAL;
                assert_int_equal(isolate_setup_root(t.root, true, ops, ELEMENTSOF(ops), &failed), -EINVAL);
                assert_int_equal(failed, ISOLATE_ROOT_STEP);
                assert_null(t.fail_prefix); /* it was reached */
        }
}

static void test_symlinks_stay_inside(void **state) {
        _cleanup_free_ char *file = host("src/file");
        char name[64], target[128], host_path[PATH_MAX], mount_line[PATH_MAX];
        const MountOp ops[] = {
                /* <root>/escape -> /etc: <root>/etc/NAME, not the host's /etc/NAME */
                { .kind = MOUNT_KIND_BIND, .source = file, .target = target },
                /* <root>/up -> ../../../../etc: ".." stops at the root */
                { .kind = MOUNT_KIND_TMPFS, .target = "/up/sub" },
        };

        snprintf(name, sizeof(name), "taskscope-test-%i", (int) getpid());
        snprintf(target, sizeof(target), "/escape/%s", name);
        snprintf(host_path, sizeof(host_path), "/etc/%s", name);
        assert_int_equal(access(host_path, F_OK), -1);

        assert_int_equal(isolate_setup_root(t.root, true, ops, ELEMENTSOF(ops), NULL), 0);
        snprintf(mount_line, sizeof(mount_line), "mount $/src/file @/etc/%s - BIND|REC -", name);
        assert_string_equal(t.calls[2], mount_line);
        assert_string_equal(t.calls[4], "mount tmpfs @/etc/sub tmpfs 0 -");
        assert_int_equal(access(host_path, F_OK), -1);
        assert_int_equal(errno, ENOENT);
        snprintf(host_path, sizeof(host_path), "root/etc/%s", name);
        assert_int_equal(type_of(host_path), S_IFREG);
        assert_int_equal(type_of("root/etc/sub"), S_IFDIR);
}

static void test_optional_and_missing(void **state) {
        const MountOp skipped[] = {
                { .kind = MOUNT_KIND_TMPFS, .target = "/no/such/dir", .optional = true },
                { .kind = MOUNT_KIND_MASK, .target = "/etc/nothing", .optional = true },
                { .kind = MOUNT_KIND_READ_ONLY, .target = "/nothing", .optional = true },
                { .kind = MOUNT_KIND_BIND, .source = "/nonexistent/taskscope", .target = "/x", .optional = true },
                /* parent there: an optional mount point is still made */
                { .kind = MOUNT_KIND_TMPFS, .target = "/etc/made", .optional = true },
        };
        const MountOp mask_missing[] = {
                { .kind = MOUNT_KIND_TMPFS, .target = "/a/b/c" }, /* parents made */
                { .kind = MOUNT_KIND_MASK, .target = "/etc/nothing" },
        };
        size_t failed = 0;

        assert_int_equal(isolate_setup_root(t.root, true, skipped, ELEMENTSOF(skipped), NULL), 0);
        assert_string_equal(t.calls[2], "mount tmpfs @/etc/made tmpfs 0 -");
        assert_string_equal(t.calls[3], "chdir @");
        assert_int_equal(type_of("root/no"), 0);
        assert_int_equal(type_of("root/nothing"), 0);
        assert_int_equal(type_of("root/x"), 0);
        assert_int_equal(type_of("root/etc/made"), S_IFDIR);

        assert_int_equal(isolate_setup_root(t.root, true, mask_missing, ELEMENTSOF(mask_missing), &failed),
                         -ENOENT);
        assert_int_equal(failed, 1);
        assert_int_equal(type_of("root/a/b/c"), S_IFDIR);
}

static void test_device_nodes(void **state) {
        const MountOp ops[] = {
                { .kind = MOUNT_KIND_DEVICE_NODE, .source = "/dev/fuse", .target = "/dev/fuse",
                  .mode = S_IFCHR | 0666, .rdev = makedev(10, 229) },
        };
        const char *const made[] = {
                "mount - / - REC|SLAVE -",
                "mount @ @ - BIND|REC -",
                "mknod @/dev/fuse 20666 10:229",
                SWITCH_CALLS,
                NULL,
        };
        const char *const bound[] = {
                "mount - / - REC|SLAVE -",
                "mount @ @ - BIND|REC -",
                "mknod @/dev/fuse 20666 10:229",
                "mount /dev/fuse @/dev/fuse - BIND -",
                SWITCH_CALLS,
                NULL,
        };

        /* mknod works: nothing else to do (the parent is made). */
        assert_int_equal(isolate_setup_root(t.root, true, ops, ELEMENTSOF(ops), NULL), 0);
        assert_calls(made);
        assert_int_equal(type_of("root/dev"), S_IFDIR);
        assert_int_equal(type_of("root/dev/fuse"), 0); /* the fake mknod made nothing */
        while (t.n_calls > 0)
                free(t.calls[--t.n_calls]);

        /* Refused: the host's node bound on an empty file. */
        t.mknod_errno = EPERM;
        assert_int_equal(isolate_setup_root(t.root, true, ops, ELEMENTSOF(ops), NULL), 0);
        assert_calls(bound);
        assert_int_equal(type_of("root/dev/fuse"), S_IFREG);
}

/* The real thing, as root: each check in the child has its own exit code. */
static int privileged_child(bool pivot) {
        _cleanup_free_ char *data = host("src/data"), *file = host("src/file");
        char name[64], target[128], p[PATH_MAX], link[64] = {};
        struct stat st, file_st;
        struct statfs sfs;
        int fd;

        snprintf(name, sizeof(name), "taskscope-test-%i", (int) getppid());
        snprintf(target, sizeof(target), "/escape/%s", name);
        const MountOp ops[] = {
                { .kind = MOUNT_KIND_BIND, .source = data, .target = "/data", .flags = MS_RDONLY },
                { .kind = MOUNT_KIND_TMPFS, .target = "/tmp", .flags = MS_NOSUID | MS_NODEV, .data = "mode=1777" },
                { .kind = MOUNT_KIND_BIND, .source = file, .target = target },
                { .kind = MOUNT_KIND_MASK, .target = "/etc/secret" },
                { .kind = MOUNT_KIND_MASK, .target = "/etc/secrets" },
                { .kind = MOUNT_KIND_SYMLINK, .source = "data/hello", .target = "/link" },
        };

        if (unshare(CLONE_NEWNS) < 0)
                return 77;
        if (stat(file, &file_st) < 0)
                return 2;
        t.passthrough = true;
        if (isolate_setup_root(t.root, pivot, ops, ELEMENTSOF(ops), NULL) < 0)
                return 3;

        /* The bind, read-only. */
        if (stat("/data/hello", &st) < 0 || !S_ISREG(st.st_mode))
                return 10;
        fd = open("/data/new", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EROFS)
                return 11;
        /* The tmpfs. */
        if (statfs("/tmp", &sfs) < 0 || sfs.f_type != TMPFS_MAGIC)
                return 12;
        /* The escape landed in the root's /etc. */
        snprintf(p, sizeof(p), "/etc/%s", name);
        if (stat(p, &st) < 0 || st.st_ino != file_st.st_ino || st.st_dev != file_st.st_dev)
                return 13;
        /* The masks. */
        if (stat("/etc/secret", &st) < 0 || !S_ISCHR(st.st_mode))
                return 14;
        if (statfs("/etc/secrets", &sfs) < 0 || sfs.f_type != TMPFS_MAGIC || !(sfs.f_flags & ST_RDONLY))
                return 15;
        if (readlink("/link", link, sizeof(link) - 1) != 10 || strcmp(link, "data/hello") != 0)
                return 16;
        /* The host is out of sight. */
        if (stat("/src", &st) == 0 || stat("/root/etc", &st) == 0)
                return 17;
        if (stat("/", &st) < 0 || stat("/escape", &st) < 0)
                return 18;
        return 0;
}

static void privileged(bool pivot) {
        char p[PATH_MAX];
        int status;
        pid_t pid;

        if (geteuid() != 0)
                skip();
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
                _exit(privileged_child(pivot));
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        if (WEXITSTATUS(status) == 77)
                skip();
        assert_int_equal(WEXITSTATUS(status), 0);

        /* The host's /etc untouched, the mount point made in the root's. */
        snprintf(p, sizeof(p), "/etc/taskscope-test-%i", (int) getpid());
        assert_int_equal(access(p, F_OK), -1);
        snprintf(p, sizeof(p), "root/etc/taskscope-test-%i", (int) getpid());
        assert_int_equal(type_of(p), S_IFREG);
        /* Unlike mounts, a mount namespace's changes to files stay. */
        assert_int_equal(type_of("root/data"), S_IFDIR);
}

static void test_privileged_pivot(void **state) {
        privileged(true);
}

static void test_privileged_chroot(void **state) {
        privileged(false);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_pivot_sequence, setup, teardown),
                cmocka_unit_test_setup_teardown(test_chroot_sequence, setup, teardown),
                cmocka_unit_test_setup_teardown(test_failing_op_is_named, setup, teardown),
                cmocka_unit_test_setup_teardown(test_failing_root_steps, setup, teardown),
                cmocka_unit_test_setup_teardown(test_symlinks_stay_inside, setup, teardown),
                cmocka_unit_test_setup_teardown(test_optional_and_missing, setup, teardown),
                cmocka_unit_test_setup_teardown(test_device_nodes, setup, teardown),
                cmocka_unit_test_setup_teardown(test_privileged_pivot, setup, teardown),
                cmocka_unit_test_setup_teardown(test_privileged_chroot, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
