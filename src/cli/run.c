/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "basic/log.h"
#include "bus/bus-unit.h"
#include "bus/bus-util.h"
#include "cli/verbs.h"
#include "plan/scope-plan.h"
#include "spec/run-spec.h"
#include "task/child.h"
#include "task/exit-status.h"
#include "task/supervise.h"

/* Everything up to a released child in its scope. On failure the child is
 * aborted and nothing is left: no scope (systemd collects a failed one), no
 * process. */
static int run_start_scope(const RunSpec *spec, const char *unit, TaskChild *child) {
        _cleanup_bus_ sd_bus *bus = NULL;
        _cleanup_bus_error_ sd_bus_error error = SD_BUS_ERROR_NULL;
        UnitProps props = {};
        int is_private, r;

        r = bus_connect_systemd(&bus, &is_private);
        if (r < 0)
                return log_error_errno(r, "cannot connect to systemd (is it running as PID 1?)");

        r = plan_scope_props(spec, child->pid, &props);
        if (r < 0)
                return log_error_errno(r, "cannot plan the properties of %s", unit);

        r = bus_start_transient_unit(bus, is_private, unit, &props, &error);
        unit_props_done(&props);
        if (r == -EEXIST) {
                log_error("task '%s' is already running (unit %s exists)", spec->id, unit);
                return r;
        }
        if (r < 0) {
                if (sd_bus_error_is_set(&error))
                        log_error("cannot start %s: %s", unit, error.message);
                else
                        log_error_errno(r, "cannot start %s", unit);
                return r;
        }
        return 0;
}

int verb_run(int argc, char **argv) {
        _cleanup_free_ char *unit = NULL;
        TaskChild child = TASK_CHILD_NULL;
        ChildReport report;
        RunSpec spec;
        int r;

        r = run_spec_parse(argc, argv, &spec);
        if (r != 0)
                return r > 0 ? 0 : EXIT_LAUNCHER;

        r = task_unit_name(spec.id, &unit);
        if (r < 0)
                return log_error_errno(r, "cannot name the unit of task '%s'", spec.id), EXIT_LAUNCHER;

        r = task_child_spawn(&(ChildPlan) {
                                     .argv = spec.argv,
                                     .enter_task_subgroup = true,
                                     .reset_oom_score_adj = true,
                             },
                             &child);
        if (r < 0)
                return log_error_errno(r, "cannot fork the task"), EXIT_LAUNCHER;

        r = run_start_scope(&spec, unit, &child);
        if (r < 0) {
                task_child_abort(&child);
                return EXIT_LAUNCHER;
        }

        if (!spec.quiet)
                fprintf(stderr, "Running as unit: %s\n", unit);

        r = task_child_release(&child);
        if (r < 0) {
                log_error_errno(r, "cannot release the task");
                task_child_abort(&child);
                return EXIT_LAUNCHER;
        }

        r = task_child_read_report(&child, &report);
        if (r < 0) {
                log_error_errno(r, "cannot read the task's start report");
                task_child_abort(&child);
                return EXIT_LAUNCHER;
        }
        if (r > 0) {
                int status;

                (void) task_child_wait(&child, &status);
                if (report.step == CHILD_STEP_EXEC) {
                        log_error_errno(-report.err, "cannot execute '%s'", spec.argv[0]);
                        return exit_code_from_exec_errno(report.err);
                }
                log_error_errno(-report.err, "the task failed at step %s",
                                child_step_to_string(report.step));
                return EXIT_LAUNCHER;
        }

        return task_supervise_foreground(&child);
}
