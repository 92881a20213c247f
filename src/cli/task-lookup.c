/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>

#include "basic/log.h"
#include "cli/task-lookup.h"
#include "spec/task-id.h"

int cli_task_state(const char *id, TaskState *ret) {
        int r;

        if (!task_id_is_valid(id)) {
                log_error("invalid task id '%s'", id);
                return -EINVAL;
        }
        r = task_state_read(id, ret);
        if (r == -ENOENT) {
                log_error("no task '%s' is running", id);
                return r;
        }
        if (r < 0)
                return log_error_errno(r, "cannot read the state of task '%s'", id);
        return 0;
}
