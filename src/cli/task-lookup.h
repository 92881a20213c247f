/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "task/state.h"

/* The state of the running task ID (signal, stop), or one line saying why
 * not: an invalid id, no such task, an unreadable state. */
int cli_task_state(const char *id, TaskState *ret);
