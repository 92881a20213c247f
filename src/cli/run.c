/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syslog.h>
#include <systemd/sd-journal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/json-util.h"
#include "basic/log.h"
#include "basic/proc-util.h"
#include "basic/time-util.h"
#include "bus/bus-query.h"
#include "bus/bus-unit.h"
#include "bus/bus-util.h"
#include "cgroup/cgroup-path.h"
#include "cli/verbs.h"
#include "plan/scope-plan.h"
#include "spec/run-spec.h"
#include "task/child.h"
#include "task/control.h"
#include "task/exit-record.h"
#include "task/exit-status.h"
#include "task/holder.h"
#include "task/journal-records.h"
#include "task/reservation.h"
#include "task/state.h"
#include "task/stats-stream.h"
#include "task/supervise.h"
#include "task/task-plan.h"

/* How long the processes a task's main process left behind have to die
 * after cgroup.kill, before the final counters are read anyway. */
#define RUN_LEFTOVERS_USEC (2ULL * 1000 * 1000)

/* How long an id's empty scope, left by a run that has just ended, has to be
 * dropped by systemd before a new run of that id gives up. */
#define RUN_LEFTOVER_SCOPE_USEC (5ULL * 1000 * 1000)

/* One task from fork to exit record, in the foreground or in a detached
 * supervisor. */
typedef struct RunTask {
        const RunSpec *spec;
        const TaskPlan *plan;
        char *unit;
        char *cgroup;          /* the scope's, below /sys/fs/cgroup */
        const char *supervisor_unit; /* detached: the supervisor's own scope */
        TaskChild child;
        TaskHolder holder;
        bool reserved;         /* the scope has a MemoryLow the slice sums */
        bool state_written;    /* state.json is there, to remove on every way out */
        uint64_t started_usec; /* CLOCK_REALTIME */
        int notify_fd;         /* detached: one byte to the caller, 0 once started, else the exit code */
} RunTask;

/* A step of the child failed: say which, and the code to exit with. */
static int run_child_failed(RunTask *t, const ChildReport *report) {
        task_journal_failed(t->spec->id, t->unit, t->child.pid, child_step_to_string(report->step));
        (void) task_child_wait(&t->child, NULL);
        task_plan_log_child_error(t->plan, report);
        return report->step == CHILD_STEP_EXEC ? exit_code_from_exec_errno(report->err) : EXIT_LAUNCHER;
}

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

static void run_notify(RunTask *t, int code) {
        uint8_t b = (uint8_t) code;

        if (t->notify_fd < 0)
                return;
        while (write(t->notify_fd, &b, 1) < 0 && errno == EINTR)
                ;
        t->notify_fd = safe_close(t->notify_fd);
        if (code == 0) {
                /* The caller has gone with its stderr: what the supervisor
                 * still has to say goes to the journal, under its unit. */
                int fd = sd_journal_stream_fd("taskscope", LOG_WARNING, 0);
                if (fd >= 0) {
                        (void) dup2(fd, STDERR_FILENO);
                        safe_close(fd);
                }
        }
}

/* "mnt pid ipc uts net": the namespaces the task does not share with the host. */
static void run_namespaces_string(const ChildPlan *c, char *buf, size_t size) {
        static const struct { int flag; const char *name; } names[] = {
                { CLONE_NEWNS, "mnt" }, { CLONE_NEWPID, "pid" }, { CLONE_NEWIPC, "ipc" }, { CLONE_NEWUTS, "uts" },
        };
        size_t n = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (c->namespaces & names[i].flag)
                        n += (size_t) snprintf(buf + n, size - n, "%s%s", n ? " " : "", names[i].name);
        if (c->join_netns)
                snprintf(buf + n, size - n, "%snet", n ? " " : "");
}

