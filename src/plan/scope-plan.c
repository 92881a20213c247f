/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic/macro.h"
#include "basic/utf8.h"
#include "plan/limits-plan.h"
#include "plan/scope-plan.h"

int plan_scope_description(const char *id, char *const *argv, char **ret) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f;

        f = open_memstream(&buf, &size);
        if (!f)
                return -ENOMEM;
        fprintf(f, "taskscope %s:", id);
        for (char *const *a = argv; *a; a++)
                fprintf(f, " %s", *a);
        if (fclose(f) != 0) {
                free(buf);
                return -ENOMEM;
        }
        utf8_sanitize_truncate(buf, SCOPE_DESCRIPTION_MAX);
        *ret = buf;
        return 0;
}

int plan_scope_props(const RunSpec *spec, const pid_t *pids, size_t n_pids, UnitProps *ret) {
        _cleanup_free_ char *description = NULL;
        UnitProps p = {};
        int r;

        r = plan_scope_description(spec->id, spec->argv, &description);
        if (r < 0)
                return r;

        if ((r = unit_props_add_string(&p, "Description", description)) < 0 ||
            (r = unit_props_add_string(&p, "Slice", spec->slice)) < 0 ||
            (r = unit_props_add_bool(&p, "Delegate", true)) < 0 ||
            (r = unit_props_add_string(&p, "CollectMode", "inactive-or-failed")) < 0 ||
            (r = unit_props_add_pids(&p, "PIDs", pids, n_pids)) < 0 ||
            /* systemctl stop then does what taskscope stop does: the kill
             * signal to every process, SIGKILL after the grace period. */
            (r = unit_props_add_i32(&p, "KillSignal", spec->kill_signal)) < 0 ||
            /* 0 would mean "no timeout" to systemd; no grace means now. */
            (r = unit_props_add_u64(&p, "TimeoutStopUSec", spec->grace_usec ?: 1)) < 0 ||
            (r = limits_plan_props(&spec->limits, true, &p)) < 0) {
                unit_props_done(&p);
                return r;
        }
        *ret = p;
        return 0;
}

int plan_supervisor_scope_props(const RunSpec *spec, pid_t pid, UnitProps *ret) {
        _cleanup_free_ char *description = NULL;
        UnitProps p = {};
        int r;

        if (asprintf(&description, "taskscope supervisor of %s", spec->id) < 0)
                return -ENOMEM;
        if ((r = unit_props_add_string(&p, "Description", description)) < 0 ||
            (r = unit_props_add_string(&p, "Slice", spec->slice)) < 0 ||
            (r = unit_props_add_string(&p, "CollectMode", "inactive-or-failed")) < 0 ||
            (r = unit_props_add_pids(&p, "PIDs", &pid, 1)) < 0 ||
            /* Stopping the supervisor's unit stops its task gracefully: the
             * supervisor takes SIGTERM as a stop request, and has the task's
             * grace period and some seconds to write the exit record. */
            (r = unit_props_add_i32(&p, "KillSignal", SIGTERM)) < 0 ||
            (r = unit_props_add_u64(&p, "TimeoutStopUSec", spec->grace_usec + SUPERVISOR_STOP_MARGIN_USEC)) < 0) {
                unit_props_done(&p);
                return r;
        }
        *ret = p;
        return 0;
}
