/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/fileio.h"
#include "basic/macro.h"
#include "basic/time-util.h"
#include "cgroup/cgroup-path.h"
#include "cgroup/cgroup-read.h"
#include "isolate/init.h"
#include "task/control.h"
#include "task/exec-session.h"
#include "task/exit-status.h"
#include "task/journal-records.h"
#include "task/pty-relay.h"

/* After the command ends: how long what it left behind has to die, and the
 * output pipe to drain. */
#define EXEC_CLEANUP_USEC (2ULL * 1000 * 1000)

#define EXEC_NAMESPACES (CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUTS)

/* A new exec-N below the scope: the smallest N free. */
static int exec_group_create(int scope_fd, char name[static 32]) {
        for (unsigned n = 1; n < 100000; n++) {
                snprintf(name, 32, "exec-%u", n);
                if (mkdirat(scope_fd, name, 0755) == 0)
                        return 0;
                if (errno != EEXIST)
                        return negative_errno();
        }
        return -EMFILE;
}

static bool group_empty(int group_fd) {
        return cgroup_populated_at(group_fd) <= 0;
}

/* Kill what is left in the group, wait for it to empty, remove it. */
static void exec_group_remove(int scope_fd, int group_fd, const char *name) {
        uint64_t deadline = now_usec(CLOCK_MONOTONIC) + EXEC_CLEANUP_USEC;

        if (!group_empty(group_fd))
                (void) write_file_at(group_fd, "cgroup.kill", "1");
        while (!group_empty(group_fd) && now_usec(CLOCK_MONOTONIC) < deadline)
                usleep(5 * 1000);
        /* EBUSY for a moment after the last process: the kernel frees its
         * css asynchronously. */
        for (int i = 0; i < 200 && unlinkat(scope_fd, name, AT_REMOVEDIR) < 0 && errno == EBUSY; i++)
                usleep(5 * 1000);
}

