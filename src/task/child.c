/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <syslog.h>
#include <systemd/sd-journal.h>
#include <termios.h>
#include <unistd.h>

#include "basic/fd-pass.h"
#include "basic/fileio.h"
#include "basic/macro.h"
#include "cgroup/cgroup-layout.h"
#include "cgroup/cgroup-path.h"
#include "isolate/caps.h"
#include "isolate/init.h"
#include "isolate/mounts.h"
#include "isolate/sys.h"
#include "isolate/user.h"
#include "task/child.h"
#include "task/exit-status.h"

const char *child_step_to_string(ChildStep s) {
        static const char *const table[_CHILD_STEP_MAX] = {
                [CHILD_STEP_WAIT_RELEASE] = "wait-release",
                [CHILD_STEP_CGROUP_FIND] = "cgroup-find",
                [CHILD_STEP_CGROUP_MOVE] = "cgroup-move",
                [CHILD_STEP_CGROUP_ENABLE] = "cgroup-enable-controllers",
                [CHILD_STEP_OOM_SCORE_ADJ] = "oom-score-adj",
                [CHILD_STEP_JOURNAL] = "journal-stream",
                [CHILD_STEP_STDIO] = "stdio",
                [CHILD_STEP_NETNS] = "join-netns",
                [CHILD_STEP_HOSTNAME] = "hostname",
                [CHILD_STEP_MOUNT] = "mount",
                [CHILD_STEP_INIT_FORK] = "init-fork",
                [CHILD_STEP_SESSION] = "setsid",
                [CHILD_STEP_PTY] = "pty",
                [CHILD_STEP_RLIMIT] = "rlimit",
                [CHILD_STEP_CAPS_BOUNDING] = "capability-bounding-set",
                [CHILD_STEP_USER] = "user",
                [CHILD_STEP_CAPS] = "capabilities",
                [CHILD_STEP_NO_NEW_PRIVS] = "no-new-privs",
                [CHILD_STEP_CWD] = "cwd",
                [CHILD_STEP_CLOSE_FDS] = "close-fds",
                [CHILD_STEP_EXEC] = "exec",
                [CHILD_STEP_JOIN] = "join-task",
                [CHILD_STEP_ENTER_ROOT] = "enter-root",
                [CHILD_STEP_UNSHARE] = "unshare",
        };
        return (unsigned) s < _CHILD_STEP_MAX ? table[s] : "unknown";
}

static void child_report(int fd, ChildStep step, int err, int detail) {
        ChildReport rep = { .step = step, .err = err, .detail = detail };
        ssize_t n;

        do
                n = write(fd, &rep, sizeof(rep));
        while (n < 0 && errno == EINTR);
}

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* execvp() without its fallback of running a file that is not a valid
 * executable through /bin/sh (a task gets what it asked for, or 126).
 * Returns the negative errno of the most telling failure. */
static int child_exec_path(char *const *argv) {
        const char *path = getenv("PATH");
        const char *name = argv[0];
        char buf[PATH_MAX];
        bool refused = false;

        if (strchr(name, '/')) {
                execv(name, argv);
                return -errno;
        }
        if (!path || !*path)
                path = DEFAULT_PATH;
        for (const char *p = path, *end; *p; p = *end ? end + 1 : end) {
                size_t len;

                end = strchrnul(p, ':');
                len = (size_t) (end - p);
                /* An empty element means the current directory, as in execvp. */
                if (snprintf(buf, sizeof(buf), "%.*s%s%s", (int) len, p, len ? "/" : "", name) >=
                    (int) sizeof(buf))
                        continue;
                execv(buf, argv);
                switch (errno) {
                case ENOENT:
                case ENOTDIR:
                        continue;
                case EACCES:
                        /* Found but refused: keep looking, report it if nothing better. */
                        refused = true;
                        continue;
                default:
                        return -errno;
                }
        }
        return refused ? -EACCES : -ENOENT;
}

