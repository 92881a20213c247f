/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "task/child.h"

/* Wait for the released task in the foreground. SIGINT, SIGTERM and SIGHUP
 * sent to taskscope are passed on to the task, so Ctrl-C at a terminal or a
 * stop of the caller's unit reaches it. Returns the exit code to exit with. */
int task_supervise_foreground(TaskChild *c);