/* Where `signal`, `stop`, `wait`, `list` and `status` find the task. */
static void run_write_state(const RunTask *t) {
        const ChildPlan *c = &t->plan->child;
        ProcStat self = {};
        char ns[64];
        int r;

        run_namespaces_string(c, ns, sizeof(ns));
        (void) proc_stat_read(getpid(), &self);
        r = task_state_write(&(TaskState) {
                .id = (char *) t->spec->id,
                .unit = t->unit,
                .cgroup = t->cgroup,
                .pid = t->child.pid,
                .supervisor = getpid(),
                .supervisor_starttime = self.starttime,
                .supervisor_unit = (char *) t->supervisor_unit,
                .started_usec = t->started_usec,
                .kill_signal = t->spec->kill_signal,
                .grace_usec = t->spec->grace_usec,
                .slice = (char *) t->spec->slice,
                .argv = t->spec->argv,
                .root = (char *) c->root,
                .uid = c->switch_user ? c->uid : getuid(),
                .gid = c->switch_user ? c->gid : getgid(),
                .namespaces = ns,
                .cwd = (char *) c->cwd,
                .switch_user = c->switch_user,
                .groups = (gid_t *) c->groups,
                .n_groups = c->n_groups,
                .set_caps = c->set_caps,
                .caps = c->caps,
                .no_new_privs = c->no_new_privs,
        });
        if (r >= 0)
                r = task_state_write_env(t->spec->id, c->envp ?: environ);
        if (r < 0)
                log_error_errno(r, "cannot write the state of task '%s' (signal, stop and wait will not find it)",
                                t->spec->id);
}

/* systemd has taken the scope's name and runs its job: the state and the
 * end of the last run's record are written now, off the launch's path. The
 * task's start time is this moment. */
static void run_scope_accepted(void *userdata) {
        RunTask *t = userdata;

        t->started_usec = now_usec(CLOCK_REALTIME);
        run_write_state(t);
        t->state_written = true;
        (void) task_exit_record_remove(t->spec->id);
}

typedef struct LeftoverScope {
        sd_bus *bus;
        const char *unit;
} LeftoverScope;

/* 1 once the unit is gone, -1 while a process of the task lives in its
 * cgroup (or that cannot be told), 0 while it is an empty scope systemd has
 * yet to drop. Its cgroup is systemd's word, not ours: the last run may
 * have been in another slice. */
static int leftover_scope_gone(void *userdata) {
        const LeftoverScope *l = userdata;
        _cleanup_bus_error_ sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *cgroup = NULL;
        int r;

        r = bus_get_unit_string(l->bus, l->unit, SYSTEMD_SCOPE_INTERFACE, "ControlGroup", &cgroup, &error);
        if (r == -ENOENT)
                return 1;
        /* An empty ControlGroup: the cgroup is removed already. */
        if (r < 0 || (cgroup[0] && task_scope_populated(cgroup) != 0))
                return -1;
        return 0;
}

/* A unit of the task's name exists: a running task's, or the scope of this
 * id's last run, which has returned and left it empty for systemd to drop
 * (it learns of an empty cgroup asynchronously, within milliseconds). 1 once
 * it is gone, 0 if it is a running task's or still there after timeout_usec. */
static int run_wait_leftover_scope(sd_bus *bus, const char *unit, uint64_t timeout_usec) {
        return poll_with_backoff(timeout_usec, leftover_scope_gone, &(LeftoverScope) { bus, unit });
}

/* Everything up to the child in the scope. The connection to
 * systemd is closed when this returns: an idle supervisor keeps none (one
 * would wake it on every unit change on the host). On failure the caller
 * aborts the child and nothing is left: systemd collects a failed scope. */
