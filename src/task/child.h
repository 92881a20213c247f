/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "basic/macro.h"
#include "plan/isolation-plan.h"

/* The forked child never logs: when a step fails it sends {step, errno} to
 * the parent over a close-on-exec socket and exits; the parent reports it.
 * EOF without a report means the exec succeeded. */
typedef enum ChildStep {
        CHILD_STEP_WAIT_RELEASE,
        CHILD_STEP_CGROUP_FIND,
        CHILD_STEP_CGROUP_MOVE,
        CHILD_STEP_CGROUP_ENABLE,
        CHILD_STEP_OOM_SCORE_ADJ,
        CHILD_STEP_JOURNAL,
        CHILD_STEP_STDIO,
        CHILD_STEP_NETNS,
        CHILD_STEP_HOSTNAME,
        CHILD_STEP_MOUNT,       /* detail: the mount op's index, or -1 for the root switch */
        CHILD_STEP_INIT_FORK,
        CHILD_STEP_SESSION,
        CHILD_STEP_PTY,         /* with err 0 and an fd attached: the pty's master, not a failure */
        CHILD_STEP_RLIMIT,      /* detail: index in the plan's rlimits */
        CHILD_STEP_CAPS_BOUNDING,
        CHILD_STEP_USER,
        CHILD_STEP_CAPS,
        CHILD_STEP_NO_NEW_PRIVS,
        CHILD_STEP_CWD,
        CHILD_STEP_CLOSE_FDS,
        CHILD_STEP_EXEC,
        CHILD_STEP_JOIN,        /* exec: setns() into the running task's namespaces */
        CHILD_STEP_ENTER_ROOT,  /* exec: chroot into the task's root */
        CHILD_STEP_UNSHARE,     /* mount, ipc, uts namespaces (the pid one is made at clone) */
        _CHILD_STEP_MAX,
} ChildStep;

/* What the child does between its release and exec, in this order. Every
 * isolation field is optional: zero/NULL leaves that part as the caller's. */
typedef struct ChildPlan {
        char *const *argv;
        int stdout_fd, stderr_fd; /* fds above 2 are dup'ed to 1 and 2 before exec; others keep them */
        const char *journal_identifier; /* non-NULL: stdout and stderr become journald streams,
                                         * opened from inside the scope so journald files every
                                         * line under the task's unit */
        bool enter_task_subgroup; /* move into <scope>/task, pass controllers down */
        const char *scope_cgroup; /* the scope's cgroup below /sys/fs/cgroup, for that */
        bool reset_oom_score_adj; /* 0, not the launcher's */

        int namespaces;           /* CLONE_NEW* flags: pid at creation, the others unshared */
        bool join_netns;
        int netns_fd;             /* joined after release, when join_netns */
        const char *hostname;     /* with CLONE_NEWUTS */
        const char *root;         /* new root, built from mounts */
        bool pivot_root;          /* else MS_MOVE + chroot */
        const MountOp *mounts;
        size_t n_mounts;
        bool init;                /* the child is PID 1 of a new pid ns: it runs init, the task is its child */
        bool new_session;         /* setsid(): the caller's terminal can never be the task's */
        bool pty;                 /* a pty of the task's own (its devpts): the slave is its stdio and
                                   * controlling terminal, the master goes to the supervisor */
        const RlimitSetting *rlimits;
        size_t n_rlimits;
        bool switch_user;
        uid_t uid;
        gid_t gid;
        const gid_t *groups;
        size_t n_groups;
        bool set_caps;
        CapabilitySets caps;
        bool no_new_privs;
        char *const *envp;        /* NULL: the launcher's environment */
        const char *cwd;          /* NULL: the launcher's */
        const char *exec_path;    /* the file to exec; NULL: argv[0] looked up in PATH */
} ChildPlan;

typedef struct ChildReport {
        int32_t step;
        int32_t err;    /* positive errno */
        int32_t detail; /* which op of the step, or -1 */
} ChildReport;

const char *child_step_to_string(ChildStep s);

/* A child that waits, before exec, until the parent releases it: by then
 * systemd has moved it into the scope, so the task never runs outside. It
 * builds the task's root meanwhile (not with a journal: see child_main); a
 * step that fails then is reported at once, and the child exits when it is
 * released, so the report is read as any other. */
typedef struct TaskChild {
        pid_t pid;
        int release_fd; /* parent writes one byte to release, closes to abort; with an
                         * init, kept after the release until task_child_let_init_exit() */
        int report_fd;  /* parent reads ChildReport, or EOF on exec (a socket: it carries the pty) */
        int pty_fd;     /* the master of the task's pty, once reported; -1 without */
        int status_fd;  /* with an init: it writes the task's wait status here before it exits */
        bool init;      /* the child is the init of a pid namespace */
} TaskChild;

#define TASK_CHILD_NULL \
        ((TaskChild) { .pid = 0, .release_fd = -1, .report_fd = -1, .pty_fd = -1, .status_fd = -1 })

int task_child_spawn(const ChildPlan *plan, TaskChild *ret);

/* The task's last steps in the calling process, from plan: signals reset,
 * session and pty, rlimits, bounding set, user, capabilities,
 * no_new_privs, cwd, fds closed on exec, environment, exec. Also what
 * `taskscope exec` runs inside a running task. A failed step is reported
 * on report_fd (and the pty's master sent on it), then _exit. */
_noreturn_ void task_child_exec(int report_fd, const ChildPlan *plan);
/* Report a failed step from a process that will not exec, and _exit. */
_noreturn_ void task_child_fail(int report_fd, ChildStep step, int r);

/* Let the child exec. */
int task_child_release(TaskChild *c);

/* With an init: once the task has ended, the init reports its status and
 * stays (keeping the scope populated) until this is called or the caller
 * dies. The holder can then be made after the release, while the task
 * starts, and still be in the scope before the init's end could empty it.
 * Without an init, nothing. */
void task_child_let_init_exit(TaskChild *c);

/* After release: 0 if the exec happened, 1 with *ret filled if a step failed.
 * A pty master sent on the way is kept in c->pty_fd. */
int task_child_read_report(TaskChild *c, ChildReport *ret);

/* Make the child exit without exec'ing, and reap it. */
void task_child_abort(TaskChild *c);

/* Reap the child (retrying on EINTR) and close what is left open. */
int task_child_wait(TaskChild *c, int *ret_status);

/* The task's own wait status, from the wait status of the child (already
 * reaped): with an init, the one the init reported, if it did. */
int task_child_task_status(TaskChild *c, int child_status);