/* The helper, in exec-N: join the task, fork the command, be its parent. */
_noreturn_ static void exec_helper(int task_pidfd, int root_fd, int report_fd, int out_fd, bool stdin_null,
                                   const ChildPlan *plan) {
        int r, status = 0;
        pid_t cmd;

        (void) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        if (stdin_null) {
                r = stdio_to_null(STDIO_IN);
                if (r < 0)
                        task_child_fail(report_fd, CHILD_STEP_STDIO, r);
        }
        if (out_fd >= 0 && (dup2(out_fd, STDOUT_FILENO) < 0 || dup2(out_fd, STDERR_FILENO) < 0))
                task_child_fail(report_fd, CHILD_STEP_STDIO, -errno);

        /* All at once through the pidfd: the namespaces of one process,
         * the one we checked is the task's. */
        if (setns(task_pidfd, EXEC_NAMESPACES) < 0)
                task_child_fail(report_fd, CHILD_STEP_JOIN, -errno);
        /* The task's root (pivot_root'ed, or a chroot inside its mount
         * namespace): opened before joining, as nsenter --root does. */
        if (fchdir(root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
                task_child_fail(report_fd, CHILD_STEP_ENTER_ROOT, -errno);

        r = isolate_init_block_signals();
        if (r < 0)
                task_child_fail(report_fd, CHILD_STEP_INIT_FORK, r);
        /* The pid namespace applies to children only. */
        cmd = fork();
        if (cmd < 0)
                task_child_fail(report_fd, CHILD_STEP_INIT_FORK, -errno);
        if (cmd == 0)
                task_child_exec(report_fd, plan);
        safe_close(report_fd);

        r = isolate_init_run(cmd, &status);
        if (r < 0)
                _exit(EXIT_LAUNCHER);
        if (WIFSIGNALED(status)) {
                /* Die as it died, so the caller sees the signal. */
                sigset_t none;
                signal(WTERMSIG(status), SIG_DFL);
                sigemptyset(&none);
                sigprocmask(SIG_SETMASK, &none, NULL);
                raise(WTERMSIG(status));
        }
        _exit(exit_code_from_wait_status(status));
}

/* One read of the output pipe into the tail: 1 while it is open, 0 at
 * EOF (every writer gone) or on an error. */
static int read_output(int fd, TailBuffer *out) {
        char buf[16384];
        ssize_t n = read(fd, buf, sizeof(buf));

        if (n > 0) {
                tail_buffer_append(out, buf, (size_t) n);
                return 1;
        }
        return n < 0 && errno == EINTR;
}

/* Wait for the helper: output into the tail buffer, signals passed on, the
 * whole group killed at the deadline. */
static int exec_wait(pid_t helper, int helper_pidfd, int out_fd, int group_fd, const ExecSessionOptions *o,
                     ExecResult *res) {
        uint64_t deadline = o->timeout_usec ? now_usec(CLOCK_MONOTONIC) + o->timeout_usec : 0;
        _cleanup_close_ int sfd = -1;
        sigset_t mask;

        sigemptyset(&mask);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGHUP);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
                return negative_errno();
        sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
        if (sfd < 0)
                return negative_errno();

        for (;;) {
                struct pollfd p[3] = {
                        { .fd = helper_pidfd, .events = POLLIN },
                        { .fd = sfd, .events = POLLIN },
                        { .fd = out_fd, .events = POLLIN },
                };
                int timeout = -1;

                if (deadline && !res->timed_out) {
                        uint64_t now = now_usec(CLOCK_MONOTONIC);
                        if (now >= deadline) {
                                /* Every process of the session, not the leader alone. */
                                (void) write_file_at(group_fd, "cgroup.kill", "1");
                                res->timed_out = true;
                        } else
                                timeout = (int) ((deadline - now + 999) / 1000);
                }
                if (poll(p, out_fd >= 0 ? 3 : 2, timeout) < 0 && errno != EINTR)
                        return negative_errno();
                if (p[1].revents & POLLIN) {
                        struct signalfd_siginfo si;
                        while (read(sfd, &si, sizeof(si)) == sizeof(si))
                                (void) kill(helper, (int) si.ssi_signo);
                }
                if (out_fd >= 0 && (p[2].revents & (POLLIN | POLLHUP)) && !read_output(out_fd, &res->output))
                        out_fd = -1;
                if (p[0].revents & POLLIN) {
                        pid_t w;
                        do
                                w = waitpid(helper, &res->status, 0);
                        while (w < 0 && errno == EINTR);
                        if (w < 0)
                                return negative_errno();
                        break;
                }
        }
        /* What the command left behind may hold the pipe: kill it, then
         * read to EOF (bounded, should a writer outlive the kill). */
        if (out_fd >= 0) {
                uint64_t end = now_usec(CLOCK_MONOTONIC) + EXEC_CLEANUP_USEC, now;

                (void) write_file_at(group_fd, "cgroup.kill", "1");
                while ((now = now_usec(CLOCK_MONOTONIC)) < end) {
                        struct pollfd p = { .fd = out_fd, .events = POLLIN };

                        if (poll(&p, 1, (int) ((end - now + 999) / 1000)) > 0 && !read_output(out_fd, &res->output))
                                break;
                }
        }
        (void) sigprocmask(SIG_UNBLOCK, &mask, NULL);
        return 0;
}

int task_exec_run(const TaskState *task, const ChildPlan *plan, const ExecSessionOptions *o, ExecResult *res) {
        _cleanup_close_ int task_pidfd = -1, scope_fd = -1, group_fd = -1, root_fd = -1, helper_pidfd = -1;
        _cleanup_close_pair_ int report[2] = { -1, -1 }, out[2] = { -1, -1 };
        char root_path[64];
        TaskChild helper = TASK_CHILD_NULL;
        struct clone_args args = {};
        pid_t pid;
        int r;

        *res = (ExecResult) {};
        if (o->capture_limit > 0 && tail_buffer_init(&res->output, o->capture_limit) < 0)
                return -ENOMEM;

        r = task_pidfd_open(task, &task_pidfd);
        if (r < 0)
                return r == -ENOENT ? -ESRCH : r;
        snprintf(root_path, sizeof(root_path), "/proc/%d/root", (int) task->pid);
        root_fd = open(root_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (root_fd < 0)
                return -ESRCH;
        /* Still alive after the open: the root is that process's. */
        if (syscall(SYS_pidfd_send_signal, task_pidfd, 0, NULL, 0) < 0)
                return -ESRCH;

        scope_fd = open_at_path(CGROUP_ROOT, task->cgroup, O_DIRECTORY | O_CLOEXEC);
        if (scope_fd < 0)
                return scope_fd == -ENOENT ? -ESRCH : scope_fd;
        r = exec_group_create(scope_fd, res->group);
        if (r < 0)
                return r;
        group_fd = openat(scope_fd, res->group, O_DIRECTORY | O_CLOEXEC);
        if (group_fd < 0) {
                r = negative_errno();
                goto fail;
        }
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, report) < 0 ||
            (o->capture_limit > 0 && pipe2(out, O_CLOEXEC) < 0)) {
                r = negative_errno();
                goto fail;
        }

        /* Born in exec-N: nothing of it ever runs outside the task's scope. */
        args = (struct clone_args) {
                .flags = CLONE_INTO_CGROUP | CLONE_PIDFD,
                .pidfd = (uint64_t) (uintptr_t) &helper_pidfd,
                .cgroup = (uint64_t) group_fd,
                .exit_signal = SIGCHLD,
        };
        pid = (pid_t) syscall(SYS_clone3, &args, sizeof(args));
        if (pid < 0) {
                r = negative_errno();
                goto fail;
        }
        if (pid == 0) {
                safe_close(report[0]);
                safe_close(out[0]);
                exec_helper(task_pidfd, root_fd, report[1], out[1], o->stdin_null, plan);
        }
        report[1] = safe_close(report[1]);
        out[1] = safe_close(out[1]);
        task_journal_exec_started(task->id, task->unit, pid, o->exec_id, res->group, plan->argv);

        helper.pid = pid;
        helper.report_fd = TAKE_FD(report[0]);
        r = task_child_read_report(&helper, &res->report);
        if (r != 0) {
                /* A step failed (or the report broke): the helper is ending. */
                (void) task_child_wait(&helper, &res->status);
                res->started = false;
                if (r < 0)
                        res->report = (ChildReport) { .step = CHILD_STEP_EXEC, .err = -r, .detail = -1 };
        } else {
                res->started = true;
                if (helper.pty_fd >= 0) {
                        r = pty_relay_run(helper.pty_fd, pid, &res->status);
                        helper.pty_fd = -1;
                } else
                        r = exec_wait(pid, helper_pidfd, out[0], group_fd, o, res);
                if (r < 0) {
                        (void) write_file_at(group_fd, "cgroup.kill", "1");
                        (void) task_child_wait(&helper, NULL);
                }
        }
        task_journal_exec_ended(task->id, task->unit, pid, o->exec_id, res->started ? res->status : -1,
                                res->timed_out);
        exec_group_remove(scope_fd, group_fd, res->group);
        return r < 0 ? r : 0;

fail:
        exec_group_remove(scope_fd, group_fd, res->group);
        return r;
}

void exec_result_done(ExecResult *r) {
        tail_buffer_done(&r->output);
}
