/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <systemd/sd-journal.h>

#include "basic/parse-util.h"
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

void task_journal_exited(const char *id, const char *unit, pid_t pid, int status) {
        if (WIFSIGNALED(status)) {
                const char *name = signal_to_string(WTERMSIG(status));
                (void) sd_journal_send("MESSAGE=Task %s was killed by signal %s", id, name ?: "?",
                                       "MESSAGE_ID=" TASK_MESSAGE_EXITED,
                                       "PRIORITY=%d", LOG_NOTICE,
                                       "TASKSCOPE_ID=%s", id,
                                       "TASKSCOPE_SIGNAL=%d", WTERMSIG(status),
                                       "OBJECT_PID=%d", (int) pid,
                                       "OBJECT_SYSTEMD_UNIT=%s", unit,
                                       NULL);
                return;
        }
        (void) sd_journal_send("MESSAGE=Task %s exited with code %d", id, WEXITSTATUS(status),
                               "MESSAGE_ID=" TASK_MESSAGE_EXITED,
                               "PRIORITY=%d", WEXITSTATUS(status) ? LOG_NOTICE : LOG_INFO,
                               "TASKSCOPE_ID=%s", id,
                               "TASKSCOPE_EXIT_CODE=%d", WEXITSTATUS(status),
                               "OBJECT_PID=%d", (int) pid,
                               "OBJECT_SYSTEMD_UNIT=%s", unit,
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
