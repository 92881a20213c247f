/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdint.h>
#include <sys/types.h>

/* Everything taskscope keeps at run time: task states, locks. */
#define TASK_STATE_DIR "/run/taskscope"

/* What a running task's supervisor leaves for the other verbs in
 * /run/taskscope/<id>/state.json: scopes have no main PID in systemd 252,
 * so this is where `signal` and `stop` find it. Written atomically. */
typedef struct TaskState {
        char *id;
        char *unit;
        char *cgroup;       /* the scope's cgroup path, "/taskscope.slice/taskscope-ID.scope" */
        pid_t pid;          /* the task's main process as the host sees it (its init in a pid ns) */
        pid_t supervisor;
        uint64_t started_usec; /* CLOCK_REALTIME */
        int kill_signal;
        uint64_t grace_usec;
} TaskState;

int task_state_write(const TaskState *s);
/* -ENOENT when there is no such task's state. */
int task_state_read(const char *id, TaskState *ret);
/* Remove the state of a task that has ended (and its directory). */
int task_state_remove(const char *id);
void task_state_done(TaskState *s);