static int run_start_scope(RunTask *t) {
        _cleanup_bus_ sd_bus *bus = NULL;
        _cleanup_bus_error_ sd_bus_error error = SD_BUS_ERROR_NULL;
        UnitProps props = {};
        const UnitProp *low;
        int is_private, r;

        r = bus_connect_systemd(&bus, &is_private);
        if (r < 0)
                return log_error_errno(r, "cannot connect to systemd (is it running as PID 1?)");

        r = plan_scope_props(t->spec, &t->child.pid, 1, &props);
        if (r < 0)
                return log_error_errno(r, "cannot plan the properties of %s", t->unit);

        low = unit_props_find(&props, "MemoryLow");
        t->reserved = low && low->type == UNIT_PROP_U64 && low->u64 > 0;
        r = bus_start_transient_unit(bus, is_private, t->unit, &props, run_scope_accepted, t, &error);
        /* The same id again right after its last run returned: that scope
         * is empty, systemd has not yet noticed. Not a running task. */
        if (r == -EEXIST && run_wait_leftover_scope(bus, t->unit, RUN_LEFTOVER_SCOPE_USEC) > 0) {
                sd_bus_error_free(&error);
                r = bus_start_transient_unit(bus, is_private, t->unit, &props, run_scope_accepted, t, &error);
        }
        unit_props_done(&props);
        if (r == -EEXIST) {
                log_error("task '%s' is already running (unit %s exists)", t->spec->id, t->unit);
                return r;
        }
        if (r < 0) {
                log_error("cannot start %s: %s", t->unit, bus_error_message(&error, r));
                return r;
        }
        if (t->reserved)
                run_sync_reservation(bus, t->spec->slice);
        return 0;
}

/* Who ended it, when it was not the task itself. */
static ExitEndedBy run_ended_by(const RunTask *t, bool stop_requested) {
        _cleanup_(json_object_putp) json_object *marker = NULL;

        if (stop_requested)
                return EXIT_ENDED_BY_SUPERVISOR;
        if (task_state_read_json(t->spec->id, TASK_STOP_MARKER, &marker) >= 0)
                return EXIT_ENDED_BY_STOP;
        /* Only systemd signals the holder: it stopped (or killed) the scope. */
        if (task_holder_signalled(&t->holder))
                return EXIT_ENDED_BY_SYSTEMD;
        return EXIT_ENDED_BY_TASK;
}

/* The task has ended, the holder keeps its scope: kill what the main process
 * left behind (as systemd does for a service), read the final counters,
 * write the exit record, then let the scope go. */
static void run_finish(RunTask *t, int status, bool stop_requested, pid_t stream) {
        ExitRecord rec = EXIT_RECORD_NULL;
        CgroupStats last;
        bool have_last;
        int r;

        /* With an init in a pid namespace its end was everyone's. */
        if (!t->plan->child.init && !task_cgroup_empty(t->cgroup)) {
                (void) task_cgroup_kill(t->cgroup);
                (void) task_wait_empty(t->cgroup, RUN_LEFTOVERS_USEC);
        }
        have_last = task_exit_record_sample(t->cgroup, &last) >= 0;
        if (stream > 0)
                task_stats_stream_stop(stream);

        rec.id = (char *) t->spec->id;
        rec.unit = t->unit;
        rec.started_usec = t->started_usec;
        rec.ended_usec = now_usec(CLOCK_REALTIME);
        exit_record_set_outcome(&rec, status, have_last ? &last : NULL);
        rec.ended_by = run_ended_by(t, stop_requested);
        r = task_exit_record_write(&rec);
        if (r < 0)
                log_error_errno(r, "cannot write the exit record of task '%s'", t->spec->id);
        task_journal_exited(&rec, t->child.pid);

        (void) task_state_remove(t->spec->id);
        /* Last: its exit unmounts the task's tree, best not on our CPU
         * while we still work. With a reservation, the slice's sum is made
         * next from the scopes still populated: this one must not be. */
        task_holder_release(&t->holder, t->reserved);
}

static void run_spawn_holder(RunTask *t, int mntns_fd) {
        int r = task_holder_spawn(t->cgroup, mntns_fd, &t->holder);

        if (r < 0)
                log_error_errno(r, "cannot start taskscope's holder in %s/" CGROUP_HOLD_SUBGROUP, t->cgroup);
}

