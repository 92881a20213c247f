/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "basic/time-util.h"
#include "basic/fileio.h"
#include "basic/macro.h"
#include "cgroup/cgroup-path.h"
#include "task/control.h"
#include "task/exit-status.h"
#include "task/pty-relay.h"
#include "task/supervise.h"

static void kill_cgroup(const char *cgroup) {
        (void) task_cgroup_kill(cgroup);
}

int task_supervise_foreground(TaskChild *c, const SuperviseOptions *o, int *ret_status, bool *ret_stop_requested) {
        enum { RUNNING, STOPPING, KILLED } state = RUNNING;
        _cleanup_close_ int sfd = -1;
        uint64_t deadline = 0;
        sigset_t mask;
        int status = 0;

        if (c->pty_fd >= 0) {
                int r = pty_relay_run(c->pty_fd, c->pid, &status);
                c->pty_fd = -1;
                c->pid = 0;
                status = task_child_task_status(c, status);
                *ret_status = status;
                *ret_stop_requested = false;
                return r < 0 ? EXIT_LAUNCHER : exit_code_from_wait_status(status);
        }

        sigemptyset(&mask);
        sigaddset(&mask, SIGCHLD);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGHUP);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
                return EXIT_LAUNCHER;
        sfd = signalfd(-1, &mask, SFD_CLOEXEC);
        if (sfd < 0)
                return EXIT_LAUNCHER;

        for (;;) {
                struct pollfd p = { .fd = sfd, .events = POLLIN };
                struct signalfd_siginfo si;
                int timeout = -1;
                pid_t w;

                w = waitpid(c->pid, &status, WNOHANG);
                if (w == c->pid)
                        break;
                if (w < 0 && errno != EINTR)
                        return EXIT_LAUNCHER;

                if (state == STOPPING) {
                        uint64_t now = now_usec(CLOCK_MONOTONIC);
                        if (now >= deadline) {
                                kill_cgroup(o->scope_cgroup);
                                state = KILLED;
                        } else
                                timeout = (int) ((deadline - now + 999) / 1000);
                }
                if (poll(&p, 1, timeout) <= 0)
                        continue;
                if (read(sfd, &si, sizeof(si)) != sizeof(si) || si.ssi_signo == SIGCHLD)
                        continue;
                if (state == RUNNING && o->grace_usec > 0) {
                        (void) kill(c->pid, o->kill_signal);
                        state = STOPPING;
                        deadline = now_usec(CLOCK_MONOTONIC) + o->grace_usec;
                } else if (state != KILLED) {
                        /* Asked twice, or no grace at all: now. */
                        kill_cgroup(o->scope_cgroup);
                        state = KILLED;
                }
        }
        c->pid = 0;
        status = task_child_task_status(c, status);
        *ret_status = status;
        *ret_stop_requested = state != RUNNING;
        return exit_code_from_wait_status(status);
}
