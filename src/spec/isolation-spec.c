/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <linux/sched.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/log.h"
#include "basic/macro.h"
#include "basic/parse-util.h"
#include "spec/isolation-spec.h"

static const struct {
        const char *name;
        int resource;
} rlimit_names[] = {
        { "as", RLIMIT_AS },           { "core", RLIMIT_CORE },       { "cpu", RLIMIT_CPU },
        { "data", RLIMIT_DATA },       { "fsize", RLIMIT_FSIZE },     { "locks", RLIMIT_LOCKS },
        { "memlock", RLIMIT_MEMLOCK }, { "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
        { "nofile", RLIMIT_NOFILE },   { "nproc", RLIMIT_NPROC },     { "rss", RLIMIT_RSS },
        { "rtprio", RLIMIT_RTPRIO },   { "rttime", RLIMIT_RTTIME },   { "sigpending", RLIMIT_SIGPENDING },
        { "stack", RLIMIT_STACK },
};

int rlimit_from_string(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(rlimit_names); i++)
                if (strcmp(rlimit_names[i].name, name) == 0)
                        return rlimit_names[i].resource;
        return -EINVAL;
}

static int bad(const char *opt, const char *value, const char *expected) {
        log_error("invalid value '%s' for --%s: expected %s", value, opt, expected);
        return -EINVAL;
}

static bool path_is_clean_absolute(const char *p) {
        if (p[0] != '/')
                return false;
        /* no ".." component anywhere */
        for (const char *s = p; (s = strstr(s, "..")); s += 2)
                if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
                        return false;
        return true;
}

static int apply_mode(const char *opt, const char *value, NamespaceMode *ret) {
        if (strcmp(value, "private") == 0)
                *ret = NS_MODE_PRIVATE;
        else if (strcmp(value, "host") == 0)
                *ret = NS_MODE_HOST;
        else
                return bad(opt, value, "private or host");
        return 0;
}

static int apply_mount(IsolationSpec *s, const char *value) {
        _cleanup_free_ char *copy = strdup(value);
        char *host, *task, *opts, *tok, *save = NULL;
        BindSpec b = { .propagation = PROPAGATION_PRIVATE }, *nb;
        bool propagation_set = false;
        struct stat st;

        if (!copy)
                return -ENOMEM;
        host = copy;
        task = strchr(host, ':');
        if (!task)
                return bad("mount", value, "HOST:TASK[:OPTS]");
        *task++ = '\0';
        opts = strchr(task, ':');
        if (opts)
                *opts++ = '\0';
        if (!path_is_clean_absolute(host) || !path_is_clean_absolute(task))
                return bad("mount", value, "absolute HOST and TASK paths without '..'");
        if (strcmp(task, "/") == 0)
                return bad("mount", value, "a TASK path other than /");
        for (tok = opts ? strtok_r(opts, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
                int p;

                if (strcmp(tok, "ro") == 0) {
                        b.read_only = true;
                        continue;
                }
                p = propagation_from_string(tok);
                if (p < 0 || propagation_set)
                        return bad("mount", value, "OPTS of ro and one of private, host-to-task, bidirectional");
                b.propagation = (Propagation) p;
                propagation_set = true;
        }
        if (stat(host, &st) < 0) {
                log_error("invalid value '%s' for --mount: %s: %m", value, host);
                return -EINVAL;
        }

        nb = realloc(s->binds, (s->n_binds + 1) * sizeof(BindSpec));
        if (!nb)
                return -ENOMEM;
        s->binds = nb;
        b.host = strdup(host);
        b.task = strdup(task);
        if (!b.host || !b.task) {
                free(b.host);
                free(b.task);
                return -ENOMEM;
        }
        s->binds[s->n_binds++] = b;
        return 0;
}

static int apply_rlimit(IsolationSpec *s, const char *value) {
        _cleanup_free_ char *copy = strdup(value);
        char *eq, *colon;
        RlimitSetting r = {}, *nr;
        uint64_t soft, hard;
        int res;

        if (!copy)
                return -ENOMEM;
        eq = strchr(copy, '=');
        if (!eq)
                return bad("rlimit", value, "NAME=SOFT[:HARD]");
        *eq++ = '\0';
        res = rlimit_from_string(copy);
        if (res < 0)
                return bad("rlimit", value, "a NAME among as, core, cpu, data, fsize, locks, memlock, msgqueue, "
                                            "nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack");
        colon = strchr(eq, ':');
        if (colon)
                *colon++ = '\0';
#define PARSE_LIMIT(str, out) \
        (strcmp((str), "infinity") == 0 ? ((out) = RLIM_INFINITY, 0) : parse_uint64((str), &(out)))
        if (PARSE_LIMIT(eq, soft) < 0 || (colon && PARSE_LIMIT(colon, hard) < 0))
                return bad("rlimit", value, "SOFT and HARD as numbers or 'infinity'");
#undef PARSE_LIMIT
        if (!colon)
                hard = soft;
        if (soft > hard)
                return bad("rlimit", value, "SOFT no higher than HARD");
        r.resource = res;
        r.limit.rlim_cur = soft;
        r.limit.rlim_max = hard;
        nr = realloc(s->rlimits, (s->n_rlimits + 1) * sizeof(RlimitSetting));
        if (!nr)
                return -ENOMEM;
        s->rlimits = nr;
        s->rlimits[s->n_rlimits++] = r;
        return 0;
}

static bool hostname_is_valid(const char *h) {
        size_t n = strlen(h);

        if (n == 0 || n > 63 || h[0] == '-' || h[0] == '.')
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= 'A' && h[i] <= 'Z') || (h[i] >= '0' && h[i] <= '9') ||
                      h[i] == '-' || h[i] == '.'))
                        return false;
        return true;
}

