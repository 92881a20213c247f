/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "basic/time-util.h"
#include "basic/fileio.h"
#include "basic/macro.h"
#include "cgroup/cgroup-path.h"
#include "cgroup/cgroup-read.h"

/* memory.stat is about 3 KiB; io.stat grows by a line per device. */
#define CGROUP_READ_BUFFER_SIZE (64 * 1024)

/* A file_fd[] entry before the file was first opened, and once it was found
 * absent: a scope's controllers are fixed when it is created, so a file that
 * is not there is not looked for again. */
#define FILE_FD_UNOPENED (-1)
#define FILE_FD_ABSENT (-2)

struct CgroupReader {
        int dir_fd;
        /* Each stats file, opened on first use and kept: a poll is then a
         * pread() per file, with no path walk and no open/close. */
        int file_fd[_CGROUP_FILE_MAX];
        const char *failed_file;
        char buf[CGROUP_READ_BUFFER_SIZE];
};

int cgroup_reader_open(const char *cgroup_path, CgroupReader **ret) {
        _cleanup_close_ int fd = -1;
        CgroupReader *r;

        if (!cgroup_path || cgroup_path[0] != '/')
                return -EINVAL;
        fd = open_at_path(CGROUP_ROOT, cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return fd;
        r = malloc(sizeof(*r));
        if (!r)
                return -ENOMEM;
        r->dir_fd = TAKE_FD(fd);
        for (size_t i = 0; i < ELEMENTSOF(r->file_fd); i++)
                r->file_fd[i] = FILE_FD_UNOPENED;
        r->failed_file = NULL;
        *ret = r;
        return 0;
}

CgroupReader *cgroup_reader_free(CgroupReader *r) {
        if (r) {
                for (size_t i = 0; i < ELEMENTSOF(r->file_fd); i++)
                        if (r->file_fd[i] >= 0)
                                safe_close(r->file_fd[i]);
                safe_close(r->dir_fd);
                free(r);
        }
        return NULL;
}

const char *cgroup_reader_failed_file(const CgroupReader *r) {
        return r->failed_file;
}

/* File f into r->buf, NUL-terminated; -ENOENT when the cgroup does not have
 * it. cgroupfs regenerates a file whole when it is read from offset 0, so its
 * fd is kept and one pread() reads it; after the cgroup is removed, reads of
 * it fail with ENODEV. */
static int read_into_buffer(CgroupReader *r, CgroupStatsFile f) {
        int *fd = &r->file_fd[f];

        if (*fd == FILE_FD_ABSENT)
                return -ENOENT;
        if (*fd == FILE_FD_UNOPENED) {
                *fd = openat(r->dir_fd, cgroup_stats_file_to_string(f), O_RDONLY | O_CLOEXEC | O_NOCTTY);
                if (*fd < 0) {
                        int k = -errno;

                        *fd = k == -ENOENT || k == -EOPNOTSUPP ? FILE_FD_ABSENT : FILE_FD_UNOPENED;
                        return k;
                }
        }
        return read_record_fd_into(*fd, r->buf, sizeof(r->buf));
}

int cgroup_reader_sample(CgroupReader *r, CgroupStats *ret) {
        return cgroup_reader_sample_files(r, UINT32_MAX, ret);
}

int cgroup_reader_sample_files(CgroupReader *r, uint32_t files, CgroupStats *ret) {
        CgroupStats s = {};
        bool missing = false, read_one = false;
        int k;

        r->failed_file = NULL;
        /* cpu.stat comes first: the clocks belong to it. */
        s.monotonic_usec = now_usec(CLOCK_MONOTONIC);
        s.realtime_usec = now_usec(CLOCK_REALTIME);
        for (CgroupStatsFile f = 0; f < _CGROUP_FILE_MAX; f++) {
                const char *name = cgroup_stats_file_to_string(f);

                if (!(files & (UINT32_C(1) << f)))
                        continue;
                k = read_into_buffer(r, f);
                /* No controller, an older kernel, or PSI off for this cgroup. */
                if (k == -ENOENT || k == -EOPNOTSUPP) {
                        missing = true;
                        continue;
                }
                if (k == -ENODEV)
                        return -ENODEV;
                if (k >= 0) {
                        read_one = true;
                        k = cgroup_stats_parse(&s, f, r->buf);
                }
                if (k < 0) {
                        r->failed_file = name;
                        return k;
                }
        }
        /* A removed cgroup's files are all gone, cgroup.events too, which
         * every live cgroup has: then this was no sample, the task ended.
         * A file read this time proves the cgroup is there (a kept fd of a
         * removed cgroup reads ENODEV), so the check, a path lookup, is
         * made only when nothing could be read. */
        if (missing && !read_one && faccessat(r->dir_fd, "cgroup.events", F_OK, 0) < 0) {
                if (errno == ENOENT)
                        return -ENODEV;
                r->failed_file = "cgroup.events";
                return -errno;
        }
        *ret = s;
        return 0;
}

int cgroup_read_cpu_mhz(double *ret) {
        _cleanup_free_ char *cpuinfo = NULL;
        int r;

        r = read_file_at(AT_FDCWD, "/proc/cpuinfo", &cpuinfo);
        if (r < 0)
                return r;
        return cgroup_parse_cpu_mhz(cpuinfo, ret);
}

int cgroup_populated_at(int dir_fd) {
        _cleanup_free_ char *events = NULL;
        int r = read_file_at(dir_fd, "cgroup.events", &events);

        return r < 0 ? r : cgroup_events_populated(events);
}
