/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <string.h>

#include "task/exit-status.h"
#include "task/pty-relay.h"
#include "task/supervise.h"

static volatile sig_atomic_t forward_pid;

static void forward_signal(int sig) {
        if (forward_pid > 0)
                kill((pid_t) forward_pid, sig);
}

int task_supervise_foreground(TaskChild *c) {
        static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP };
        struct sigaction sa = { .sa_handler = forward_signal };
        int status, r;

        if (c->pty_fd >= 0) {
                r = pty_relay_run(c->pty_fd, c->pid, &status);
                c->pty_fd = -1;
                c->pid = 0;
                return r < 0 ? EXIT_LAUNCHER : exit_code_from_wait_status(status);
        }

        forward_pid = c->pid;
        sigemptyset(&sa.sa_mask);
        for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
                sigaction(forwarded[i], &sa, NULL);

        r = task_child_wait(c, &status);
        forward_pid = 0;
        if (r < 0)
                return EXIT_LAUNCHER;
        return exit_code_from_wait_status(status);
}
