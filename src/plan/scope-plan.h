/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sys/types.h>

#include "plan/unit-props.h"
#include "spec/run-spec.h"

#define SCOPE_DESCRIPTION_MAX 256

/* The scope's properties for a task: its pid, the slice, delegation, a
 * description naming the command, and garbage collection of failed units so
 * a failed task never blocks its id. */
int plan_scope_props(const RunSpec *spec, pid_t pid, UnitProps *ret);

/* "taskscope ID: ARGV..." cut to SCOPE_DESCRIPTION_MAX bytes with "...". */
int plan_scope_description(const char *id, char *const *argv, char **ret);
