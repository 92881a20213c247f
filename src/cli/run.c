/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "basic/time-util.h"
#include "basic/log.h"
#include "bus/bus-unit.h"
#include "bus/bus-util.h"
#include "cgroup/cgroup-path.h"
#include "cli/verbs.h"
#include "plan/scope-plan.h"
#include "spec/run-spec.h"
#include "task/child.h"
#include "task/exit-status.h"
#include "task/journal-records.h"
#include "task/reservation.h"
#include "task/state.h"
#include "task/supervise.h"
#include "task/task-plan.h"

/* Keep the slice's MemoryLow at its tasks' reservations (see reservation.h);
 * a failure is reported, and the task goes on. */
static void run_sync_reservation(sd_bus *bus, const char *slice) {
        _cleanup_bus_ sd_bus *own = NULL;
        _cleanup_bus_error_ sd_bus_error error = SD_BUS_ERROR_NULL;
        int is_private, r;

        if (!bus) {
                r = bus_connect_systemd(&own, &is_private);
                if (r < 0) {
                        log_error_errno(r, "cannot connect to systemd to update %s's MemoryLow", slice);
                        return;
                }
                bus = own;
        }
        r = task_slice_reservation_sync(bus, slice, NULL, &error);
        if (r < 0)
                log_error("cannot update %s's MemoryLow to its tasks' reservations: %s", slice,
                          bus_error_message(&error, r));
}

/* Everything up to a released child in its scope. On failure the child is
 * aborted and nothing is left: no scope (systemd collects a failed one), no
 * process. */
static int run_start_scope(const RunSpec *spec, const char *unit, TaskChild *child, bool *ret_reserved) {
        _cleanup_bus_ sd_bus *bus = NULL;
        _cleanup_bus_error_ sd_bus_error error = SD_BUS_ERROR_NULL;
        UnitProps props = {};
        const UnitProp *low;
        bool reserved;
        int is_private, r;

        r = bus_connect_systemd(&bus, &is_private);
        if (r < 0)
                return log_error_errno(r, "cannot connect to systemd (is it running as PID 1?)");

        r = plan_scope_props(spec, child->pid, &props);
        if (r < 0)
                return log_error_errno(r, "cannot plan the properties of %s", unit);

        low = unit_props_find(&props, "MemoryLow");
        reserved = low && low->type == UNIT_PROP_U64 && low->u64 > 0;
        r = bus_start_transient_unit(bus, is_private, unit, &props, &error);
        unit_props_done(&props);
        if (r == -EEXIST) {
                log_error("task '%s' is already running (unit %s exists)", spec->id, unit);
                return r;
        }
        if (r < 0) {
                log_error("cannot start %s: %s", unit, bus_error_message(&error, r));
                return r;
        }
        if (reserved)
                run_sync_reservation(bus, spec->slice);
        *ret_reserved = reserved;
        return 0;
}

/* From a child in its scope to the task's exit code. */
static int run_released(const RunSpec *spec, const TaskPlan *plan, const char *unit, TaskChild *child) {
        _cleanup_free_ char *slice_path = NULL, *cgroup = NULL;
        int status = 0;
        pid_t pid;
        ChildReport report;
        int r;

        r = task_child_release(child);
        if (r < 0) {
                log_error_errno(r, "cannot release the task");
                task_child_abort(child);
                return EXIT_LAUNCHER;
        }

        r = task_child_read_report(child, &report);
        if (r < 0) {
                log_error_errno(r, "cannot read the task's start report");
                task_child_abort(child);
                return EXIT_LAUNCHER;
        }
        if (r > 0) {
                task_journal_failed(spec->id, unit, child->pid, child_step_to_string(report.step));
                (void) task_child_wait(child, NULL);
                task_plan_log_child_error(plan, &report);
                return report.step == CHILD_STEP_EXEC ? exit_code_from_exec_errno(report.err) : EXIT_LAUNCHER;
        }

        if (cgroup_slice_path(spec->slice, &slice_path) < 0 ||
            asprintf(&cgroup, "%s/%s", strcmp(slice_path, "/") == 0 ? "" : slice_path, unit) < 0) {
                log_error("cannot name the cgroup of %s", unit);
                task_child_abort(child);
                return EXIT_LAUNCHER;
        }
        /* Where `signal` and `stop` find the task. */
        r = task_state_write(&(TaskState) {
                .id = (char *) spec->id,
                .unit = (char *) unit,
                .cgroup = cgroup,
                .pid = child->pid,
                .supervisor = getpid(),
                .started_usec = now_usec(CLOCK_REALTIME),
                .kill_signal = spec->kill_signal,
                .grace_usec = spec->grace_usec,
        });
        if (r < 0)
                log_error_errno(r, "cannot write the state of task '%s' (signal and stop will not find it)", spec->id);

        pid = child->pid;
        task_journal_started(spec->id, unit, pid, spec->argv);
        r = task_supervise_foreground(child, &(SuperviseOptions) {
                .kill_signal = spec->kill_signal,
                .grace_usec = spec->grace_usec,
                .scope_cgroup = cgroup,
        }, &status);
        task_journal_exited(spec->id, unit, pid, status);
        (void) task_state_remove(spec->id);
        return r;
}

static int run_task(const RunSpec *spec, const TaskPlan *plan) {
        _cleanup_free_ char *unit = NULL;
        TaskChild child = TASK_CHILD_NULL;
        bool reserved = false;
        int r;

        r = task_unit_name(spec->id, &unit);
        if (r < 0)
                return log_error_errno(r, "cannot name the unit of task '%s'", spec->id), EXIT_LAUNCHER;

        r = task_child_spawn(&plan->child, &child);
        if (r < 0)
                return log_error_errno(r, "cannot fork the task"), EXIT_LAUNCHER;

        r = run_start_scope(spec, unit, &child, &reserved);
        if (r < 0) {
                task_child_abort(&child);
                return EXIT_LAUNCHER;
        }

        if (!spec->quiet)
                fprintf(stderr, "Running as unit: %s\n", unit);

        r = run_released(spec, plan, unit, &child);
        /* The task is gone: its reservation leaves the slice's sum. */
        if (reserved)
                run_sync_reservation(NULL, spec->slice);
        return r;
}

int verb_run(int argc, char **argv) {
        TaskPlan plan;
        RunSpec spec;
        int r, code;

        r = run_spec_parse(argc, argv, &spec);
        if (r != 0)
                return r > 0 ? 0 : EXIT_LAUNCHER;

        /* No taskscope process the task can see (the supervisor with
         * --pid-mode host, the init in its own pid namespace) may be opened
         * through /proc/PID/exe or /proc/PID/fd (runc's CVE-2019-5736). The
         * task's exec makes it dumpable again for itself. */
        (void) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

        /* Everything that can be judged before a scope exists is judged here. */
        r = task_plan_build(&spec, &plan, &code);
        if (r < 0) {
                run_spec_done(&spec);
                return code;
        }
        r = run_task(&spec, &plan);
        task_plan_done(&plan);
        run_spec_done(&spec);
        return r;
}
