/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/sched.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/env-util.h"
#include "basic/log.h"
#include "basic/macro.h"
#include "basic/parse-util.h"
#include "task/exit-status.h"
#include "task/task-plan.h"
#include "task/user-lookup.h"

#define TASK_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static int probe_regular(const char *host_path, void *userdata) {
        struct stat st;

        if (stat(host_path, &st) < 0)
                return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
        return S_ISREG(st.st_mode) ? 1 : -EACCES;
}

/* What "all" can mean here: the capabilities the running kernel knows that
 * are still in taskscope's own bounding set (a container may lack some). */
static uint64_t caps_we_can_give(void) {
        uint64_t mask = 0;

        for (int cap = 0; cap < 64; cap++) {
                int r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
                if (r < 0)
                        break; /* EINVAL past the kernel's last capability */
                if (r > 0)
                        mask |= UINT64_C(1) << cap;
        }
        return mask;
}

/* With --root the task gets exactly PATH, HOME, USER and --env; without it,
 * the launcher's environment with --env on top, as systemd-run does. */
static int build_env(const RunSpec *spec, const char *user, const char *home, TaskPlan *p) {
        const IsolationSpec *iso = &spec->isolation;
        char **env = calloc(1, sizeof(char *)), buf[4096];
        size_t n = 0;
        int r = 0;

        if (!env)
                return -ENOMEM;
        if (iso->root) {
                r = env_set(&env, &n, "PATH=" TASK_DEFAULT_PATH);
                snprintf(buf, sizeof(buf), "HOME=%s", home ?: (user && strcmp(user, "root") != 0 ? "/" : "/root"));
                if (r >= 0)
                        r = env_set(&env, &n, buf);
                snprintf(buf, sizeof(buf), "USER=%s", user ?: "root");
                if (r >= 0)
                        r = env_set(&env, &n, buf);
        } else {
                if (iso->n_env == 0 && !iso->user) {
                        free(env);
                        return 0; /* inherit as is */
                }
                for (char **e = environ; r >= 0 && *e; e++)
                        r = env_set(&env, &n, *e);
                if (r >= 0 && user) {
                        snprintf(buf, sizeof(buf), "USER=%s", user);
                        r = env_set(&env, &n, buf);
                }
                if (r >= 0 && home) {
                        snprintf(buf, sizeof(buf), "HOME=%s", home);
                        r = env_set(&env, &n, buf);
                }
        }
        for (size_t i = 0; r >= 0 && i < iso->n_env; i++)
                r = env_set(&env, &n, iso->env[i]);
        p->envp = env;
        p->child.envp = env;
        return r;
}

static int build_devices(const RunSpec *spec, TaskPlan *p) {
        const LimitsSpec *l = &spec->limits;

        if (l->n_devices == 0)
                return 0;
        p->devices = calloc(l->n_devices, sizeof(DeviceNode));
        if (!p->devices)
                return -ENOMEM;
        for (size_t i = 0; i < l->n_devices; i++) {
                static const char *const defaults[] = { "/dev/null", "/dev/zero", "/dev/full", "/dev/random",
                                                        "/dev/urandom", "/dev/tty" };
                bool is_default = false;
                struct stat st;

                /* The default nodes are there anyway; the cgroup side still applies. */
                for (size_t k = 0; k < ELEMENTSOF(defaults); k++)
                        is_default |= strcmp(l->devices[i].task, defaults[k]) == 0;
                if (is_default)
                        continue;

                if (stat(l->devices[i].host, &st) < 0)
                        return log_error_errno(-errno, "cannot stat device %s", l->devices[i].host);
                p->devices[p->n_devices] = (DeviceNode) {
                        .task = strdup(l->devices[i].task),
                        .mode = (st.st_mode & S_IFMT) | 0666,
                        .rdev = st.st_rdev,
                };
                if (!p->devices[p->n_devices].task)
                        return -ENOMEM;
                p->n_devices++;
        }
        return 0;
}

