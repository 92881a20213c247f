/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "basic/json-util.h"
#include "basic/log.h"
#include "basic/time-util.h"
#include "bus/bus-unit.h"
#include "bus/bus-util.h"
#include "cli/task-lookup.h"
#include "cli/verbs.h"
#include "spec/task-id.h"
#include "task/control.h"
#include "task/exit-record.h"
#include "task/exit-status.h"
#include "task/state.h"

/* With its supervisor gone, the task's cgroup is sampled this often: the
 * last sample is what the report can say of its counters. */
#define WAIT_ORPHAN_POLL_MSEC 200

static void wait_help(void) {
        printf("Usage: taskscope wait ID [--json]\n"
               "\n"
               "Wait until the task ends and exit with its exit code (128+N if signal N\n"
               "killed it). If its supervisor was killed, wait until the task's processes are\n"
               "gone, say what systemd and the cgroup know, and exit 125: the code is unknown.\n"
               "\n"
               "      --json     print the exit record as JSON\n"
               "  -h, --help     show this help\n");
}

typedef struct WaitOrphan {
        CgroupStats last;
        bool have_last;
        char *active_state; /* the unit's, when systemd still had it */
} WaitOrphan;

static int wait_print(const ExitRecord *rec, const WaitOrphan *o, bool json) {
        _cleanup_json_ json_object *j = NULL;
        int r;

        if (!json)
                return 0;
        r = exit_record_to_json(rec, &j);
        if (r < 0)
                return log_error_errno(r, "cannot format the exit record");
        if (o) {
                json_object_object_add(j, "supervisor_died", json_object_new_boolean(true));
                json_object_object_add(j, "unit_active_state",
                                       o->active_state ? json_object_new_string(o->active_state) : NULL);
        }
        printf("%s\n", json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN));
        return 0;
}

static void wait_orphan_sample(const TaskState *st, WaitOrphan *o) {
        CgroupStats s;

        /* The same counters the supervisor would have recorded. */
        if (task_exit_record_sample(st->cgroup, &s) >= 0) {
                o->last = s;
                o->have_last = true;
        }
}

/* The supervisor is gone and the task has ended: record what is known. */
static int wait_orphan_done(const TaskState *st, WaitOrphan *o, bool json) {
        _cleanup_bus_ sd_bus *bus = NULL;
        ExitRecord rec = EXIT_RECORD_NULL;
        int is_private, r;

        if (bus_connect_systemd(&bus, &is_private) >= 0)
                (void) bus_get_unit_string(bus, st->unit, "org.freedesktop.systemd1.Unit", "ActiveState",
                                           &o->active_state, NULL);
        rec.id = st->id;
        rec.unit = st->unit;
        rec.started_usec = st->started_usec;
        rec.ended_usec = now_usec(CLOCK_REALTIME);
        /* Counters only: exit code, signal and who ended it stay unknown. */
        exit_record_set_counters(&rec, o->have_last ? &o->last : NULL);
        /* So that status and later waits know too. */
        r = task_exit_record_write(&rec);
        if (r >= 0)
                (void) task_state_remove(st->id);

        log_error("task '%s' has ended, but its supervisor (pid %d) died before it: the exit code is unknown"
                  " (unit %s: %s)", st->id, (int) st->supervisor, st->unit, o->active_state ?: "gone");
        wait_print(&rec, o, json);
        free(o->active_state);
        o->active_state = NULL;
        return EXIT_LAUNCHER;
}

static int wait_task(const char *id, bool json) {
        _cleanup_close_ int inotify_fd = -1, pidfd = -1;
        _cleanup_free_ char *dir = NULL;
        WaitOrphan orphan = {};
        bool seen_state = false;
        uint64_t started = 0;

        if (task_state_dir(id, &dir) < 0)
                return log_error("out of memory"), EXIT_LAUNCHER;
        inotify_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
        if (inotify_fd < 0)
                return log_error_errno(-errno, "cannot watch %s", dir), EXIT_LAUNCHER;

        for (;;) {
                ExitRecord rec;
                TaskState st;
                int have_state, have_exit, timeout = -1, r;
                struct pollfd p[2];
                nfds_t n = 0;
                bool polled_pidfd = false;
                char buf[4096];

                /* Watch first, then look: a change in between is not lost. */
                if (inotify_add_watch(inotify_fd, dir, IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_DELETE_SELF) < 0 &&
                    errno != ENOENT)
                        return log_error_errno(-errno, "cannot watch %s", dir), EXIT_LAUNCHER;

                have_state = task_state_read(id, &st) >= 0;
                have_exit = task_exit_record_read(id, &rec) >= 0;
                if (have_state && !seen_state) {
                        seen_state = true;
                        started = st.started_usec;
                }
                /* A record of an earlier run of this id is not this one's. */
                if (have_exit && (!seen_state || rec.started_usec == started)) {
                        int code = rec.exit_code >= 0 ? rec.exit_code : EXIT_LAUNCHER;
                        if (have_state)
                                task_state_done(&st);
                        r = wait_print(&rec, NULL, json);
                        if (rec.exit_code < 0)
                                log_error("task '%s' has ended; its exit code is unknown (its supervisor died)", id);
                        exit_record_done(&rec);
                        return r < 0 ? EXIT_LAUNCHER : code;
                }
                if (have_exit)
                        exit_record_done(&rec);
                if (!have_state) {
                        if (!seen_state) {
                                log_error("no task '%s' (no state in %s, no exit record)", id, dir);
                                return EXIT_LAUNCHER;
                        }
                        /* State gone, record not there yet: the next event brings it. */
                } else if (task_supervisor_alive(&st) > 0) {
                        if (pidfd < 0)
                                pidfd = (int) syscall(SYS_pidfd_open, st.supervisor, 0);
                        if (pidfd >= 0) {
                                p[n++] = (struct pollfd) { .fd = pidfd, .events = POLLIN };
                                polled_pidfd = true;
                        }
                        else
                                timeout = WAIT_ORPHAN_POLL_MSEC;
                } else {
                        /* Its supervisor died: the task may go on, and nobody
                         * will write a record. The cgroup says when it ends. */
                        wait_orphan_sample(&st, &orphan);
                        if (task_cgroup_empty(st.cgroup)) {
                                int code = wait_orphan_done(&st, &orphan, json);
                                task_state_done(&st);
                                return code;
                        }
                        timeout = WAIT_ORPHAN_POLL_MSEC;
                }
                if (have_state)
                        task_state_done(&st);

                p[n++] = (struct pollfd) { .fd = inotify_fd, .events = POLLIN };
                if (poll(p, n, timeout) < 0 && errno != EINTR)
                        return log_error_errno(-errno, "cannot wait for task '%s'", id), EXIT_LAUNCHER;
                while (read(inotify_fd, buf, sizeof(buf)) > 0)
                        ;
                if (polled_pidfd && (p[0].revents & POLLIN))
                        pidfd = safe_close(pidfd); /* it exited: look once more, then the orphan path */
        }
}

int verb_wait(int argc, char **argv) {
        const char *id;
        bool json;
        int r;

        r = cli_parse_json_args(argc, argv, wait_help, true, &id, &json);
        if (r != 0)
                return r > 0 ? 0 : EXIT_LAUNCHER;
        return wait_task(id, json);
}
