/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* The holder keeps a task's scope populated after the task has ended, so
 * that its supervisor can read the final counters (memory.peak, cpu.stat,
 * memory.events) before systemd sees an empty scope and removes its cgroup.
 * It is a fork of the supervisor that outlives every catchable signal and
 * waits for EOF on a socket: the supervisor closes its end once it has read
 * the counters, or dies, and the holder exits. The holder is no process of
 * the task's: only systemd signals it (stopping or killing the scope), and
 * it tells the supervisor so over the same socket. It lives in <scope>/hold,
 * outside the task's pid namespace and outside <scope>/task, so neither
 * the task's accounting nor a kill of the task's groups touches it. */


typedef struct TaskHolder {
        pid_t pid;
        int fd; /* the supervisor's end; closing it releases the holder */
} TaskHolder;

#define TASK_HOLDER_NULL ((TaskHolder) { .pid = 0, .fd = -1 })

/* Fork the holder straight into <scope>/hold (scope_cgroup: the path below
 * /sys/fs/cgroup), once the scope exists. keep_fd (or -1) is kept open by
 * the holder until it exits: given the task's mount namespace, the holder's
 * exit, which nobody waits for, pays for unmounting the task's tree
 * instead of the init's, which the supervisor waits for. */
int task_holder_spawn(const char *scope_cgroup, int keep_fd, TaskHolder *ret);

/* Whether the holder got a signal: systemd stopped (or killed) the scope. */
#define TASK_HOLDER_SIGNALLED 'S'
bool task_holder_signalled(const TaskHolder *h);

/* Let the holder go: it exits at once. With wait, until it has (then the
 * scope is no longer populated by it); else it is not waited for. */
void task_holder_release(TaskHolder *h, bool wait);
