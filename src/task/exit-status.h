/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The codes `taskscope run` exits with when the task itself did not decide,
 * as in env(1), chroot(1), podman and docker. */
#define EXIT_LAUNCHER 125       /* taskscope failed: bad input, systemd refused... */
#define EXIT_CANNOT_EXECUTE 126 /* found but not executable */
#define EXIT_NOT_FOUND 127      /* no such command */

/* The task's exit code, or 128+N when signal N killed it (as a shell says). */
int exit_code_from_wait_status(int status);

/* What an execve() failure with errno err means for the caller. */
int exit_code_from_exec_errno(int err);