/* From a child in its scope to the task's exit code. */
static int run_released(RunTask *t) {
        const RunSpec *spec = t->spec;
        _cleanup_close_ int stats_fd = -1, mntns_fd = -1;
        pid_t pid = t->child.pid, stream = 0;
        bool stop_requested = false;
        ChildReport report;
        int status = 0, r;

        /* The holder, born in <scope>/hold, must be there before the task's
         * end could empty the scope. An init waits for it (see
         * task_child_let_init_exit), so it is made while the task starts;
         * without one, before the release. Without a holder the task still
         * runs; its record then has what could be read before systemd
         * removed the cgroup. */
        if (t->plan->child.namespaces & CLONE_NEWNS) {
                char path[64];
                snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int) t->child.pid);
                mntns_fd = open(path, O_RDONLY | O_CLOEXEC);
        }
        if (!t->child.init)
                run_spawn_holder(t, mntns_fd);

        r = task_child_release(&t->child);
        if (r < 0) {
                log_error_errno(r, "cannot release the task");
                task_child_abort(&t->child);
                return EXIT_LAUNCHER;
        }
        if (t->child.init) {
                run_spawn_holder(t, mntns_fd);
                task_child_let_init_exit(&t->child);
        }
        r = task_child_read_report(&t->child, &report);
        if (r < 0) {
                log_error_errno(r, "cannot read the task's start report");
                task_child_abort(&t->child);
                return EXIT_LAUNCHER;
        }
        if (r > 0)
                return run_child_failed(t, &report);

        task_journal_started(spec->id, t->unit, pid, spec->argv);

        if (spec->stats_out) {
                stats_fd = open(spec->stats_out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0644);
                if (stats_fd < 0)
                        log_error_errno(-errno, "cannot open --stats-out %s (no stats are streamed)", spec->stats_out);
                else {
                        r = task_stats_stream_start(spec->id, t->cgroup, spec->stats_interval_usec, stats_fd, &stream);
                        if (r < 0)
                                log_error_errno(r, "cannot start streaming stats to %s", spec->stats_out);
                }
        }
        /* Started: a detached caller may go. */
        run_notify(t, 0);

        r = task_supervise_foreground(&t->child, &(SuperviseOptions) {
                .kill_signal = spec->kill_signal,
                .grace_usec = spec->grace_usec,
                .scope_cgroup = t->cgroup,
        }, &status, &stop_requested);
        run_finish(t, status, stop_requested, stream);
        return r;
}

static int run_task(const RunSpec *spec, const TaskPlan *plan, const char *supervisor_unit, int notify_fd) {
        _cleanup_free_ char *unit = NULL, *slice_path = NULL, *cgroup = NULL;
        RunTask t = {
                .spec = spec,
                .plan = plan,
                .supervisor_unit = supervisor_unit,
                .child = TASK_CHILD_NULL,
                .holder = TASK_HOLDER_NULL,
                .notify_fd = notify_fd,
        };
        ChildPlan child_plan;
        int r;

        r = task_unit_name(spec->id, &unit);
        if (r < 0 || cgroup_slice_path(spec->slice, &slice_path) < 0 ||
            asprintf(&cgroup, "%s/%s", strcmp(slice_path, "/") == 0 ? "" : slice_path, unit) < 0) {
                log_error("cannot name the unit of task '%s'", spec->id);
                return EXIT_LAUNCHER;
        }
        t.unit = unit;
        t.cgroup = cgroup;

        child_plan = plan->child;
        child_plan.scope_cgroup = cgroup;
        r = task_child_spawn(&child_plan, &t.child);
        if (r < 0)
                return log_error_errno(r, "cannot fork the task"), EXIT_LAUNCHER;

        r = run_start_scope(&t);
        if (r < 0) {
                if (t.state_written)
                        (void) task_state_remove(spec->id);
                task_child_abort(&t.child);
                run_notify(&t, EXIT_LAUNCHER);
                return EXIT_LAUNCHER;
        }
        if (!spec->quiet)
                fprintf(stderr, "Running as unit: %s\n", unit);

        r = run_released(&t);
        /* A start that failed after the scope left the state behind. */
        if (t.state_written)
                (void) task_state_remove(spec->id);
        /* A start that failed after the scope: the caller still waits. */
        run_notify(&t, r);
        task_holder_release(&t.holder, t.reserved);
        /* The task is gone: its reservation leaves the slice's sum. */
        if (t.reserved)
                run_sync_reservation(NULL, spec->slice);
        return r;
}

