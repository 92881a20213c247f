/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "spec/run-spec.h"
#include "task/child.h"

/* The ChildPlan for a RunSpec, with the storage it points into. Built in the
 * parent before anything is created: the user is looked up in the host's
 * passwd and group files, the command in the task's root, the devices and
 * the network namespace opened. Errors are logged, naming the value. */
typedef struct TaskPlan {
        ChildPlan child;
        MountOp *mounts;
        size_t n_mounts;
        DeviceNode *devices;
        size_t n_devices;
        gid_t *groups;
        char **envp;
        char *exec_path;
        int netns_fd;
        int stdout_fd, stderr_fd;
        char *journal_identifier;
} TaskPlan;

/* 0, or -EINVAL/-ENOENT/... after logging. For a command that cannot be
 * found or run in the root, *ret_exit is 127 or 126 (else 125). */
int task_plan_build(const RunSpec *spec, TaskPlan *ret, int *ret_exit);
void task_plan_done(TaskPlan *p);

/* One line for a failed child step, naming what the step worked on. */
void task_plan_log_child_error(const TaskPlan *p, const ChildReport *rep);