int isolation_spec_apply(IsolationSpec *s, int opt, const char *value) {
        const char **ne;
        struct stat st;
        int r;

        switch (opt) {
        case ISOLATION_OPT_ROOT:
                if (!path_is_clean_absolute(value))
                        return bad("root", value, "an absolute path without '..'");
                if (stat(value, &st) < 0) {
                        log_error("invalid value '%s' for --root: %m", value);
                        return -EINVAL;
                }
                if (!S_ISDIR(st.st_mode))
                        return bad("root", value, "a directory");
                s->root = value;
                return 0;
        case ISOLATION_OPT_NO_PIVOT_ROOT:
                s->no_pivot_root = true;
                return 0;
        case ISOLATION_OPT_PID_MODE:
                return apply_mode("pid-mode", value, &s->pid_mode);
        case ISOLATION_OPT_IPC_MODE:
                return apply_mode("ipc-mode", value, &s->ipc_mode);
        case ISOLATION_OPT_NETNS:
                if (stat(value, &st) < 0) {
                        log_error("invalid value '%s' for --netns: %m", value);
                        return -EINVAL;
                }
                s->netns = value;
                return 0;
        case ISOLATION_OPT_HOSTNAME:
                if (!hostname_is_valid(value))
                        return bad("hostname", value, "1 to 63 letters, digits, '-' and '.'");
                s->hostname = value;
                return 0;
        case ISOLATION_OPT_MOUNT:
                return apply_mount(s, value);
        case ISOLATION_OPT_USER:
                if (!value[0] || value[0] == ':')
                        return bad("user", value, "USER[:GROUP]");
                s->user = value;
                return 0;
        case ISOLATION_OPT_ENV:
                if (!strchr(value, '=') || value[0] == '=')
                        return bad("env", value, "NAME=VALUE");
                ne = realloc(s->env, (s->n_env + 1) * sizeof(char *));
                if (!ne)
                        return -ENOMEM;
                s->env = ne;
                s->env[s->n_env++] = value;
                return 0;
        case ISOLATION_OPT_CWD:
                if (!path_is_clean_absolute(value))
                        return bad("cwd", value, "an absolute path without '..'");
                s->cwd = value;
                return 0;
        case ISOLATION_OPT_CAP_ADD:
        case ISOLATION_OPT_CAP_DROP: {
                uint64_t mask;
                bool all = false;

                r = caps_parse_list(value, &mask, &all);
                if (r < 0)
                        return bad(opt == ISOLATION_OPT_CAP_ADD ? "cap-add" : "cap-drop", value,
                                   "capability names like net_raw,sys_admin, or all");
                if (opt == ISOLATION_OPT_CAP_ADD) {
                        s->cap_add |= mask;
                        s->cap_add_all |= all;
                } else {
                        s->cap_drop |= mask;
                        s->cap_drop_all |= all;
                }
                return 0;
        }
        case ISOLATION_OPT_ALLOW_NEW_PRIVILEGES:
                s->allow_new_privileges = true;
                return 0;
        case ISOLATION_OPT_RLIMIT:
                return apply_rlimit(s, value);
        case ISOLATION_OPT_PTY:
                s->pty = true;
                return 0;
        }
        return -EINVAL;
}

bool isolation_pid_private(const IsolationSpec *s) {
        return s->pid_mode == NS_MODE_PRIVATE || (s->pid_mode == NS_MODE_DEFAULT && s->root);
}

bool isolation_ipc_private(const IsolationSpec *s) {
        return s->ipc_mode == NS_MODE_PRIVATE || (s->ipc_mode == NS_MODE_DEFAULT && s->root);
}

int isolation_namespace_flags(const IsolationSpec *s) {
        int flags = 0;

        if (s->root)
                flags |= CLONE_NEWNS;
        if (isolation_pid_private(s))
                flags |= CLONE_NEWPID;
        if (isolation_ipc_private(s))
                flags |= CLONE_NEWIPC;
        if (s->hostname)
                flags |= CLONE_NEWUTS;
        return flags;
}

int isolation_spec_validate(const IsolationSpec *s) {
        if (!s->root) {
                /* Without a new root there is nowhere to put these. */
                if (s->no_pivot_root) {
                        log_error("--no-pivot-root needs --root");
                        return -EINVAL;
                }
                if (s->n_binds) {
                        log_error("--mount needs --root: without it the task sees the host's filesystem");
                        return -EINVAL;
                }
                if (s->pid_mode == NS_MODE_PRIVATE) {
                        log_error("--pid-mode private needs --root (the task needs a /proc of its own)");
                        return -EINVAL;
                }
        }
        return 0;
}

void isolation_spec_done(IsolationSpec *s) {
        for (size_t i = 0; i < s->n_binds; i++) {
                free(s->binds[i].host);
                free(s->binds[i].task);
        }
        free(s->binds);
        free(s->env);
        free(s->rlimits);
        *s = (IsolationSpec) {};
}
