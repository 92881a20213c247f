/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <errno.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "basic/proc-util.h"
#include "task/exit-record.h"
#include "task/state.h"

/* What `list` and `status` show of one task: systemd's unit joined with the
 * task's state file (and, once it ended, its exit record). Either side may be
 * missing: a unit whose supervisor has not written its state yet (or never
 * will), a state left by a supervisor that died. Everything here is pure:
 * the facts are gathered elsewhere (task/task-inspect.c) and only joined and
 * formatted here, with the time passed in. */

/* The supervisor's pid alone could name a recycled process: with the
 * starttime of /proc/PID/stat it names one process for the whole boot. */
typedef enum SupervisorLiveness {
        SUPERVISOR_UNKNOWN,    /* no pid recorded */
        SUPERVISOR_ALIVE,      /* the pid and its starttime match */
        SUPERVISOR_UNVERIFIED, /* a process has the pid, but no starttime was recorded to prove it ours */
        SUPERVISOR_GONE,       /* no such process, or another one with a recycled pid */
        _SUPERVISOR_LIVENESS_MAX,
} SupervisorLiveness;

const char *supervisor_liveness_to_string(SupervisorLiveness l);

/* stat_result is what proc_stat_read(pid) returned, st what it read. */
SupervisorLiveness supervisor_liveness(pid_t pid, uint64_t recorded_starttime, int stat_result, const ProcStat *st);

/* The limits as systemd has them on the unit now, as D-Bus gives them:
 * UINT64_MAX is "infinity" for sizes, TasksMax and the CPU quota, and
 * "unset" (systemd's default) for the weights. */
typedef struct TaskLimits {
        uint64_t memory_max;
        uint64_t memory_high;
        uint64_t memory_low;
        uint64_t memory_swap_max;
        uint64_t cpu_weight;
        uint64_t cpu_quota_per_sec_usec;
        uint64_t tasks_max;
        uint64_t io_weight;
        uint8_t *allowed_cpus; /* the "ay" mask; none (NULL or all zero): any CPU */
        size_t n_allowed_cpus;
} TaskLimits;

typedef struct TaskInfo {
        char *id;
        char *unit;
        bool unit_loaded;
        char *active_state; /* NULL unless loaded */
        char *sub_state;
        char *control_group; /* systemd's ControlGroup: NULL unknown, "" once stopped */

        int state_result; /* what task_state_read() returned: 0, -ENOENT, or why it failed */
        TaskState state;  /* valid when state_result == 0 */

        uint64_t memory_current; /* UINT64_MAX: not measured */

        /* status only */
        SupervisorLiveness supervisor;
        char *user_name;  /* NULL when getpwuid() does not know the uid */
        char *group_name;
        bool has_limits;
        TaskLimits limits;
        bool has_exit;
        ExitRecord exit;
} TaskInfo;

#define TASK_INFO_NULL ((TaskInfo) { .state_result = -ENOENT, .memory_current = UINT64_MAX })

void task_info_done(TaskInfo *i);
void task_info_free_many(TaskInfo *infos, size_t n);
void task_info_sort(TaskInfo *infos, size_t n);

static inline bool task_info_has_state(const TaskInfo *i) {
        return i->state_result == 0;
}
/* The scope exists and has not stopped: uptime and memory mean something. */
bool task_info_is_running(const TaskInfo *i);
/* No unit, no state, no exit record: nothing at all is known of it. */
bool task_info_is_unknown(const TaskInfo *i);

/* The task id of a task's scope "taskscope-ID.scope"; -EINVAL for anything
 * else, the supervisors' own "taskscope.supervisor-ID.scope" included. */
int task_id_from_unit_name(const char *unit, char **ret_id);

/* "1min 3s", "5s", "1s 500ms": the parts from days down to accuracy (a power
 * of ten of microseconds, at least 1), each rounded down; "0s" style below it. */
const char *format_timespan(char *buf, size_t size, uint64_t usec, uint64_t accuracy_usec);
/* "512B", "1.5K", "12.0M": base 1024, one decimal. */
const char *format_bytes(char *buf, size_t size, uint64_t bytes);
/* "0-1,3" from the D-Bus "ay" mask; "" when no bit is set. */
int format_cpu_set(const uint8_t *mask, size_t n, char **ret);
/* argv joined by spaces, an argument with a blank, a quote or other shell
 * character in single quotes, so it reads back as the same words. */
int format_argv(char *const *argv, char **ret);
/* "SIGINT", or the number of a real-time or unknown signal (as exit records
 * spell it, and as parse_signal() reads it back). */
const char *format_signal(char *buf, size_t size, int sig);

/* `list --json`: an array, one object per task, null for what is not known. */
int task_info_list_to_json(const TaskInfo *infos, size_t n, uint64_t now_realtime, json_object **ret);
/* `list`: a table with a header. */
int task_info_list_print(FILE *f, const TaskInfo *infos, size_t n, uint64_t now_realtime);

/* `status --json` and `status`. */
int task_info_to_json(const TaskInfo *i, uint64_t now_realtime, json_object **ret);
int task_info_status_print(FILE *f, const TaskInfo *i, uint64_t now_realtime);
