/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "basic/tail-buffer.h"
#include "task/child.h"
#include "task/state.h"

/* A process run inside a running task (`taskscope exec`). Three processes:
 * this one (outside, relaying), a helper created straight into a new
 * <scope>/exec-N cgroup (clone3 CLONE_INTO_CGROUP) that joins the task's
 * namespaces through a pidfd of the task's main process and its root, and
 * the command, forked by the helper so that it is in the task's pid
 * namespace. The helper forwards signals to the command and dies as it
 * did. Every process of the session stays in exec-N: a deadline kills them
 * all with cgroup.kill, and exec-N is removed at the end. */

typedef struct ExecSessionOptions {
        uint64_t timeout_usec;  /* 0: none */
        size_t capture_limit;   /* > 0: stdout and stderr into one pipe, the last bytes kept */
        bool stdin_null;        /* stdin is /dev/null (no -i) */
        const char *exec_id;    /* for the journal records */
} ExecSessionOptions;

typedef struct ExecResult {
        int status;             /* the command's wait status */
        bool timed_out;
        bool started;           /* false: a step before exec failed, see report */
        ChildReport report;
        char group[32];         /* "exec-N" */
        TailBuffer output;      /* with capture_limit */
} ExecResult;

/* 0 with *ret filled (the command ran, or a step failed: ret->started),
 * -ESRCH when the task is not running, other negative errnos when the
 * session could not be set up (nothing is left then). Never logs. */
int task_exec_run(const TaskState *task, const ChildPlan *plan, const ExecSessionOptions *o, ExecResult *ret);
void exec_result_done(ExecResult *r);
