/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <signal.h>
#include <sys/types.h>

/* The minimal init that runs as PID 1 of a task's private pid namespace: it
 * forwards signals to the task, reaps whatever dies in the namespace, and
 * exits with the task's code. It does not kill what is left: when it exits
 * the kernel kills the rest of the namespace.
 *
 * Use, in the process that is PID 1 (or a child subreaper):
 *
 *      isolate_init_block_signals();     before forking the task, so no signal
 *                                        sent in between is lost or, outside a
 *                                        pid namespace, kills the init
 *      pid = fork();                     the task restores an empty mask and
 *                                        default dispositions before exec
 *      _exit(isolate_init_run(pid, NULL)); (EXIT_LAUNCHER if negative)
 *
 * Forwarded to the task: every signal but SIGKILL and SIGSTOP (which cannot
 * be caught), SIGCHLD (the init's own business: it reaps), and SIGTTIN and
 * SIGTTOU, which the init ignores. Those two say that a background process
 * touched the terminal; the kernel sends them to the process group that did,
 * so the task gets its own without help, and forwarding would stop a task
 * for what another process did. SIGTSTP, SIGCONT and SIGWINCH are forwarded:
 * someone asked for them and the task may not share the terminal's
 * foreground process group with the init. Synchronous signals (SIGSEGV...)
 * are forwarded too when sent with kill(); a real fault in the init still
 * kills it, as the kernel unblocks those to deliver them. */

/* Block every signal (sigfillset). 0 or a negative errno. */
int isolate_init_block_signals(void);

/* Forward signals to task_pid (a child of the caller) and reap every child,
 * orphans included, until task_pid has ended; then reap what else has
 * already ended and return the code to exit with: the task's exit code, or
 * 128+N when signal N killed it. A negative errno (-ECHILD: task_pid is not
 * a child) if it cannot. With ret_wait_status, the task's wait status too
 * (the exit code alone cannot tell exit(137) from SIGKILL). Never logs. */
int isolate_init_run(pid_t task_pid, int *ret_wait_status);
