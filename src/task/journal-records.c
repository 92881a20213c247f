/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <systemd/sd-journal.h>

#include "basic/parse-util.h"
#include "task/exit-status.h"
#include "task/journal-records.h"

/* Records are best effort: a task does not fail because journald is away. */

void task_journal_started(const char *id, const char *unit, pid_t pid, char *const *argv) {
        (void) sd_journal_send("MESSAGE=Task %s started: %s", id, argv[0],
                               "MESSAGE_ID=" TASK_MESSAGE_STARTED,
                               "PRIORITY=%d", LOG_INFO,
                               "TASKSCOPE_ID=%s", id,
                               "TASKSCOPE_COMMAND=%s", argv[0],
                               "OBJECT_PID=%d", (int) pid,
                               "OBJECT_SYSTEMD_UNIT=%s", unit,
                               NULL);
}

void task_journal_exited(const ExitRecord *rec, pid_t pid) {
        const char *by = exit_ended_by_to_string(rec->ended_by);

        if (rec->signal > 0) {
                const char *name = signal_to_string(rec->signal);
                (void) sd_journal_send("MESSAGE=Task %s was killed by signal %s", rec->id, name ?: "?",
                                       "MESSAGE_ID=" TASK_MESSAGE_EXITED,
                                       "PRIORITY=%d", LOG_NOTICE,
                                       "TASKSCOPE_ID=%s", rec->id,
                                       "TASKSCOPE_SIGNAL=%d", rec->signal,
                                       "TASKSCOPE_ENDED_BY=%s", by,
                                       "OBJECT_PID=%d", (int) pid,
                                       "OBJECT_SYSTEMD_UNIT=%s", rec->unit,
                                       NULL);
        } else
                (void) sd_journal_send("MESSAGE=Task %s exited with code %d", rec->id, rec->exit_code,
                                       "MESSAGE_ID=" TASK_MESSAGE_EXITED,
                                       "PRIORITY=%d", rec->exit_code ? LOG_NOTICE : LOG_INFO,
                                       "TASKSCOPE_ID=%s", rec->id,
                                       "TASKSCOPE_EXIT_CODE=%d", rec->exit_code,
                                       "TASKSCOPE_ENDED_BY=%s", by,
                                       "OBJECT_PID=%d", (int) pid,
                                       "OBJECT_SYSTEMD_UNIT=%s", rec->unit,
                                       NULL);
        if (rec->oom_killed)
                (void) sd_journal_send("MESSAGE=Task %s was killed by the OOM killer (memory limit reached)", rec->id,
                                       "MESSAGE_ID=" TASK_MESSAGE_OOM_KILLED,
                                       "PRIORITY=%d", LOG_WARNING,
                                       "TASKSCOPE_ID=%s", rec->id,
                                       "TASKSCOPE_OOM_KILLS=%llu", (unsigned long long) rec->oom_kills,
                                       "OBJECT_PID=%d", (int) pid,
                                       "OBJECT_SYSTEMD_UNIT=%s", rec->unit,
                                       NULL);
        if (rec->ended_by != EXIT_ENDED_BY_TASK && rec->ended_by != EXIT_ENDED_BY_UNKNOWN)
                (void) sd_journal_send("MESSAGE=Task %s was stopped by %s", rec->id,
                                       rec->ended_by == EXIT_ENDED_BY_SYSTEMD ? "systemd (its scope was stopped)" :
                                       rec->ended_by == EXIT_ENDED_BY_STOP ? "taskscope stop" : "its supervisor",
                                       "MESSAGE_ID=" TASK_MESSAGE_STOPPED,
                                       "PRIORITY=%d", LOG_INFO,
                                       "TASKSCOPE_ID=%s", rec->id,
                                       "TASKSCOPE_ENDED_BY=%s", by,
                                       "OBJECT_PID=%d", (int) pid,
                                       "OBJECT_SYSTEMD_UNIT=%s", rec->unit,
                                       NULL);
}

void task_journal_failed(const char *id, const char *unit, pid_t pid, const char *what) {
        (void) sd_journal_send("MESSAGE=Task %s could not start: %s", id, what,
                               "MESSAGE_ID=" TASK_MESSAGE_FAILED,
                               "PRIORITY=%d", LOG_ERR,
                               "TASKSCOPE_ID=%s", id,
                               "OBJECT_PID=%d", (int) pid,
                               "OBJECT_SYSTEMD_UNIT=%s", unit,
                               NULL);
}

void task_journal_exec_started(const char *id, const char *unit, pid_t pid, const char *exec_id, const char *group,
                               char *const *argv) {
        (void) sd_journal_send("MESSAGE=Task %s: exec %s started: %s", id, exec_id, argv[0],
                               "MESSAGE_ID=" TASK_MESSAGE_EXEC_STARTED,
                               "PRIORITY=%d", LOG_INFO,
                               "TASKSCOPE_ID=%s", id,
                               "TASKSCOPE_EXEC_ID=%s", exec_id,
                               "TASKSCOPE_EXEC_CGROUP=%s", group,
                               "TASKSCOPE_COMMAND=%s", argv[0],
                               "OBJECT_PID=%d", (int) pid,
                               "OBJECT_SYSTEMD_UNIT=%s", unit,
                               NULL);
}

void task_journal_exec_ended(const char *id, const char *unit, pid_t pid, const char *exec_id, int status,
                             bool timed_out) {
        char what[64];

        if (status < 0)
                snprintf(what, sizeof(what), "could not start");
        else if (timed_out)
                snprintf(what, sizeof(what), "timed out and was killed");
        else if (WIFSIGNALED(status))
                snprintf(what, sizeof(what), "was killed by %s", signal_to_string(WTERMSIG(status)) ?: "a signal");
        else
                snprintf(what, sizeof(what), "exited with code %d", WEXITSTATUS(status));
        (void) sd_journal_send("MESSAGE=Task %s: exec %s %s", id, exec_id, what,
                               "MESSAGE_ID=" TASK_MESSAGE_EXEC_ENDED,
                               "PRIORITY=%d", status < 0 || timed_out ? LOG_WARNING : LOG_INFO,
                               "TASKSCOPE_ID=%s", id,
                               "TASKSCOPE_EXEC_ID=%s", exec_id,
                               "TASKSCOPE_EXEC_TIMED_OUT=%d", timed_out,
                               "TASKSCOPE_EXIT_CODE=%d", status < 0 ? -1 : exit_code_from_wait_status(status),
                               "OBJECT_PID=%d", (int) pid,
                               "OBJECT_SYSTEMD_UNIT=%s", unit,
                               NULL);
}
