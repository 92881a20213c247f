/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "task/exit-record.h"

#include <sys/types.h>

/* Lifecycle records in the journal, each kind with its own MESSAGE_ID (find
 * every one on the host with `journalctl MESSAGE_ID=...`), TASKSCOPE_ID=, and
 * OBJECT_PID= plus OBJECT_SYSTEMD_UNIT= so that `journalctl -u
 * taskscope-ID.scope` shows them with the task's own output. */
#define TASK_MESSAGE_STARTED "cf5ffc0b23dd40039e8f7aac2064524f"
#define TASK_MESSAGE_EXITED "678bab4081474c4087109d40ad4289e4"
#define TASK_MESSAGE_FAILED "e93c3d1121b54e51bafb5a98eee33299"
#define TASK_MESSAGE_OOM_KILLED "f4a9f2e6fdf241af9f78c9a3d33eeb5f"
#define TASK_MESSAGE_STOPPED "f0eda95a63444508b0c0e6eff3d1bf76"
#define TASK_MESSAGE_EXEC_STARTED "be242b00d3b54bda8af9d6c47ce9982d"
#define TASK_MESSAGE_EXEC_ENDED "f969a238553e4916b0843b3ed2bf6535"

void task_journal_started(const char *id, const char *unit, pid_t pid, char *const *argv);
/* status: a wait status. */
/* The exited record; and, when they apply, an OOM-killed record and a
 * stopped record naming who stopped it. */
void task_journal_exited(const ExitRecord *rec, pid_t pid);
/* The task never ran: a step of its setup failed. */
/* An exec session inside the task: pid is its helper, in <scope>/exec-N,
 * so journald files the record under the task's unit too. status is the
 * command's wait status, or -1 if it never started. */
void task_journal_exec_started(const char *id, const char *unit, pid_t pid, const char *exec_id, const char *group,
                               char *const *argv);
void task_journal_exec_ended(const char *id, const char *unit, pid_t pid, const char *exec_id, int status,
                             bool timed_out);

void task_journal_failed(const char *id, const char *unit, pid_t pid, const char *what);
