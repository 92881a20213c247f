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
#include "cgroup/cgroup-read.h"
#include "cgroup/process-stats.h"
#include "task/control.h"
#include "task/task-info.h"

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

/* Call fn on every sub-cgroup of dir_fd; below a scope (top) not on the
 * holder's, which is taskscope's, not the task's. Stops at the first
 * non-zero return. */
static int for_each_subgroup(int dir_fd, bool top, int (*fn)(int group_fd, void *userdata), void *userdata) {
        _cleanup_(closedirp) DIR *d = NULL;
        int fd;

        fd = dup(dir_fd);
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

                if (de->d_type != DT_DIR || de->d_name[0] == '.' ||
                    (top && strcmp(de->d_name, CGROUP_HOLD_SUBGROUP) == 0))
                        continue;
                sub = openat(dir_fd, de->d_name, O_DIRECTORY | O_CLOEXEC);
                if (sub < 0)
                        continue; /* removed meanwhile */
                r = fn(sub, userdata);
                if (r != 0)
                        return r;
        }
        return 0;
}

/* The task's groups: task/, exec-N/. */
static int for_each_task_group(int scope_fd, int (*fn)(int group_fd, void *userdata), void *userdata) {
        return for_each_subgroup(scope_fd, true, fn, userdata);
}

typedef struct SignalTree {
        int sig;
        int count;
} SignalTree;

/* Every process of one cgroup, then of the cgroups below it. */
static int signal_tree(int dir_fd, void *userdata) {
        _cleanup_free_ char *procs = NULL;
        SignalTree *t = userdata;

        if (read_file_at(dir_fd, "cgroup.procs", &procs) >= 0) {
                const char *p = procs;
                pid_t pid;

                while (cgroup_procs_next(&p, &pid) > 0)
                        if (kill(pid, t->sig) == 0)
                                t->count++;
        }
        (void) for_each_subgroup(dir_fd, false, signal_tree, t);
        return 0;
}

int task_signal_all(const TaskState *s, int sig) {
        _cleanup_close_ int fd = -1;
        SignalTree t = { .sig = sig };
        int r;

        fd = open_at_path(CGROUP_ROOT, s->cgroup, O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return fd == -ENOENT ? -ESRCH : fd;
        /* The scope's root holds no process: its task groups. */
        r = for_each_task_group(fd, signal_tree, &t);
        return r < 0 ? r : t.count;
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
        return cgroup_populated_at(group_fd) > 0;
}

/* A process in task/ or an exec-N/ group; the holder's does not count. */
static bool task_groups_populated_at(int scope_fd) {
        return for_each_task_group(scope_fd, group_populated, NULL) != 0;
}

int task_cgroup_empty(const char *scope_cgroup) {
        _cleanup_close_ int fd = open_at_path(CGROUP_ROOT, scope_cgroup, O_DIRECTORY | O_CLOEXEC);

        return fd < 0 || !task_groups_populated_at(fd);
}

static bool access_cgroup_gone(const char *cgroup) {
        _cleanup_close_ int fd = open_at_path(CGROUP_ROOT, cgroup, O_DIRECTORY | O_CLOEXEC);
        return fd == -ENOENT;
}

typedef struct PollScope {
        const char *cgroup;
        bool want_gone;
} PollScope;

static int scope_reached(void *userdata) {
        const PollScope *p = userdata;

        return p->want_gone ? access_cgroup_gone(p->cgroup) : task_cgroup_empty(p->cgroup);
}

/* Not inotify: closing an inotify instance with watches waits for an SRCU
 * grace period, ~10 ms, more than the whole wait usually takes. */
static int poll_until(const char *scope_cgroup, uint64_t timeout_usec, bool want_gone) {
        return poll_with_backoff(timeout_usec, scope_reached, &(PollScope) { scope_cgroup, want_gone });
}

int task_wait_empty(const char *scope_cgroup, uint64_t timeout_usec) {
        return poll_until(scope_cgroup, timeout_usec, false);
}

int task_wait_scope_gone(const char *scope_cgroup, uint64_t timeout_usec) {
        return poll_until(scope_cgroup, timeout_usec, true);
}

int task_supervisor_alive(const TaskState *s) {
        ProcStat st = {};
        int k = s->supervisor > 0 ? proc_stat_read(s->supervisor, &st) : -ESRCH;
        SupervisorLiveness l = supervisor_liveness(s->supervisor, s->supervisor_starttime, k, &st);

        return l == SUPERVISOR_ALIVE || l == SUPERVISOR_UNVERIFIED;
}

int task_scope_populated(const char *scope_cgroup) {
        _cleanup_close_ int fd = open_at_path(CGROUP_ROOT, scope_cgroup, O_DIRECTORY | O_CLOEXEC);
        _cleanup_free_ char *procs = NULL;
        const char *p;
        pid_t pid;

        if (fd == -ENOENT)
                return 0;
        /* The root holds the child until it moves into task/. */
        if (fd < 0 || read_file_at(fd, "cgroup.procs", &procs) < 0)
                return 1;
        p = procs;
        if (cgroup_procs_next(&p, &pid) != 0)
                return 1;
        /* Not the holder: it outlives the run that made it by a moment. */
        return task_groups_populated_at(fd);
}
