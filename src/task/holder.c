/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <linux/sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/fileio.h"
#include "basic/macro.h"
#include "cgroup/cgroup-path.h"
#include "task/holder.h"

_noreturn_ static void holder_main(int fd, int keep_fd) {
        bool told = false;
        sigset_t all;
        int sfd;

        /* systemd's KillSignal reaches every process of the scope: the
         * holder outlives it, waiting for the supervisor (or SIGKILL), and
         * tells the supervisor it came. */
        sigfillset(&all);
        (void) sigprocmask(SIG_BLOCK, &all, NULL);
        (void) prctl(PR_SET_NAME, "taskscope-hold", 0, 0, 0);
        /* Out of the caller's session: a terminal's ^C is not systemd's. */
        (void) setsid();

        /* Nothing of the caller's: no terminal, no pipe a shell waits on. */
        (void) stdio_to_null(STDIO_IN | STDIO_OUT | STDIO_ERR);
        /* Above 3 and 4 first, so that neither overwrites the other. */
        fd = fcntl(fd, F_DUPFD, 10);
        if (keep_fd >= 0)
                keep_fd = fcntl(keep_fd, F_DUPFD, 10);
        if (fd < 0 || dup2(fd, 3) < 0 || (keep_fd >= 0 && dup2(keep_fd, 4) < 0))
                _exit(1);
        (void) close_range(keep_fd >= 0 ? 5 : 4, ~0U, 0);
        sfd = signalfd(-1, &all, SFD_CLOEXEC);

        for (;;) {
                struct pollfd p[2] = {
                        { .fd = 3, .events = POLLIN },
                        { .fd = sfd, .events = POLLIN },
                };
                struct signalfd_siginfo si;
                char c;

                if (poll(p, sfd >= 0 ? 2 : 1, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        _exit(1);
                }
                if (p[0].revents) {
                        ssize_t n = read(3, &c, 1);
                        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                                _exit(0);
                }
                if (sfd >= 0 && (p[1].revents & POLLIN) && read(sfd, &si, sizeof(si)) == sizeof(si) && !told) {
                        c = TASK_HOLDER_SIGNALLED;
                        told = write(3, &c, 1) == 1;
                }
        }
}

int task_holder_spawn(const char *scope_cgroup, int keep_fd, TaskHolder *ret) {
        _cleanup_close_ int scope = -1, hold = -1;
        struct clone_args args = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD };
        int fds[2], r;
        pid_t pid;

        scope = open_at_path(CGROUP_ROOT, scope_cgroup, O_DIRECTORY | O_CLOEXEC);
        if (scope < 0)
                return scope;
        if (mkdirat(scope, CGROUP_HOLD_SUBGROUP, 0755) < 0 && errno != EEXIST)
                return negative_errno();
        hold = openat(scope, CGROUP_HOLD_SUBGROUP, O_DIRECTORY | O_CLOEXEC);
        if (hold < 0)
                return negative_errno();
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
                return negative_errno();
        /* Born in <scope>/hold: no migration (each costs an RCU grace
         * period), never in the scope's root. */
        args.cgroup = (uint64_t) hold;
        pid = (pid_t) syscall(SYS_clone3, &args, sizeof(args));
        if (pid < 0) {
                r = negative_errno();
                safe_close(fds[0]);
                safe_close(fds[1]);
                return r;
        }
        if (pid == 0) {
                safe_close(fds[1]);
                holder_main(fds[0], keep_fd);
        }
        safe_close(fds[0]);
        *ret = (TaskHolder) { .pid = pid, .fd = fds[1] };
        return 0;
}

bool task_holder_signalled(const TaskHolder *h) {
        char c;

        return h->fd >= 0 && recv(h->fd, &c, 1, MSG_DONTWAIT) == 1 && c == TASK_HOLDER_SIGNALLED;
}

void task_holder_release(TaskHolder *h, bool wait) {
        h->fd = safe_close(h->fd);
        /* It exits on EOF; reaped now if it already has (or, with wait,
         * once it has), else by whoever inherits it. */
        if (h->pid > 0)
                while (waitpid(h->pid, NULL, wait ? 0 : WNOHANG) < 0 && errno == EINTR)
                        ;
        h->pid = 0;
}
