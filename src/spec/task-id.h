/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* A task id names the unit (taskscope-<id>.scope) and, later, the state
 * directory /run/taskscope/<id>/, so it must be valid in both: letters,
 * digits, '_', '-', '.', ':'; not starting with '.' or '-'; short enough that
 * the unit name stays within systemd's 255-byte limit. */
#define TASK_UNIT_PREFIX "taskscope-"
#define TASK_UNIT_SUFFIX ".scope"
#define TASK_ID_MAX (255 - (sizeof(TASK_UNIT_PREFIX) - 1) - (sizeof(TASK_UNIT_SUFFIX) - 1))
#define TASK_ID_GENERATED_LEN 12

bool task_id_is_valid(const char *id);

/* 12 random lowercase hex digits. ret must hold TASK_ID_GENERATED_LEN + 1. */
int task_id_generate(char *ret, size_t size);

/* "taskscope-<id>.scope"; -EINVAL if id is not valid. */
int task_unit_name(const char *id, char **ret);

/* "taskscope.supervisor-<id>.scope", a detached task's supervisor. Not
 * "taskscope-...": no task id can make it, and `taskscope-*.scope` matches
 * tasks only. */
#define TASK_SUPERVISOR_UNIT_PREFIX "taskscope.supervisor-"
int task_supervisor_unit_name(const char *id, char **ret);
#define TASK_ID_DETACHED_MAX (TASK_ID_MAX - (sizeof(TASK_SUPERVISOR_UNIT_PREFIX) - sizeof(TASK_UNIT_PREFIX)))

/* A slice name systemd will take: a valid unit name ending in ".slice". */
bool slice_name_is_valid(const char *name);
