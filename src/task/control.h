/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "task/state.h"

/* Acting on a running task from outside its supervisor, from its state. */

/* A pidfd of the task's main process, checked (after opening) to be in the
 * task's cgroup: -ESRCH when it is gone, never a recycled pid. */
int task_pidfd_open(const TaskState *s, int *ret);

/* Signal the task's main process through a pidfd: opened first, then
 * checked to still be in the task's scope, so a recycled pid is never hit.
 * -ESRCH when it is gone. */
int task_signal_main(const TaskState *s, int sig);

/* Signal every process in the task's cgroup tree. Returns how many. */
int task_signal_all(const TaskState *s, int sig);

/* Kill every process of the task at once (cgroup.kill of each of its
 * groups: task/, exec-N/; the holder stays). scope_cgroup is the path below
 * /sys/fs/cgroup. -ESRCH if the scope is gone. */
int task_cgroup_kill(const char *scope_cgroup);
int task_kill_all(const TaskState *s);

/* True when none of the task's groups has a process (or the scope is gone). */
int task_cgroup_empty(const char *scope_cgroup);

/* Wait until no process is left in the task's cgroup, at most timeout_usec:
 * 1 when empty (or gone), 0 on timeout. */
int task_wait_empty(const char *scope_cgroup, uint64_t timeout_usec);

/* Wait until systemd has removed the scope's cgroup: 1, or 0 on timeout. */
int task_wait_scope_gone(const char *scope_cgroup, uint64_t timeout_usec);
/* 1 if a process of the task lives in the scope's cgroup (a path below
 * /sys/fs/cgroup): in its root or one of its groups, not in the holder's.
 * Also 1 if that cannot be told; 0 if none does or the cgroup is gone. */
int task_scope_populated(const char *scope_cgroup);

/* 1 if the task's supervisor is still the process state.json names (pid and
 * start time), 0 if it has ended. */
int task_supervisor_alive(const TaskState *s);