/* The detached supervisor: a scope of its own, then the task as in the
 * foreground, telling the caller over notify_fd once it has started. */
_noreturn_ static void run_detached_supervisor(const RunSpec *spec, const TaskPlan *plan, int notify_fd) {
        _cleanup_free_ char *unit = NULL;
        _cleanup_bus_error_ sd_bus_error error = SD_BUS_ERROR_NULL;
        UnitProps props = {};
        int code, r;

        /* No terminal, no session: the caller's end or hangup is not ours.
         * stderr stays the caller's until the task has started. */
        (void) setsid();
        (void) stdio_to_null(STDIO_IN | STDIO_OUT);

        r = task_supervisor_unit_name(spec->id, &unit);
        if (r >= 0)
                r = plan_supervisor_scope_props(spec, getpid(), &props);
        if (r >= 0) {
                _cleanup_bus_ sd_bus *bus = NULL;
                int is_private;

                r = bus_connect_systemd(&bus, &is_private);
                if (r < 0)
                        log_error_errno(r, "cannot connect to systemd (is it running as PID 1?)");
                else {
                        r = bus_start_transient_unit(bus, is_private, unit, &props, NULL, NULL, &error);
                        if (r == -EEXIST)
                                log_error("task '%s' already has a supervisor (unit %s exists)", spec->id, unit);
                        else if (r < 0)
                                log_error("cannot start %s: %s", unit, bus_error_message(&error, r));
                }
        } else
                log_error_errno(r, "cannot plan the supervisor's unit of task '%s'", spec->id);
        unit_props_done(&props);
        if (r < 0) {
                uint8_t b = EXIT_LAUNCHER;
                (void) write(notify_fd, &b, 1);
                _exit(EXIT_LAUNCHER);
        }

        code = run_task(spec, plan, unit, notify_fd);
        _exit(code);
}

/* Fork the supervisor, wait until it says the task started (or why not),
 * print the id. */
static int run_detached(const RunSpec *spec, const TaskPlan *plan) {
        _cleanup_close_pair_ int notify[2] = { -1, -1 };
        pid_t pid;
        uint8_t b;
        ssize_t n;

        if (pipe2(notify, O_CLOEXEC) < 0)
                return log_error_errno(-errno, "cannot create a pipe"), EXIT_LAUNCHER;
        fflush(NULL);
        pid = fork();
        if (pid < 0)
                return log_error_errno(-errno, "cannot fork the supervisor"), EXIT_LAUNCHER;
        if (pid == 0) {
                notify[0] = safe_close(notify[0]);
                /* After stdout is flushed once more, its fd is /dev/null. */
                run_detached_supervisor(spec, plan, TAKE_FD(notify[1]));
        }
        notify[1] = safe_close(notify[1]);
        do
                n = read(notify[0], &b, 1);
        while (n < 0 && errno == EINTR);
        if (n != 1) {
                int status = 0;
                /* It exits with the code after saying why, or it was killed. */
                (void) waitpid(pid, &status, 0);
                if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
                        return WEXITSTATUS(status);
                log_error("the supervisor of task '%s' ended before the task started", spec->id);
                return EXIT_LAUNCHER;
        }
        if (b != 0) {
                /* It said why; a failed start leaves it exiting, reap it. */
                (void) waitpid(pid, NULL, 0);
                return b;
        }
        printf("%s\n", spec->id);
        return 0;
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
        r = spec.detach ? run_detached(&spec, &plan) : run_task(&spec, &plan, NULL, -1);
        task_plan_done(&plan);
        run_spec_done(&spec);
        return r;
}