/* Opened here, by the supervisor, so a bad path fails before anything
 * exists; appended to, as a log is; a FIFO blocks until it has a reader. */
static int open_output(const char *path, const char *opt, int *ret_fd) {
        int fd;

        if (!path)
                return 0;
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0644);
        if (fd < 0) {
                log_error("invalid value '%s' for %s: %m", path, opt);
                return -EINVAL;
        }
        *ret_fd = fd;
        return 0;
}

int task_plan_build(const RunSpec *spec, TaskPlan *ret, int *ret_exit) {
        const IsolationSpec *iso = &spec->isolation;
        _cleanup_free_ char *user_name = NULL, *home = NULL;
        TaskPlan p = { .netns_fd = -1, .stdout_fd = -1, .stderr_fd = -1 };
        int r;

        *ret_exit = EXIT_LAUNCHER;
        p.child = (ChildPlan) {
                .argv = spec->argv,
                .enter_task_subgroup = true,
                .reset_oom_score_adj = true,
                .netns_fd = -1,
                .stdout_fd = -1,
                .stderr_fd = -1,
        };

        r = open_output(spec->stdout_path, "--stdout", &p.stdout_fd);
        if (r >= 0)
                r = open_output(spec->stderr_path, "--stderr", &p.stderr_fd);
        if (r < 0)
                goto fail;
        /* Detached, an output not sent anywhere is dropped: the caller's
         * terminal or pipe is not the task's to hold. */
        if (spec->detach && !spec->journal) {
                if (p.stdout_fd < 0)
                        p.stdout_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
                if (p.stderr_fd < 0)
                        p.stderr_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
                if (p.stdout_fd < 0 || p.stderr_fd < 0) {
                        r = log_error_errno(-errno, "cannot open /dev/null");
                        goto fail;
                }
        }
        p.child.stdout_fd = p.stdout_fd;
        p.child.stderr_fd = p.stderr_fd;
        if (spec->journal) {
                const char *slash = strrchr(spec->argv[0], '/');

                p.journal_identifier = strdup(slash ? slash + 1 : spec->argv[0]);
                if (!p.journal_identifier) {
                        r = -ENOMEM;
                        goto fail;
                }
                p.child.journal_identifier = p.journal_identifier;
        }

        if (iso->user) {
                TaskUser u;

                r = task_user_resolve(iso->user, "--user", &u);
                if (r < 0)
                        goto fail;
                p.child.uid = u.uid;
                p.child.gid = u.gid;
                p.groups = TAKE_PTR(u.groups);
                p.child.groups = p.groups;
                p.child.n_groups = u.n_groups;
                p.child.switch_user = true;
                user_name = TAKE_PTR(u.name);
                home = TAKE_PTR(u.home);
                task_user_done(&u);
        }

        if (iso->root) {
                MountPlanInput in = {
                        .private_pid = isolation_pid_private(iso),
                        .private_ipc = isolation_ipc_private(iso),
                        .binds = iso->binds,
                        .n_binds = iso->n_binds,
                };

                r = build_devices(spec, &p);
                if (r < 0)
                        goto fail;
                in.devices = p.devices;
                in.n_devices = p.n_devices;
                r = mount_plan_build(&in, &p.mounts, &p.n_mounts);
                if (r < 0) {
                        log_error_errno(r, "cannot plan the task's mounts");
                        goto fail;
                }
                p.child.root = iso->root;
                p.child.pivot_root = !iso->no_pivot_root;
                p.child.mounts = p.mounts;
                p.child.n_mounts = p.n_mounts;
                p.child.new_session = true;
                p.child.no_new_privs = !iso->allow_new_privileges;
                p.child.cwd = iso->cwd ?: "/";

                r = exec_lookup(iso->root, spec->argv[0], iso->binds, iso->n_binds, probe_regular, NULL, &p.exec_path);
                if (r < 0) {
                        log_error_errno(r, "cannot find '%s' in the task's root %s", spec->argv[0], iso->root);
                        *ret_exit = r == -ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE;
                        goto fail;
                }
                p.child.exec_path = p.exec_path;
        } else
                p.child.cwd = iso->cwd;

        p.child.namespaces = isolation_namespace_flags(iso);
        p.child.init = isolation_pid_private(iso);
        p.child.hostname = iso->hostname;
        if (iso->netns) {
                p.netns_fd = open(iso->netns, O_RDONLY | O_CLOEXEC);
                if (p.netns_fd < 0) {
                        r = log_error_errno(-errno, "cannot open network namespace %s", iso->netns);
                        goto fail;
                }
                p.child.join_netns = true;
                p.child.netns_fd = p.netns_fd;
        }

        if (iso->root || iso->cap_add || iso->cap_drop || iso->cap_add_all || iso->cap_drop_all) {
                CapsInput in = {
                        .add = iso->cap_add,
                        .drop = iso->cap_drop,
                        .add_all = iso->cap_add_all,
                        .drop_all = iso->cap_drop_all,
                        .root = !p.child.switch_user || p.child.uid == 0,
                        .all_caps = caps_we_can_give(),
                };
                caps_plan_build(&in, &p.child.caps);
                p.child.set_caps = true;
        }
        p.child.pty = iso->pty;
        p.child.rlimits = iso->rlimits;
        p.child.n_rlimits = iso->n_rlimits;

        r = build_env(spec, user_name, home, &p);
        if (r < 0) {
                log_error_errno(r, "cannot build the task's environment");
                goto fail;
        }

        *ret = p;
        return 0;
fail:
        task_plan_done(&p);
        return r < 0 ? r : -EINVAL;
}

