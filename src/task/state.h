/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "plan/isolation-plan.h"

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
        /* For `list` and `status`; all optional on read. */
        uint64_t supervisor_starttime; /* /proc/PID/stat (22): with the pid, names the supervisor */
        char *supervisor_unit;         /* its own scope when detached, else NULL */
        char *slice;
        char **argv;                   /* NULL-terminated */
        char *root;                    /* --root, or NULL */
        uid_t uid;                     /* the task's user */
        gid_t gid;
        char *namespaces;              /* new ones, space-separated: "mnt pid ipc", or "" */
        /* What `exec` gives a process to make it the task's. */
        char *cwd;                     /* NULL: the launcher's */
        bool switch_user;
        gid_t *groups;
        size_t n_groups;
        bool set_caps;
        CapabilitySets caps;
        bool no_new_privs;
} TaskState;

int task_state_write(const TaskState *s);
/* Any JSON file NAME in the task's state directory, written atomically, and read. */
int task_state_write_json(const char *id, const char *name, json_object *j);
int task_state_read_json(const char *id, const char *name, json_object **ret);
/* The task's environment, for `exec`: env.json, readable by root only (it
 * may hold secrets). NULL-terminated. */
int task_state_write_env(const char *id, char *const *envp);
int task_state_read_env(const char *id, char ***ret);

/* Remove one file of the task's state directory (ENOENT is not an error). */
int task_state_remove_file(const char *id, const char *name);

/* Written by `taskscope stop` before it acts, so the exit record can say who
 * stopped the task. */
#define TASK_STOP_MARKER "stop.json"

/* The directory of a task's state and exit record. */
int task_state_dir(const char *id, char **ret);
/* -ENOENT when there is no such task's state. */
int task_state_read(const char *id, TaskState *ret);
/* Remove the state of a task that has ended: state, environment, stop
 * marker (and the directory, unless an exit record is in it). */
int task_state_remove(const char *id);
void task_state_done(TaskState *s);
