/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "cgroup/cgroup-stats.h"

/* How a task ended, as its supervisor saw it: /run/taskscope/<id>/exit.json,
 * and what `wait --json` prints. UINT64_MAX (and exit_code -1) is "not
 * known": the field is null in JSON. */

typedef enum ExitEndedBy {
        EXIT_ENDED_BY_TASK,      /* it exited (or a signal from elsewhere killed it) */
        EXIT_ENDED_BY_SUPERVISOR,/* the foreground supervisor was told to stop it (SIGINT/SIGTERM/SIGHUP) */
        EXIT_ENDED_BY_STOP,      /* `taskscope stop` */
        EXIT_ENDED_BY_SYSTEMD,   /* `systemctl stop` of its scope (or a stop job systemd queued) */
        EXIT_ENDED_BY_UNKNOWN,   /* the supervisor died: only systemd and the cgroup tell */
        _EXIT_ENDED_BY_MAX,
} ExitEndedBy;

typedef struct ExitRecord {
        char *id;
        char *unit;
        int exit_code;            /* as `run` exits: the code, or 128+N; -1 unknown */
        int signal;               /* the signal that killed it, 0 if it exited */
        bool oom_killed;          /* SIGKILL and the task cgroup's oom_kill count rose */
        uint64_t oom_kills;       /* memory.events oom_kill of the task's cgroup */
        ExitEndedBy ended_by;
        uint64_t started_usec;    /* CLOCK_REALTIME */
        uint64_t ended_usec;
        uint64_t memory_peak;     /* memory.peak, bytes */
        uint64_t cpu_usec;        /* cpu.stat usage_usec */
        uint64_t cpu_user_usec;
        uint64_t cpu_system_usec;
} ExitRecord;

#define EXIT_RECORD_NULL                                                                                 \
        ((ExitRecord) { .exit_code = -1, .oom_kills = UINT64_MAX, .started_usec = UINT64_MAX,            \
                        .ended_usec = UINT64_MAX, .memory_peak = UINT64_MAX, .cpu_usec = UINT64_MAX,    \
                        .cpu_user_usec = UINT64_MAX, .cpu_system_usec = UINT64_MAX,                     \
                        .ended_by = EXIT_ENDED_BY_UNKNOWN })

const char *exit_ended_by_to_string(ExitEndedBy e);
ExitEndedBy exit_ended_by_from_string(const char *s);

/* Pure: the counters from the task group's last sample (taken while the
 * holder kept it; NULL if none could be read), and with them exit_code,
 * signal and oom_killed from the task's wait status. */
void exit_record_set_counters(ExitRecord *r, const CgroupStats *last);
void exit_record_set_outcome(ExitRecord *r, int wait_status, const CgroupStats *last);

/* What the record needs of <scope>/task now: cpu.stat, memory.peak,
 * memory.events (an exec session's memory or OOM kill is not the task's). */
int task_exit_record_sample(const char *scope_cgroup, CgroupStats *ret);

/* Pure: the record as a JSON object (new reference), and back. */
int exit_record_to_json(const ExitRecord *r, json_object **ret);
int exit_record_from_json(json_object *j, ExitRecord *ret);

/* /run/taskscope/<id>/exit.json, written atomically. */
int task_exit_record_write(const ExitRecord *r);
/* -ENOENT when the task has no exit record. */
int task_exit_record_read(const char *id, ExitRecord *ret);
/* A new run of an id forgets the last one's record. */
int task_exit_record_remove(const char *id);

void exit_record_done(ExitRecord *r);
