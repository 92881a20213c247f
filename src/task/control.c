/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "basic/time-util.h"
#include "basic/fileio.h"
#include "basic/macro.h"
#include "cgroup/cgroup-path.h"
#include "task/control.h"

static bool pid_in_cgroup(pid_t pid, const char *cgroup) {
        _cleanup_free_ char *content = NULL, *path = NULL;
        char file[64];
        size_t n = strlen(cgroup);

        snprintf(file, sizeof(file), "/proc/%d/cgroup", (int) pid);
        if (read_file_at(AT_FDCWD, file, &content) < 0 || cgroup_path_from_proc(content, &path) < 0)
                return false;
        return strncmp(path, cgroup, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int task_signal_main(const TaskState *s, int sig) {
        _cleanup_close_ int pidfd = -1;

        pidfd = (int) syscall(SYS_pidfd_open, s->pid, 0);
        if (pidfd < 0)
                return -errno;
        /* The pidfd pins this process: if the pid was reused before it was
         * opened, the process it names is not in the task's cgroup. */
        if (!pid_in_cgroup(s->pid, s->cgroup))
                return -ESRCH;
        if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
                return -errno;
        return 0;
}

static int signal_tree(int dirfd, int sig, int *count) {
        _cleanup_free_ char *procs = NULL;
        _cleanup_(closedirp) DIR *d = NULL;
        int fd;

        if (read_file_at(dirfd, "cgroup.procs", &procs) >= 0)
                for (char *p = procs, *end; *p; p = end) {
                        long pid = strtol(p, &end, 10);
                        if (end == p)
                                break;
                        if (pid > 0 && kill((pid_t) pid, sig) == 0)
                                (*count)++;
                        end += strspn(end, "\n");
                }
        fd = dup(dirfd);
        if (fd < 0)
                return -errno;
        d = fdopendir(fd);
        if (!d) {
                safe_close(fd);
                return -errno;
        }
        for (struct dirent *de; (de = readdir(d));) {
                _cleanup_close_ int sub = -1;

                if (de->d_type != DT_DIR || de->d_name[0] == '.')
                        continue;
                sub = openat(dirfd, de->d_name, O_DIRECTORY | O_CLOEXEC);
                if (sub >= 0)
                        (void) signal_tree(sub, sig, count);
        }
        return 0;
}

int task_signal_all(const TaskState *s, int sig) {
        _cleanup_close_ int fd = -1;
        int count = 0, r;

        fd = open_at_path(CGROUP_ROOT, s->cgroup, O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return fd == -ENOENT ? -ESRCH : fd;
        r = signal_tree(fd, sig, &count);
        return r < 0 ? r : count;
}

int task_kill_all(const TaskState *s) {
        _cleanup_close_ int fd = -1;

        fd = open_at_path(CGROUP_ROOT, s->cgroup, O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return fd == -ENOENT ? -ESRCH : fd;
        return write_file_at(fd, "cgroup.kill", "1");
}

static int poll_until(const TaskState *s, uint64_t timeout_usec, bool want_gone) {
        uint64_t deadline = now_usec(CLOCK_MONOTONIC) + timeout_usec;

        for (;;) {
                _cleanup_close_ int fd = open_at_path(CGROUP_ROOT, s->cgroup, O_DIRECTORY | O_CLOEXEC);
                _cleanup_free_ char *events = NULL;

                if (fd < 0)
                        return 1;
                if (!want_gone && read_file_at(fd, "cgroup.events", &events) >= 0 &&
                    cgroup_events_populated(events) == 0)
                        return 1;
                if (now_usec(CLOCK_MONOTONIC) >= deadline)
                        return 0;
                usleep(20 * 1000);
        }
}

int task_wait_empty(const TaskState *s, uint64_t timeout_usec) {
        return poll_until(s, timeout_usec, false);
}

int task_wait_scope_gone(const TaskState *s, uint64_t timeout_usec) {
        return poll_until(s, timeout_usec, true);
}
