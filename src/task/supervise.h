/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "task/child.h"

typedef struct SuperviseOptions {
        int kill_signal;       /* what a graceful stop sends to the task */
        uint64_t grace_usec;   /* how long it has before every process is killed */
        const char *scope_cgroup; /* for cgroup.kill of the task's groups */
} SuperviseOptions;

/* Wait for the released task in the foreground. SIGINT, SIGTERM or SIGHUP
 * sent to taskscope start a graceful stop: the kill signal goes to the task,
 * and if it has not ended within the grace period (or a second such signal
 * comes) every process of the task is killed at once through cgroup.kill.
 * A detached supervisor does the same when signalled. Returns the exit code
 * to exit with; *ret_status gets the task's own wait status (the one its
 * init reported, in a pid namespace), *ret_stop_requested whether such a
 * signal came. */
int task_supervise_foreground(TaskChild *c, const SuperviseOptions *o, int *ret_status, bool *ret_stop_requested);
