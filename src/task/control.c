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
#include "basic/proc-util.h"
#include "cgroup/cgroup-path.h"
#include "task/control.h"
#include "task/holder.h"

static bool pid_in_cgroup(pid_t pid, const char *cgroup) {
        _cleanup_free_ char *content = NULL, *path = NULL;
        char file[64];
        size_t n = strlen(cgroup);

        snprintf(file, sizeof(file), "/proc/%d/cgroup", (int) pid);
        if (read_file_at(AT_FDCWD, file, &content) < 0 || cgroup_path_from_proc(content, &path) < 0)
                return false;
        return strncmp(path, cgroup, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int task_pidfd_open(const TaskState *s, int *ret) {
        _cleanup_close_ int pidfd = -1;

        pidfd = (int) syscall(SYS_pidfd_open, s->pid, 0);
        if (pidfd < 0)
                return -errno;
        /* The pidfd pins this process: if the pid was reused before it was
         * opened, the process it names is not in the task's cgroup. */
        if (!pid_in_cgroup(s->pid, s->cgroup))
                return -ESRCH;
        *ret = TAKE_FD(pidfd);
        return 0;
}

int task_signal_main(const TaskState *s, int sig) {
        _cleanup_close_ int pidfd = -1;
        int r;

        r = task_pidfd_open(s, &pidfd);
        if (r < 0)
                return r;
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

                /* The holder blocks every signal; it is not the task's. */
                if (de->d_type != DT_DIR || de->d_name[0] == '.' || strcmp(de->d_name, CGROUP_HOLD_SUBGROUP) == 0)
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

/* Call fn on every subgroup of the scope that holds the task's processes
 * (task/, exec-N/), not the holder's. Stops at the first error. */
static int for_each_task_group(int scope_fd, int (*fn)(int group_fd, void *userdata), void *userdata) {
        _cleanup_(closedirp) DIR *d = NULL;
        int fd;

        fd = dup(scope_fd);
        if (fd < 0)
                return -errno;
        d = fdopendir(fd);
        if (!d) {
                safe_close(fd);
                return -errno;
        }
        for (struct dirent *de; (de = readdir(d));) {
                _cleanup_close_ int sub = -1;
                int r;

                if (de->d_type != DT_DIR || de->d_name[0] == '.' || strcmp(de->d_name, CGROUP_HOLD_SUBGROUP) == 0)
                        continue;
                sub = openat(scope_fd, de->d_name, O_DIRECTORY | O_CLOEXEC);
                if (sub < 0)
                        continue; /* removed meanwhile */
                r = fn(sub, userdata);
                if (r != 0)
                        return r;
        }
        return 0;
}

static int kill_group(int group_fd, void *userdata) {
        int r = write_file_at(group_fd, "cgroup.kill", "1");
        return r == -ENOENT || r == -ENODEV ? 0 : r;
}

int task_cgroup_kill(const char *scope_cgroup) {
        _cleanup_close_ int fd = open_at_path(CGROUP_ROOT, scope_cgroup, O_DIRECTORY | O_CLOEXEC);

        if (fd < 0)
                return fd == -ENOENT ? -ESRCH : fd;
        return for_each_task_group(fd, kill_group, NULL);
}

int task_kill_all(const TaskState *s) {
        return task_cgroup_kill(s->cgroup);
}

/* 1 (stop iterating) if the group still has a process. */
static int group_populated(int group_fd, void *userdata) {
        _cleanup_free_ char *events = NULL;

        return read_file_at(group_fd, "cgroup.events", &events) >= 0 && cgroup_events_populated(events) > 0;
}

int task_cgroup_empty(const char *scope_cgroup) {
        _cleanup_close_ int fd = open_at_path(CGROUP_ROOT, scope_cgroup, O_DIRECTORY | O_CLOEXEC);

        return fd < 0 || for_each_task_group(fd, group_populated, NULL) == 0;
}

static bool access_cgroup_gone(const char *cgroup) {
        _cleanup_close_ int fd = open_at_path(CGROUP_ROOT, cgroup, O_DIRECTORY | O_CLOEXEC);
        return fd == -ENOENT;
}

static int poll_until(const TaskState *s, uint64_t timeout_usec, bool want_gone) {
        uint64_t deadline = now_usec(CLOCK_MONOTONIC) + timeout_usec;

        for (;;) {
                if (want_gone ? access_cgroup_gone(s->cgroup) : task_cgroup_empty(s->cgroup))
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

int task_supervisor_alive(const TaskState *s) {
        ProcStat st;
        int r;

        if (s->supervisor <= 0)
                return 0;
        r = proc_stat_read(s->supervisor, &st);
        if (r == -ENOENT || r == -ESRCH)
                return 0;
        if (r < 0)
                return r;
        /* A zombie has ended; another starttime is another process. */
        return st.state != 'Z' && (s->supervisor_starttime == 0 || st.starttime == s->supervisor_starttime);
}
