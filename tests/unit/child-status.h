/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

/* Real wait statuses from real children, not hand-made bit patterns: a
 * child that exits with code, or dies of sig when it is not 0. */
static inline int status_of_child(int code, int sig) {
        int status;
        pid_t pid = fork();

        assert_true(pid >= 0);
        if (pid == 0) {
                if (sig) {
                        signal(sig, SIG_DFL);
                        raise(sig);
                }
                _exit(code);
        }
        assert_int_equal(waitpid(pid, &status, 0), pid);
        return status;
}