static void child_reset_signals(void) {
        struct sigaction sa = { .sa_handler = SIG_DFL };
        sigset_t none;

        sigemptyset(&sa.sa_mask);
        for (int sig = 1; sig < _NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        (void) sigaction(sig, &sa, NULL); /* EINVAL for the ones glibc keeps */
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
}

_noreturn_ static void child_fail_detail(int report_fd, ChildStep step, int r, int detail) {
        child_report(report_fd, step, -r, detail);
        _exit(step == CHILD_STEP_EXEC ? exit_code_from_exec_errno(-r) : EXIT_LAUNCHER);
}

_noreturn_ static void child_fail(int report_fd, ChildStep step, int r) {
        child_fail_detail(report_fd, step, r, -1);
}

void task_child_fail(int report_fd, ChildStep step, int r) {
        child_fail(report_fd, step, r);
}

/* A pty from the devpts the task sees (its own instance under --root): the
 * slave becomes the task's controlling terminal and stdio, the master goes
 * to the supervisor, which relays it to the caller. */
static int child_setup_pty(int report_fd) {
        ChildReport rep = { .step = CHILD_STEP_PTY, .err = 0, .detail = -1 };
        _cleanup_close_ int master = -1;
        int slave, unlock = 0;
        ssize_t n;

        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (master < 0)
                return -errno;
        if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
                return -errno;
        slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
        if (slave < 0)
                return -errno;
        if (ioctl(slave, TIOCSCTTY, 0) < 0 || dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0) {
                int r = -errno;
                safe_close(slave);
                return r;
        }
        if (slave > 2)
                safe_close(slave);
        n = fd_pass_send(report_fd, &rep, sizeof(rep), master);
        return n < 0 ? (int) n : 0;
}

/* The task's own last steps, in the process that execs: session, limits,
 * credentials and capabilities in the order the kernel needs, then exec
 * with nothing of the launcher left open. */
_noreturn_ void task_child_exec(int report_fd, const ChildPlan *plan) {
        int r;

        /* A task starts as a service does: default dispositions, nothing
         * blocked, whatever the caller (or the init) ignored or blocked (a
         * shell's background job ignores SIGINT, and sh cannot trap what it
         * was started ignoring). */
        child_reset_signals();

        if ((plan->new_session || plan->pty) && setsid() < 0)
                child_fail(report_fd, CHILD_STEP_SESSION, -errno);
        if (plan->pty) {
                r = child_setup_pty(report_fd);
                if (r < 0)
                        child_fail(report_fd, CHILD_STEP_PTY, r);
        }
        for (size_t i = 0; i < plan->n_rlimits; i++)
                if (setrlimit(plan->rlimits[i].resource, &plan->rlimits[i].limit) < 0)
                        child_fail_detail(report_fd, CHILD_STEP_RLIMIT, -errno, (int) i);

        if (plan->set_caps) {
                if (plan->switch_user) {
                        r = isolate_prepare_user_switch();
                        if (r < 0)
                                child_fail(report_fd, CHILD_STEP_USER, r);
                }
                r = isolate_drop_bounding(&plan->caps);
                if (r < 0)
                        child_fail(report_fd, CHILD_STEP_CAPS_BOUNDING, r);
        }
        if (plan->switch_user) {
                r = isolate_switch_user(plan->uid, plan->gid, plan->groups, plan->n_groups);
                if (r < 0)
                        child_fail(report_fd, CHILD_STEP_USER, r);
        }
        if (plan->set_caps) {
                r = isolate_apply_caps(&plan->caps);
                if (r < 0)
                        child_fail(report_fd, CHILD_STEP_CAPS, r);
        }
        if (plan->no_new_privs) {
                r = isolate_set_no_new_privs();
                if (r < 0)
                        child_fail(report_fd, CHILD_STEP_NO_NEW_PRIVS, r);
        }

        if (plan->cwd && chdir(plan->cwd) < 0)
                child_fail(report_fd, CHILD_STEP_CWD, -errno);
        /* Nothing but 0, 1, 2 may reach the task (runc's CVE-2024-21626):
         * everything else closes on exec, the report pipe included. */
        if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
                child_fail(report_fd, CHILD_STEP_CLOSE_FDS, -errno);

        if (plan->envp)
                environ = (char **) plan->envp;
        if (plan->exec_path) {
                execv(plan->exec_path, plan->argv);
                r = -errno;
        } else
                r = child_exec_path(plan->argv);
        child_fail(report_fd, CHILD_STEP_EXEC, r);
}

/* 1 once released, 0 on EOF (the parent gave up), negative errno. */
static int child_wait_release(int release_fd) {
        ssize_t n;
        char go;

        do
                n = read(release_fd, &go, 1);
        while (n < 0 && errno == EINTR);
        return n == 1 ? 1 : n == 0 ? 0 : -errno;
}

/* PID 1 of the task's pid namespace: fork the task, then be its init. Its
 * end lets systemd remove the scope, so it waits for the parent to close
 * the release pipe first (see task_child_let_init_exit). */
_noreturn_ static void child_run_init(int release_fd, int report_fd, int status_fd, const ChildPlan *plan) {
        pid_t task;
        int r, status = 0;

        /* Blocked before the fork, so no signal in between is lost. */
        r = isolate_init_block_signals();
        if (r < 0)
                child_fail(report_fd, CHILD_STEP_INIT_FORK, r);
        /* vfork: the init sleeps until the task has exec'd (or failed and
         * exited), so their shared memory is never used by both at once;
         * no page tables are copied and neither takes copy-on-write faults,
         * on the launch's critical path. The task changes nothing the init
         * reads afterwards: its fds, cwd, signal actions and credentials are
         * its own (no CLONE_FILES, CLONE_FS, CLONE_SIGHAND). */
        task = vfork();
        if (task < 0)
                child_fail(report_fd, CHILD_STEP_INIT_FORK, -errno);
        if (task == 0)
                task_child_exec(report_fd, plan);
        /* Only the task reports from here on: its copy closes on exec. */
        safe_close(report_fd);
        r = isolate_init_run(task, &status);
        /* The supervisor learns the task's own wait status: a signal is not
         * an exit code of 128+N. */
        if (r >= 0 && status_fd >= 0)
                (void) write(status_fd, &status, sizeof(status));
        (void) child_wait_release(release_fd);
        _exit(r < 0 ? EXIT_LAUNCHER : r);
}

/* Outputs, network, host name and the new root: all that does not need the
 * scope. Without --journal the child builds it while systemd is still
 * creating the scope, so that it is off the launch's critical path. 0, or a
 * negative errno with the step (and the mount op's index) that failed. */
static int child_build(const ChildPlan *plan, ChildStep *ret_step, int *ret_detail) {
        int r;

        *ret_detail = -1;
        /* Every namespace but the pid one, which the child was created in:
         * copying the host's mount table is done here, off the path the
         * parent waits on. */
        if ((plan->namespaces & ~CLONE_NEWPID) && unshare(plan->namespaces & ~CLONE_NEWPID) < 0)
                return *ret_step = CHILD_STEP_UNSHARE, -errno;
        if ((plan->stdout_fd > STDERR_FILENO && dup2(plan->stdout_fd, STDOUT_FILENO) < 0) ||
            (plan->stderr_fd > STDERR_FILENO && dup2(plan->stderr_fd, STDERR_FILENO) < 0))
                return *ret_step = CHILD_STEP_STDIO, -errno;
        if (plan->join_netns) {
                r = sys_setns(plan->netns_fd, CLONE_NEWNET);
                if (r < 0)
                        return *ret_step = CHILD_STEP_NETNS, r;
        }
        if (plan->hostname) {
                r = sys_sethostname(plan->hostname, strlen(plan->hostname));
                if (r < 0)
                        return *ret_step = CHILD_STEP_HOSTNAME, r;
        }
        if (plan->root) {
                size_t failed = SIZE_MAX;

                r = isolate_setup_root(plan->root, plan->pivot_root, plan->mounts, plan->n_mounts, &failed);
                if (r < 0) {
                        *ret_detail = failed == SIZE_MAX ? -1 : (int) failed;
                        return *ret_step = CHILD_STEP_MOUNT, r;
                }
        }
        return 0;
}

_noreturn_ static void child_main(int release_fd, int report_fd, int status_fd, const ChildPlan *plan) {
        /* journald files a stream under the unit of the peer's cgroup when
         * it accepts it, and the streams need the host's /run: with
         * --journal everything waits for the scope. */
        bool early = !plan->journal_identifier;
        _cleanup_close_ int cgroot_fd = -1;
        ChildStep step;
        int r, detail;

        if (plan->enter_task_subgroup) {
                cgroot_fd = open(CGROUP_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (cgroot_fd < 0)
                        child_fail(report_fd, CHILD_STEP_CGROUP_FIND, -errno);
        }
        if (early) {
                r = child_build(plan, &step, &detail);
                if (r < 0) {
                        /* Said at once, but alive until released: systemd must
                         * find the process it is asked to put in the scope,
                         * or the scope never sees it go and never ends. */
                        child_report(report_fd, step, -r, detail);
                        (void) child_wait_release(release_fd);
                        _exit(EXIT_LAUNCHER);
                }
        }

        r = child_wait_release(release_fd);
        if (r <= 0) {
                /* EOF: the parent gave up (systemd refused the scope, or it died). */
                if (r < 0)
                        child_report(report_fd, CHILD_STEP_WAIT_RELEASE, -r, -1);
                _exit(EXIT_LAUNCHER);
        }
        if (!plan->init)
                release_fd = safe_close(release_fd);

        if (plan->enter_task_subgroup) {
                static const ChildStep steps[] = {
                        [CGROUP_LAYOUT_FIND] = CHILD_STEP_CGROUP_FIND,
                        [CGROUP_LAYOUT_MOVE] = CHILD_STEP_CGROUP_MOVE,
                        [CGROUP_LAYOUT_ENABLE] = CHILD_STEP_CGROUP_ENABLE,
                };
                CgroupLayoutStep layout_step;

                r = cgroup_enter_task_subgroup(cgroot_fd, plan->scope_cgroup, &layout_step);
                if (r < 0)
                        child_fail(report_fd, steps[layout_step], r);
        }
        if (plan->reset_oom_score_adj) {
                r = write_file_at(AT_FDCWD, "/proc/self/oom_score_adj", "0");
                if (r < 0)
                        child_fail(report_fd, CHILD_STEP_OOM_SCORE_ADJ, r);
        }
        if (plan->journal_identifier) {
                /* Before the new root hides journald's socket, and after the
                 * move into the scope: journald reads the unit off the peer. */
                int out = sd_journal_stream_fd(plan->journal_identifier, LOG_INFO, 0);
                int err = out < 0 ? out : sd_journal_stream_fd(plan->journal_identifier, LOG_WARNING, 0);
                if (out < 0 || err < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0)
                        child_fail(report_fd, CHILD_STEP_JOURNAL, out < 0 ? out : err < 0 ? err : -errno);
                safe_close(out);
                safe_close(err);
        }
        if (!early) {
                r = child_build(plan, &step, &detail);
                if (r < 0)
                        child_fail_detail(report_fd, step, r, detail);
        }
        if (plan->init)
                child_run_init(release_fd, report_fd, status_fd, plan);
        task_child_exec(report_fd, plan);
}

int task_child_spawn(const ChildPlan *plan, TaskChild *ret) {
        _cleanup_close_pair_ int release[2] = { -1, -1 };
        _cleanup_close_pair_ int report[2] = { -1, -1 };
        _cleanup_close_pair_ int status[2] = { -1, -1 };
        pid_t pid;

        /* The report channel is a socket so that it can carry the pty's fd. */
        if (pipe2(release, O_CLOEXEC) < 0 || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, report) < 0)
                return negative_errno();
        if (plan->init && pipe2(status, O_CLOEXEC) < 0)
                return negative_errno();

        if (plan->namespaces & CLONE_NEWPID) {
                /* A pid namespace at creation: the child is PID 1 of it from
                 * its first instruction, and its pid as seen here is the one
                 * systemd is given. The others it unshares itself. */
                struct clone_args args = {
                        .flags = (uint64_t) (plan->namespaces & CLONE_NEWPID),
                        .exit_signal = SIGCHLD,
                };
                pid = (pid_t) syscall(SYS_clone3, &args, sizeof(args));
        } else
                pid = fork();
        if (pid < 0)
                return negative_errno();
        if (pid == 0) {
                safe_close(release[1]);
                safe_close(report[0]);
                safe_close(status[0]);
                child_main(release[0], report[1], status[1], plan);
        }

        *ret = (TaskChild) {
                .pid = pid,
                .release_fd = TAKE_FD(release[1]),
                .report_fd = TAKE_FD(report[0]),
                .pty_fd = -1,
                .status_fd = TAKE_FD(status[0]),
                .init = plan->init,
        };
        return 0;
}

int task_child_release(TaskChild *c) {
        ssize_t n;

        do
                n = write(c->release_fd, "x", 1);
        while (n < 0 && errno == EINTR);
        if (n != 1) {
                int r = n < 0 ? negative_errno() : -EIO;

                c->release_fd = safe_close(c->release_fd);
                return r;
        }
        if (!c->init)
                c->release_fd = safe_close(c->release_fd);
        return 0;
}

void task_child_let_init_exit(TaskChild *c) {
        c->release_fd = safe_close(c->release_fd);
}

int task_child_read_report(TaskChild *c, ChildReport *ret) {
        for (;;) {
                ChildReport rep;
                int fd;
                ssize_t n = fd_pass_recv(c->report_fd, &rep, sizeof(rep), &fd);

                if (n == (ssize_t) sizeof(rep) && rep.step == CHILD_STEP_PTY && rep.err == 0 && fd >= 0) {
                        safe_close(c->pty_fd);
                        c->pty_fd = fd;
                        continue;
                }
                safe_close(fd);
                c->report_fd = safe_close(c->report_fd);
                if (n < 0)
                        return (int) n;
                if (n == 0)
                        return 0;
                if (n != sizeof(rep))
                        return -EIO;
                *ret = rep;
                return 1;
        }
}

int task_child_wait(TaskChild *c, int *ret_status) {
        int status;
        pid_t p;

        c->release_fd = safe_close(c->release_fd);
        c->report_fd = safe_close(c->report_fd);
        c->pty_fd = safe_close(c->pty_fd);
        c->status_fd = safe_close(c->status_fd);
        if (c->pid <= 0)
                return -ECHILD;
        do
                p = waitpid(c->pid, &status, 0);
        while (p < 0 && errno == EINTR);
        if (p < 0)
                return negative_errno();
        c->pid = 0;
        if (ret_status)
                *ret_status = status;
        return 0;
}

void task_child_abort(TaskChild *c) {
        /* Closing the release pipe is the abort: the child reads EOF and exits. */
        (void) task_child_wait(c, NULL);
}

int task_child_task_status(TaskChild *c, int child_status) {
        int status;
        ssize_t n;

        if (c->status_fd < 0)
                return child_status;
        /* The init has exited: what it wrote is there, or nothing is. */
        do
                n = read(c->status_fd, &status, sizeof(status));
        while (n < 0 && errno == EINTR);
        c->status_fd = safe_close(c->status_fd);
        return n == (ssize_t) sizeof(status) ? status : child_status;
}
