/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <systemd/sd-bus.h>

#include "task/task-info.h"

/* Gathers what task-info.c joins: systemd's units (over bus), the state and
 * exit record under /run/taskscope, the cgroup's memory.current, the
 * supervisor's /proc entry, the user's name. Logs nothing: *error holds
 * systemd's words when a call to it failed. */

/* Every loaded taskscope-ID.scope, sorted by id. The detached supervisors'
 * own scopes (taskscope.supervisor-ID.scope) do not match. */
int task_inspect_list(sd_bus *bus, TaskInfo **ret, size_t *ret_n, sd_bus_error *error);

/* Everything known about task id (valid), limits and, once the scope is not
 * running, the exit record included. Succeeds when nothing is known too:
 * then the unit is not loaded, there is no state and no exit record. */
int task_inspect_one(sd_bus *bus, const char *id, TaskInfo *ret, sd_bus_error *error);
