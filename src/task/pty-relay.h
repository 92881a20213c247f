/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sys/types.h>

/* Relay between the caller's stdin/stdout and the master of the task's pty,
 * like systemd-run --pty: the caller's terminal (if stdin is one) goes raw
 * and is restored on return, its window size follows SIGWINCH, SIGTERM and
 * SIGHUP to taskscope are passed to the task (Ctrl-C reaches it as a byte on
 * its own terminal). Returns when the task has ended and its output is
 * drained, with its wait status in *ret_status. Takes ownership of master. */
int pty_relay_run(int master, pid_t pid, int *ret_status);
