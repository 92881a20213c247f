/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "basic/fileio.h"
#include "basic/macro.h"
#include "basic/proc-util.h"
#include "basic/time-util.h"
#include "cgroup/cgroup-path.h"
#include "cgroup/process-read.h"

/* About 7 bytes a pid: room for two thousand before the first growth. */
#define PROCS_BUFFER_INITIAL (16 * 1024)
#define PROCS_BUFFER_MAX (64 * 1024 * 1024)
/* The task owns its subtree and may nest cgroups as deep as it likes: below
 * this depth nothing is listed, so that a walk holds a bounded number of fds. */
#define PROCESS_WALK_DEPTH_MAX 32

struct CgroupProcessReader {
        int dir_fd;
        uint64_t page_size;
        char *buf;
        size_t size;
};

int cgroup_process_reader_open(const char *cgroup_path, CgroupProcessReader **ret) {
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *buf = NULL;
        CgroupProcessReader *r;
        long page_size;

        if (!cgroup_path || cgroup_path[0] != '/')
                return -EINVAL;
        page_size = sysconf(_SC_PAGESIZE);
        if (page_size <= 0)
                return -EINVAL;
        fd = open_at_path(CGROUP_ROOT, cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return fd;
        buf = malloc(PROCS_BUFFER_INITIAL);
        r = malloc(sizeof(*r));
        if (!buf || !r) {
                free(r);
                return -ENOMEM;
        }
        *r = (CgroupProcessReader) {
                .dir_fd = TAKE_FD(fd),
                .page_size = (uint64_t) page_size,
                .buf = TAKE_PTR(buf),
                .size = PROCS_BUFFER_INITIAL,
        };
        *ret = r;
        return 0;
}

CgroupProcessReader *cgroup_process_reader_free(CgroupProcessReader *r) {
        if (r) {
                safe_close(r->dir_fd);
                free(r->buf);
                free(r);
        }
        return NULL;
}

/* dir_fd's cgroup.procs into r->buf, NUL-terminated, growing it as needed:
 * a cgroupfs file is generated as it is read, so only a read of 0 ends it. */
static int read_procs(CgroupProcessReader *r, int dir_fd) {
        _cleanup_close_ int fd = -1;
        size_t len = 0;

        fd = openat(dir_fd, "cgroup.procs", O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        for (;;) {
                ssize_t n;

                if (len + 1 >= r->size) {
                        char *b;

                        if (r->size >= PROCS_BUFFER_MAX)
                                return -EFBIG;
                        b = realloc(r->buf, r->size * 2);
                        if (!b)
                                return -ENOMEM;
                        r->buf = b;
                        r->size *= 2;
                }
                n = read(fd, r->buf + len, r->size - 1 - len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0)
                        break;
                len += (size_t) n;
        }
        r->buf[len] = '\0';
        return 0;
}

/* group: the name of the scope's sub-cgroup the walk is in (depth >= 1). */
static int walk(CgroupProcessReader *r, int dir_fd, unsigned depth, const char *group, CgroupProcessList *l) {
        _cleanup_(closedirp) DIR *d = NULL;
        const char *p;
        pid_t pid;
        int fd, k;

        k = read_procs(r, dir_fd);
        if (k < 0)
                return k;
        /* All of r->buf is used before the walk goes down and refills it. */
        p = r->buf;
        while ((k = cgroup_procs_next(&p, &pid)) > 0) {
                ProcStat st;
                int q;

                q = proc_stat_read(pid, &st);
                /* Ended since cgroup.procs listed it. */
                if (q == -ENOENT || q == -ESRCH)
                        continue;
                if (q < 0)
                        return q;
                q = cgroup_process_list_add(l, pid, &st, r->page_size);
                if (q < 0)
                        return q;
                snprintf(l->items[l->n - 1].group, sizeof(l->items[l->n - 1].group), "%s", group);
        }
        if (k < 0)
                return k;

        if (depth >= PROCESS_WALK_DEPTH_MAX)
                return 0;
        /* A descriptor of its own: readdir moves the offset of the one it reads. */
        fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        d = fdopendir(fd);
        if (!d) {
                k = -errno;
                safe_close(fd);
                return k;
        }
        for (;;) {
                _cleanup_close_ int sub = -1;
                struct dirent *de;

                errno = 0;
                de = readdir(d);
                if (!de) {
                        if (errno != 0)
                                return -errno;
                        break;
                }
                if ((de->d_type != DT_DIR && de->d_type != DT_UNKNOWN) || strcmp(de->d_name, ".") == 0 ||
                    strcmp(de->d_name, "..") == 0)
                        continue;
                /* The holder is taskscope's, not the task's. */
                if (depth == 0 && strcmp(de->d_name, CGROUP_HOLD_SUBGROUP) == 0)
                        continue;
                sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (sub < 0) {
                        if (errno == ENOENT || errno == ENOTDIR)
                                continue;
                        return -errno;
                }
                k = walk(r, sub, depth + 1, depth == 0 ? de->d_name : group, l);
                /* Removed while it was walked, or a threaded cgroup, whose
                 * processes its domain's cgroup.procs lists. */
                if (k == -ENOENT || k == -ENODEV || k == -EOPNOTSUPP)
                        continue;
                if (k < 0)
                        return k;
        }
        return 0;
}

int cgroup_process_reader_sample(CgroupProcessReader *r, CgroupProcessList *l) {
        int k;

        cgroup_process_list_clear(l);
        l->monotonic_usec = now_usec(CLOCK_MONOTONIC);
        k = walk(r, r->dir_fd, 0, "", l);
        /* A removed cgroup's files are gone (or read as ENODEV while open). */
        if (k == -ENOENT || k == -ENODEV)
                return -ENODEV;
        if (k < 0)
                return k;
        cgroup_process_list_finish(l);
        return 0;
}
