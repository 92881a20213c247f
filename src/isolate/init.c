/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>

#include "basic/macro.h"
#include "isolate/init.h"
#include "task/exit-status.h"

int isolate_init_block_signals(void) {
        sigset_t all;

        sigfillset(&all);
        return sigprocmask(SIG_BLOCK, &all, NULL) < 0 ? negative_errno() : 0;
}

/* Reap every child that has ended. 1 with *ret_code once task_pid is among
 * them, 0 if it is still running, -ECHILD if the init has no children left
 * and task_pid was not among them. */
static int reap(pid_t task_pid, int *ret_status) {
        bool found = false;
        int task_status = 0;

        for (;;) {
                int status;
                pid_t p = waitpid(-1, &status, WNOHANG);

                if (p < 0 && errno == EINTR)
                        continue;
                if (p < 0 && errno != ECHILD)
                        return negative_errno();
                if (p <= 0) { /* none ended, or none left */
                        if (p < 0 && !found)
                                return -ECHILD;
                        break;
                }
                if (p == task_pid) {
                        found = true;
                        task_status = status;
                }
        }
        if (!found)
                return 0;
        *ret_status = task_status;
        return 1;
}

int isolate_init_run(pid_t task_pid, int *ret_wait_status) {
        struct sigaction ignore = { .sa_handler = SIG_IGN };
        sigset_t wait_set;
        int r, status;

        if (task_pid <= 0)
                return -EINVAL;

        /* Again, in case the caller did not: nothing arrives asynchronously. */
        r = isolate_init_block_signals();
        if (r < 0)
                return r;
        /* Ignoring discards what is pending too. */
        sigemptyset(&ignore.sa_mask);
        if (sigaction(SIGTTIN, &ignore, NULL) < 0 || sigaction(SIGTTOU, &ignore, NULL) < 0)
                return negative_errno();

        sigfillset(&wait_set);
        sigdelset(&wait_set, SIGKILL);
        sigdelset(&wait_set, SIGSTOP);
        sigdelset(&wait_set, SIGTTIN);
        sigdelset(&wait_set, SIGTTOU);

        for (;;) {
                siginfo_t si;
                int sig;

                /* Before every wait: SIGCHLD does not queue, and a child may
                 * have ended before the signals were blocked. */
                r = reap(task_pid, &status);
                if (r < 0)
                        return r;
                if (r > 0) {
                        if (ret_wait_status)
                                *ret_wait_status = status;
                        return exit_code_from_wait_status(status);
                }

                sig = sigwaitinfo(&wait_set, &si);
                if (sig < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                if (sig == SIGCHLD)
                        continue;
                /* ESRCH: the task just ended, the next reap sees it. */
                (void) kill(task_pid, sig);
        }
}
