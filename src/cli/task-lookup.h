/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "task/state.h"

/* The state of the running task ID (signal, stop), or one line saying why
 * not: an invalid id, no such task, an unreadable state. */
int cli_task_state(const char *id, TaskState *ret);

/* `VERB [ID] [--json] [--help]` (argv[0] is the verb): 1 after --help, 0,
 * or -EINVAL after one line naming the bad argument. With want_id, exactly
 * one valid task id. */
int cli_parse_json_args(int argc, char **argv, void (*help)(void), bool want_id, const char **ret_id, bool *ret_json);
