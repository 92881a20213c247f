/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>

#include "cgroup/cgroup-stats.h"
#include "cgroup/process-stats.h"

/* One stats sample as the JSON object `taskscope stats --json` prints and
 * `taskscope run --stats-out` appends, one per line: both build it here, so
 * the two give the same lines. Pure: from numbers already read. */
typedef struct TaskStatsSample {
        const char *id;
        const CgroupStats *stats;
        const CgroupCpuRates *rates;
        bool first;                          /* "first_sample": no rates yet */
        const CgroupProcessList *processes;  /* NULL: no "processes" key */
} TaskStatsSample;

/* -ENOMEM is the only failure. */
int task_stats_json_build(const TaskStatsSample *s, json_object **ret);

/* The line of o, without its newline: one line, no extra spaces, "/" not
 * escaped. Owned by o; NULL when out of memory. */
const char *task_stats_json_line(json_object *o);
