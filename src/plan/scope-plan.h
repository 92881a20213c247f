/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sys/types.h>

#include "plan/unit-props.h"
#include "spec/run-spec.h"

#define SCOPE_DESCRIPTION_MAX 256

/* The scope's properties for a task: its pid, the slice, delegation, a
 * description naming the command, and garbage collection of failed units so
 * a failed task never blocks its id. */
int plan_scope_props(const RunSpec *spec, const pid_t *pids, size_t n_pids, UnitProps *ret);

/* A detached task's supervisor runs in a scope of its own,
 * taskscope.supervisor-ID.scope in the task's slice: not charged to the task,
 * and not in the caller's unit, whose end would kill it. */
#define SUPERVISOR_STOP_MARGIN_USEC (10ULL * 1000 * 1000)
int plan_supervisor_scope_props(const RunSpec *spec, pid_t pid, UnitProps *ret);

/* "taskscope ID: ARGV..." cut to SCOPE_DESCRIPTION_MAX bytes with "...". */
int plan_scope_description(const char *id, char *const *argv, char **ret);