void task_plan_done(TaskPlan *p) {
        mount_ops_free(p->mounts, p->n_mounts);
        for (size_t i = 0; i < p->n_devices; i++)
                free(p->devices[i].task);
        free(p->devices);
        free(p->groups);
        for (char **e = p->envp; e && *e; e++)
                free(*e);
        free(p->envp);
        free(p->exec_path);
        safe_close(p->netns_fd);
        safe_close(p->stdout_fd);
        safe_close(p->stderr_fd);
        free(p->journal_identifier);
        *p = (TaskPlan) { .netns_fd = -1, .stdout_fd = -1, .stderr_fd = -1 };
}

void task_plan_log_child_error(const TaskPlan *p, const ChildReport *rep) {
        int err = -rep->err;

        switch (rep->step) {
        case CHILD_STEP_MOUNT:
                if (rep->detail >= 0 && (size_t) rep->detail < p->n_mounts) {
                        const MountOp *op = &p->mounts[rep->detail];

                        if (op->kind == MOUNT_KIND_BIND)
                                log_error_errno(err, "cannot bind %s to %s", op->source, op->target);
                        else
                                log_error_errno(err, "cannot set up %s (%s)", op->target, mount_kind_to_string(op->kind));
                } else
                        log_error_errno(err, "cannot switch to the task's root %s", p->child.root);
                return;
        case CHILD_STEP_NETNS:
                log_error_errno(err, "cannot join the network namespace");
                return;
        case CHILD_STEP_USER:
                log_error_errno(err, "cannot switch to uid %u gid %u", (unsigned) p->child.uid, (unsigned) p->child.gid);
                return;
        case CHILD_STEP_JOURNAL:
                log_error_errno(err, "cannot connect the task's output to journald");
                return;
        case CHILD_STEP_CWD:
                log_error_errno(err, "cannot change to the working directory %s", p->child.cwd);
                return;
        case CHILD_STEP_RLIMIT:
                log_error_errno(err, "cannot set resource limit #%d", rep->detail + 1);
                return;
        case CHILD_STEP_EXEC:
                log_error_errno(err, "cannot execute '%s'", p->child.exec_path ?: p->child.argv[0]);
                return;
        default:
                log_error_errno(err, "cannot set up the task (step %s)", child_step_to_string(rep->step));
        }
}
