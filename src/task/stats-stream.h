/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdint.h>
#include <sys/types.h>

/* `taskscope run --stats-interval D --stats-out PATH`: a fork of the
 * supervisor that appends one JSON line, as `taskscope stats --json` prints
 * (task/stats-json.h), to out_fd every interval_usec for the task cgroup
 * task_cgroup (below /sys/fs/cgroup: "/taskscope.slice/taskscope-ID.scope/task").
 * It stays in the caller's cgroup, so neither the task's accounting nor a
 * kill of the task's groups touches it.
 *
 * The first line is taken at once and has "first_sample": true. The streamer
 * keeps nothing of the caller's but out_fd and stderr: every other inherited
 * fd is closed in it (never in the caller), stdin and stdout are /dev/null,
 * so a pipe the caller closes is not held open by it. It ignores SIGINT,
 * SIGHUP and SIGQUIT, which a terminal sends to the whole process group and
 * the supervisor handles; on SIGTERM (or the supervisor's death) it writes
 * one last sample and exits 0: stopped after the task ended but while the
 * cgroup is still held, that sample has the final counters. A cgroup that
 * vanishes ends it quietly with 0; a failed write ends it with 1, silently.
 *
 * -ENOENT when task_cgroup does not exist (checked before the fork, so the
 * caller can log it), -EBADF for an out_fd that is not open, -EINVAL for an
 * invalid id, path, interval or fd. */
int task_stats_stream_start(const char *id, const char *task_cgroup, uint64_t interval_usec, int out_fd,
                            pid_t *ret_pid);

/* SIGTERM, then reap: after 2 s without an exit, SIGKILL. pid <= 0 does nothing. */
void task_stats_stream_stop(pid_t pid);
