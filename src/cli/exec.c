/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic/env-util.h"
#include "basic/json-util.h"
#include "basic/log.h"
#include "basic/utf8.h"
#include "cli/verbs.h"
#include "spec/exec-spec.h"
#include "spec/task-id.h"
#include "task/exec-session.h"
#include "task/exit-record.h"
#include "task/exit-status.h"
#include "task/state.h"
#include "task/user-lookup.h"

#define EXIT_TIMEOUT 124 /* as timeout(1) */

/* What the command gets to be the task's: from the task's state, with the
 * exec's --env and --user on top. */
typedef struct ExecPlan {
        ChildPlan child;
        char **envp;
        TaskUser user;
} ExecPlan;

static int exec_plan_build(const ExecSpec *spec, const TaskState *st, ExecPlan *ret) {
        ExecPlan p = {};
        size_t n = 0;
        int r;

        r = task_state_read_env(st->id, &p.envp);
        if (r < 0)
                return log_error_errno(r, "cannot read the environment of task '%s'", st->id);
        while (p.envp[n])
                n++;
        for (size_t i = 0; i < spec->n_env; i++) {
                r = env_set(&p.envp, &n, spec->env[i]);
                if (r < 0) {
                        strv_free(p.envp);
                        return log_error_errno(r, "cannot build the environment");
                }
        }

        p.child = (ChildPlan) {
                .argv = spec->argv,
                .envp = p.envp,
                .cwd = st->cwd,
                /* Never the caller's terminal as the command's own. */
                .new_session = true,
                .pty = spec->tty,
                .switch_user = st->switch_user,
                .uid = st->uid,
                .gid = st->gid,
                .groups = st->groups,
                .n_groups = st->n_groups,
                .set_caps = st->set_caps,
                .caps = st->caps,
                .no_new_privs = st->no_new_privs,
                .stdout_fd = -1,
                .stderr_fd = -1,
                .netns_fd = -1,
        };
        if (spec->user) {
                r = task_user_resolve(spec->user, "--user", &p.user);
                if (r < 0) {
                        strv_free(p.envp);
                        return r;
                }
                p.child.switch_user = true;
                p.child.uid = p.user.uid;
                p.child.gid = p.user.gid;
                p.child.groups = p.user.groups;
                p.child.n_groups = p.user.n_groups;
        }
        *ret = p;
        return 0;
}

static void exec_plan_done(ExecPlan *p) {
        strv_free(p->envp);
        task_user_done(&p->user);
}

static void exec_log_step(const ExecSpec *spec, const ExecResult *res) {
        int err = res->report.err;

        switch (res->report.step) {
        case CHILD_STEP_EXEC:
                log_error_errno(-err, "cannot execute '%s' in task '%s'", spec->argv[0], spec->id);
                break;
        case CHILD_STEP_JOIN:
                log_error_errno(-err, "cannot enter the namespaces of task '%s'", spec->id);
                break;
        case CHILD_STEP_ENTER_ROOT:
                log_error_errno(-err, "cannot enter the root of task '%s'", spec->id);
                break;
        case CHILD_STEP_CWD:
                log_error_errno(-err, "cannot change to the task's directory");
                break;
        default:
                log_error_errno(-err, "cannot set up the exec in task '%s' (step %s)", spec->id,
                                child_step_to_string(res->report.step));
        }
}

static int exec_print_json(const ExecResult *res, int code) {
        _cleanup_json_ json_object *j = json_object_new_object();
        _cleanup_free_ char *text = NULL;

        if (!j)
                return -ENOMEM;
        text = strndup(res->output.data ?: "", res->output.len);
        if (!text)
                return -ENOMEM;
        /* JSON strings are UTF-8: a cut multi-byte sequence is replaced. */
        utf8_sanitize_truncate(text, strlen(text));
        json_object_object_add(j, "exit_code", res->timed_out ? NULL : json_object_new_int(code));
        json_object_object_add(j, "timed_out", json_object_new_boolean(res->timed_out));
        json_object_object_add(j, "output", json_object_new_string(text));
        json_object_object_add(j, "output_bytes", json_object_new_uint64(res->output.total));
        printf("%s\n", json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        return 0;
}

int verb_exec(int argc, char **argv) {
        char exec_id[TASK_ID_GENERATED_LEN + 1];
        ExecResult res = {};
        ExecSpec spec;
        ExecPlan plan;
        TaskState st;
        int r, code;

        r = exec_spec_parse(argc, argv, &spec);
        if (r != 0)
                return r > 0 ? 0 : EXIT_LAUNCHER;

        /* The task must not reach taskscope through /proc/PID/exe or fd
         * (runc's CVE-2019-5736): non-dumpable before anything is joined. */
        (void) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

        r = task_state_read(spec.id, &st);
        if (r < 0) {
                if (r == -ENOENT)
                        log_error("task '%s' is not running", spec.id);
                else
                        log_error_errno(r, "cannot read the state of task '%s'", spec.id);
                exec_spec_done(&spec);
                return EXIT_LAUNCHER;
        }
        r = exec_plan_build(&spec, &st, &plan);
        if (r < 0) {
                task_state_done(&st);
                exec_spec_done(&spec);
                return EXIT_LAUNCHER;
        }
        if (task_id_generate(exec_id, sizeof(exec_id)) < 0)
                strcpy(exec_id, "unknown");

        r = task_exec_run(&st, &plan.child, &(ExecSessionOptions) {
                .timeout_usec = spec.timeout_usec,
                .capture_limit = spec.json ? spec.capture_limit : 0,
                .stdin_null = !spec.interactive,
                .exec_id = exec_id,
        }, &res);
        if (r == -ESRCH) {
                log_error("task '%s' is not running", spec.id);
                code = EXIT_LAUNCHER;
        } else if (r < 0) {
                log_error_errno(r, "cannot exec in task '%s'", spec.id);
                code = EXIT_LAUNCHER;
        } else if (!res.started) {
                exec_log_step(&spec, &res);
                code = res.report.step == CHILD_STEP_EXEC ? exit_code_from_exec_errno(res.report.err) : EXIT_LAUNCHER;
        } else {
                code = res.timed_out ? EXIT_TIMEOUT : exit_code_from_wait_status(res.status);
                if (spec.json && exec_print_json(&res, code) < 0)
                        code = EXIT_LAUNCHER;
                if (res.timed_out)
                        log_error("exec in task '%s' timed out; every process of it was killed", spec.id);
        }
        exec_result_done(&res);
        exec_plan_done(&plan);
        task_state_done(&st);
        exec_spec_done(&spec);
        return code;
}
