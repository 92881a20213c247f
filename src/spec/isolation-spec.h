/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "plan/isolation-plan.h"

/* The isolation options of `taskscope run`, as given and checked. */
typedef enum NamespaceMode {
        NS_MODE_DEFAULT, /* private with --root, host without */
        NS_MODE_PRIVATE,
        NS_MODE_HOST,
} NamespaceMode;

typedef struct IsolationSpec {
        const char *root;
        bool no_pivot_root;
        NamespaceMode pid_mode, ipc_mode;
        const char *netns;
        const char *hostname;
        BindSpec *binds;
        size_t n_binds;
        const char *user;     /* USER[:GROUP], names or numbers */
        const char **env;     /* NAME=VALUE, in order; later wins */
        size_t n_env;
        const char *cwd;
        uint64_t cap_add, cap_drop;
        bool cap_add_all, cap_drop_all;
        bool allow_new_privileges;
        bool pty;
        RlimitSetting *rlimits;
        size_t n_rlimits;
} IsolationSpec;

#define ISOLATION_OPT_BASE 0x300
enum {
        ISOLATION_OPT_ROOT = ISOLATION_OPT_BASE,
        ISOLATION_OPT_NO_PIVOT_ROOT,
        ISOLATION_OPT_PID_MODE,
        ISOLATION_OPT_IPC_MODE,
        ISOLATION_OPT_NETNS,
        ISOLATION_OPT_HOSTNAME,
        ISOLATION_OPT_MOUNT,
        ISOLATION_OPT_USER,
        ISOLATION_OPT_ENV,
        ISOLATION_OPT_CWD,
        ISOLATION_OPT_CAP_ADD,
        ISOLATION_OPT_CAP_DROP,
        ISOLATION_OPT_ALLOW_NEW_PRIVILEGES,
        ISOLATION_OPT_RLIMIT,
        ISOLATION_OPT_PTY, /* also -t */
        _ISOLATION_OPT_END,
};

#define ISOLATION_LONG_OPTIONS                                                                  \
        { "root", required_argument, NULL, ISOLATION_OPT_ROOT },                               \
        { "no-pivot-root", no_argument, NULL, ISOLATION_OPT_NO_PIVOT_ROOT },                   \
        { "pid-mode", required_argument, NULL, ISOLATION_OPT_PID_MODE },                       \
        { "ipc-mode", required_argument, NULL, ISOLATION_OPT_IPC_MODE },                       \
        { "netns", required_argument, NULL, ISOLATION_OPT_NETNS },                             \
        { "hostname", required_argument, NULL, ISOLATION_OPT_HOSTNAME },                       \
        { "mount", required_argument, NULL, ISOLATION_OPT_MOUNT },                             \
        { "user", required_argument, NULL, ISOLATION_OPT_USER },                               \
        { "env", required_argument, NULL, ISOLATION_OPT_ENV },                                 \
        { "cwd", required_argument, NULL, ISOLATION_OPT_CWD },                                 \
        { "cap-add", required_argument, NULL, ISOLATION_OPT_CAP_ADD },                         \
        { "cap-drop", required_argument, NULL, ISOLATION_OPT_CAP_DROP },                       \
        { "allow-new-privileges", no_argument, NULL, ISOLATION_OPT_ALLOW_NEW_PRIVILEGES },     \
        { "rlimit", required_argument, NULL, ISOLATION_OPT_RLIMIT },                           \
        { "pty", no_argument, NULL, ISOLATION_OPT_PTY }

#define ISOLATION_HELP                                                                           \
        "Isolation:\n"                                                                           \
        "      --root DIR          the task's root: private mount namespace, pivot_root into DIR\n" \
        "      --no-pivot-root     move DIR onto / and chroot (for an initramfs root)\n"          \
        "      --pid-mode MODE     private or host (default: private with --root)\n"           \
        "      --ipc-mode MODE     private or host (default: private with --root)\n"           \
        "      --netns PATH        join this network namespace (e.g. /run/netns/NAME)\n"       \
        "      --hostname NAME     a private UTS namespace with this host name\n"              \
        "      --mount HOST:TASK[:OPTS]  bind HOST at TASK; OPTS: ro, and private (default),\n" \
        "                          host-to-task or bidirectional\n"                             \
        "      --user USER[:GROUP] run as this user (names from the host, or numbers)\n"      \
        "      --env NAME=VALUE    set a variable; the task gets only these, PATH, HOME, USER\n" \
        "      --cwd DIR           working directory inside the root (default /)\n"           \
        "      --cap-add CAPS      add capabilities (comma list, or all)\n"                  \
        "      --cap-drop CAPS     drop capabilities (comma list, or all)\n"                 \
        "      --allow-new-privileges  do not set no_new_privs\n"                            \
        "      --rlimit NAME=SOFT[:HARD]  a resource limit (nofile, nproc, core, ...)\n"          \
        "  -t, --pty               give the task a terminal of its own, relayed to this one\n"

/* Apply one ISOLATION_OPT_* option. Logs one line naming the bad value. */
int isolation_spec_apply(IsolationSpec *s, int opt, const char *value);

/* Checks across options, once all are read. */
int isolation_spec_validate(const IsolationSpec *s);

/* Effective modes. */
bool isolation_pid_private(const IsolationSpec *s);
bool isolation_ipc_private(const IsolationSpec *s);

/* The CLONE_NEW* flags the task's first process is created with: a mount
 * namespace with --root, pid and ipc as their modes say, uts with --hostname.
 * (The network namespace is joined, not created.) */
int isolation_namespace_flags(const IsolationSpec *s);

/* "nofile" -> RLIMIT_NOFILE; -EINVAL if unknown. */
int rlimit_from_string(const char *name);

void isolation_spec_done(IsolationSpec *s);
