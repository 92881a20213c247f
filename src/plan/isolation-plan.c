/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "basic/macro.h"
#include "plan/isolation-plan.h"

static const char *const propagation_table[_PROPAGATION_MAX] = {
        [PROPAGATION_PRIVATE] = "private",
        [PROPAGATION_HOST_TO_TASK] = "host-to-task",
        [PROPAGATION_BIDIRECTIONAL] = "bidirectional",
};

const char *propagation_to_string(Propagation p) {
        return (unsigned) p < _PROPAGATION_MAX ? propagation_table[p] : NULL;
}

int propagation_from_string(const char *s) {
        if (!s)
                return -EINVAL;
        for (int i = 0; i < _PROPAGATION_MAX; i++)
                if (strcmp(s, propagation_table[i]) == 0)
                        return i;
        return -EINVAL;
}

unsigned long propagation_to_mount_flags(Propagation p) {
        switch (p) {
        case PROPAGATION_PRIVATE:
                return MS_REC | MS_PRIVATE;
        case PROPAGATION_HOST_TO_TASK:
                return MS_REC | MS_SLAVE;
        case PROPAGATION_BIDIRECTIONAL:
                return MS_REC | MS_SHARED;
        default:
                return 0;
        }
}

const char *mount_kind_to_string(MountKind k) {
        static const char *const table[_MOUNT_KIND_MAX] = {
                [MOUNT_KIND_BIND] = "bind",
                [MOUNT_KIND_TMPFS] = "tmpfs",
                [MOUNT_KIND_PROC] = "proc",
                [MOUNT_KIND_SYSFS] = "sysfs",
                [MOUNT_KIND_DEVPTS] = "devpts",
                [MOUNT_KIND_MQUEUE] = "mqueue",
                [MOUNT_KIND_DEVICE_NODE] = "device-node",
                [MOUNT_KIND_SYMLINK] = "symlink",
                [MOUNT_KIND_MASK] = "mask",
                [MOUNT_KIND_READ_ONLY] = "read-only",
        };
        return (unsigned) k < _MOUNT_KIND_MAX ? table[k] : NULL;
}

/* Paths */

/* "/a//b/./c/" -> "/a/b/c", so that prefix checks cannot be dodged with
 * "//proc" or "/./dev". A relative path or a ".." component is -EINVAL:
 * ".." could climb out of the root once resolved inside it. */
static int path_normalize(const char *p, char **ret) {
        char *buf, *out;

        if (!p || p[0] != '/')
                return -EINVAL;
        buf = malloc(strlen(p) + 1);
        if (!buf)
                return -ENOMEM;
        out = buf;
        for (const char *s = p; *s;) {
                size_t len;

                while (*s == '/')
                        s++;
                len = strcspn(s, "/");
                if (len == 0)
                        break;
                if (len == 2 && s[0] == '.' && s[1] == '.') {
                        free(buf);
                        return -EINVAL;
                }
                if (!(len == 1 && s[0] == '.')) {
                        *out++ = '/';
                        memcpy(out, s, len);
                        out += len;
                }
                s += len;
        }
        if (out == buf)
                *out++ = '/';
        *out = '\0';
        *ret = buf;
        return 0;
}

/* Concatenate a and b with one slash between them and normalise. */
static int path_join(const char *a, const char *b, char **ret) {
        _cleanup_free_ char *joined = NULL;
        size_t la = strlen(a), lb = strlen(b);

        joined = malloc(la + 1 + lb + 1);
        if (!joined)
                return -ENOMEM;
        memcpy(joined, a, la);
        joined[la] = '/';
        memcpy(joined + la + 1, b, lb + 1);
        return path_normalize(joined, ret);
}

/* Both normalised. "/dev" is under "/dev" and "/dev/x", not "/devices". */
static bool path_is_under(const char *path, const char *prefix) {
        size_t n = strlen(prefix);

        if (strcmp(prefix, "/") == 0)
                return true;
        return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Mount plan */

typedef struct DefaultNode {
        const char *path;
        unsigned major, minor;
} DefaultNode;

static const DefaultNode default_nodes[] = {
        { "/dev/null", 1, 3 },
        { "/dev/zero", 1, 5 },
        { "/dev/full", 1, 7 },
        { "/dev/random", 1, 8 },
        { "/dev/urandom", 1, 9 },
        { "/dev/tty", 5, 0 },
};

static const struct {
        const char *path, *target;
} default_links[] = {
        { "/dev/ptmx", "pts/ptmx" },
        { "/dev/fd", "/proc/self/fd" },
        { "/dev/stdin", "/proc/self/fd/0" },
        { "/dev/stdout", "/proc/self/fd/1" },
        { "/dev/stderr", "/proc/self/fd/2" },
};

/* The default /dev mounts, also names a --device cannot take. */
static const char *const default_dev_mounts[] = { "/dev/pts", "/dev/shm", "/dev/mqueue" };

static const char *const masked_paths[] = {
        "/proc/acpi",
        "/proc/asound",
        "/proc/kcore",
        "/proc/keys",
        "/proc/latency_stats",
        "/proc/timer_list",
        "/proc/timer_stats",
        "/proc/sched_debug",
        "/proc/scsi",
        "/sys/firmware",
        "/sys/devices/virtual/powercap",
        "/proc/kallsyms",
};

static const char *const read_only_paths[] = {
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

typedef struct OpList {
        MountOp *ops;
        size_t n;
} OpList;

static int dup_or_null(const char *s, char **ret) {
        if (!s) {
                *ret = NULL;
                return 0;
        }
        *ret = strdup(s);
        return *ret ? 0 : -ENOMEM;
}

/* Append an op with copies of the strings; the caller fills in the rest. */
static MountOp *op_push(OpList *l, MountKind kind, const char *source, const char *target, unsigned long flags,
                        const char *data) {
        MountOp *ops, *op;

        ops = realloc(l->ops, (l->n + 1) * sizeof(MountOp));
        if (!ops)
                return NULL;
        l->ops = ops;
        op = &ops[l->n];
        *op = (MountOp) { .kind = kind, .flags = flags, .propagation = PROPAGATION_PRIVATE };
        if (dup_or_null(source, &op->source) < 0 || dup_or_null(target, &op->target) < 0 ||
            dup_or_null(data, &op->data) < 0) {
                free(op->source);
                free(op->target);
                free(op->data);
                return NULL;
        }
        l->n++;
        return op;
}

static int validate_bind(const BindSpec *b, char **ret_host, char **ret_task) {
        _cleanup_free_ char *host = NULL, *task = NULL;
        int r;

        r = path_normalize(b->host, &host);
        if (r < 0)
                return r;
        r = path_normalize(b->task, &task);
        if (r < 0)
                return r;
        /* Covering the whole root, or the API filesystems the plan mounts
         * itself, would undo the isolation. */
        if (strcmp(task, "/") == 0 || path_is_under(task, "/proc") || path_is_under(task, "/sys") ||
            path_is_under(task, "/dev"))
                return -EINVAL;
        if ((unsigned) b->propagation >= _PROPAGATION_MAX)
                return -EINVAL;
        *ret_host = TAKE_PTR(host);
        *ret_task = TAKE_PTR(task);
        return 0;
}

/* A --device may not replace or sit below one of the default entries of
 * /dev, nor another --device. */
static int validate_device(const MountPlanInput *in, size_t idx, char **ret_task) {
        const DeviceNode *d = &in->devices[idx];
        _cleanup_free_ char *task = NULL;
        int r;

        if (!S_ISCHR(d->mode) && !S_ISBLK(d->mode))
                return -EINVAL;
        r = path_normalize(d->task, &task);
        if (r < 0)
                return r;
        if (!path_is_under(task, "/dev") || strcmp(task, "/dev") == 0)
                return -EINVAL;

        for (size_t i = 0; i < ELEMENTSOF(default_nodes); i++)
                if (path_is_under(task, default_nodes[i].path))
                        return strcmp(task, default_nodes[i].path) == 0 ? -EEXIST : -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(default_links); i++)
                if (path_is_under(task, default_links[i].path))
                        return strcmp(task, default_links[i].path) == 0 ? -EEXIST : -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(default_dev_mounts); i++)
                if (path_is_under(task, default_dev_mounts[i]))
                        return strcmp(task, default_dev_mounts[i]) == 0 ? -EEXIST : -EINVAL;

        for (size_t i = 0; i < idx; i++) {
                _cleanup_free_ char *other = NULL;

                /* Earlier ones already passed this check. */
                r = path_normalize(in->devices[i].task, &other);
                if (r < 0)
                        return r;
                if (strcmp(task, other) == 0)
                        return -EEXIST;
                if (path_is_under(task, other) || path_is_under(other, task))
                        return -EINVAL;
        }
        *ret_task = TAKE_PTR(task);
        return 0;
}

static int mount_plan_add_binds(const MountPlanInput *in, OpList *l) {
        for (size_t i = 0; i < in->n_binds; i++) {
                const BindSpec *b = &in->binds[i];
                _cleanup_free_ char *host = NULL, *task = NULL;
                unsigned long flags = MS_BIND | MS_REC;
                MountOp *op;
                int r;

                r = validate_bind(b, &host, &task);
                if (r < 0)
                        return r;
                if (b->read_only)
                        flags |= MS_RDONLY;
                op = op_push(l, MOUNT_KIND_BIND, host, task, flags, NULL);
                if (!op)
                        return -ENOMEM;
                op->propagation = b->propagation;
        }
        return 0;
}

static int mount_plan_add_devices(const MountPlanInput *in, OpList *l) {
        for (size_t i = 0; i < in->n_devices; i++) {
                _cleanup_free_ char *task = NULL;
                MountOp *op;
                int r;

                r = validate_device(in, i, &task);
                if (r < 0)
                        return r;
                op = op_push(l, MOUNT_KIND_DEVICE_NODE, NULL, task, 0, NULL);
                if (!op)
                        return -ENOMEM;
                op->mode = in->devices[i].mode;
                op->rdev = in->devices[i].rdev;
        }
        return 0;
}

static int mount_plan_add_defaults(const MountPlanInput *in, OpList *l) {
        const unsigned long nosuid_nodev_noexec = MS_NOSUID | MS_NODEV | MS_NOEXEC;
        MountOp *op;

        if (!op_push(l, MOUNT_KIND_TMPFS, NULL, "/dev", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k"))
                return -ENOMEM;

        /* The host node as source: the executor binds it where mknod is
         * refused (in a user namespace). */
        for (size_t i = 0; i < ELEMENTSOF(default_nodes); i++) {
                op = op_push(l, MOUNT_KIND_DEVICE_NODE, default_nodes[i].path, default_nodes[i].path, 0, NULL);
                if (!op)
                        return -ENOMEM;
                op->mode = S_IFCHR | 0666;
                op->rdev = makedev(default_nodes[i].major, default_nodes[i].minor);
        }

        if (!op_push(l, MOUNT_KIND_DEVPTS, NULL, "/dev/pts", MS_NOSUID | MS_NOEXEC,
                     "newinstance,ptmxmode=0666,mode=0620,gid=5"))
                return -ENOMEM;

        for (size_t i = 0; i < ELEMENTSOF(default_links); i++)
                if (!op_push(l, MOUNT_KIND_SYMLINK, default_links[i].target, default_links[i].path, 0, NULL))
                        return -ENOMEM;

        if (!op_push(l, MOUNT_KIND_TMPFS, NULL, "/dev/shm", nosuid_nodev_noexec, "mode=1777,size=65536k"))
                return -ENOMEM;

        /* A new mqueue instance belongs to the ipc namespace of the mounter;
         * with the host's ipc namespace the task sees the host's queues. */
        if (in->private_ipc)
                op = op_push(l, MOUNT_KIND_MQUEUE, NULL, "/dev/mqueue", nosuid_nodev_noexec, NULL);
        else
                op = op_push(l, MOUNT_KIND_BIND, "/dev/mqueue", "/dev/mqueue", MS_BIND | MS_REC, NULL);
        if (!op)
                return -ENOMEM;
        /* A host without /dev/mqueue mounted has no queues to share. */
        op->optional = !in->private_ipc;

        /* Without a pid namespace a fresh proc still shows the host's pids,
         * which is what the task shares then. */
        if (!op_push(l, MOUNT_KIND_PROC, NULL, "/proc", nosuid_nodev_noexec, NULL))
                return -ENOMEM;
        if (!op_push(l, MOUNT_KIND_SYSFS, NULL, "/sys", nosuid_nodev_noexec | MS_RDONLY, NULL))
                return -ENOMEM;
        return 0;
}

static int mount_plan_add_protections(OpList *l) {
        MountOp *op;

        for (size_t i = 0; i < ELEMENTSOF(masked_paths); i++) {
                op = op_push(l, MOUNT_KIND_MASK, NULL, masked_paths[i], 0, NULL);
                if (!op)
                        return -ENOMEM;
                op->optional = true;
        }
        for (size_t i = 0; i < ELEMENTSOF(read_only_paths); i++) {
                op = op_push(l, MOUNT_KIND_READ_ONLY, NULL, read_only_paths[i], 0, NULL);
                if (!op)
                        return -ENOMEM;
                op->optional = true;
        }
        return 0;
}

int mount_plan_build(const MountPlanInput *in, MountOp **ret_ops, size_t *ret_n) {
        OpList l = {};
        int r;

        if (!in || (in->n_binds > 0 && !in->binds) || (in->n_devices > 0 && !in->devices))
                return -EINVAL;

        if ((r = mount_plan_add_defaults(in, &l)) < 0 || (r = mount_plan_add_binds(in, &l)) < 0 ||
            (r = mount_plan_add_devices(in, &l)) < 0 || (r = mount_plan_add_protections(&l)) < 0) {
                mount_ops_free(l.ops, l.n);
                return r;
        }
        *ret_ops = l.ops;
        *ret_n = l.n;
        return 0;
}

void mount_ops_free(MountOp *ops, size_t n) {
        if (!ops)
                return;
        for (size_t i = 0; i < n; i++) {
                free(ops[i].source);
                free(ops[i].target);
                free(ops[i].data);
        }
        free(ops);
}

/* Capabilities */

#define CAP_BIT(c) (UINT64_C(1) << (c))

uint64_t caps_default_set(void) {
        return CAP_BIT(CAP_AUDIT_WRITE) | CAP_BIT(CAP_CHOWN) | CAP_BIT(CAP_DAC_OVERRIDE) | CAP_BIT(CAP_FOWNER) |
               CAP_BIT(CAP_FSETID) | CAP_BIT(CAP_KILL) | CAP_BIT(CAP_MKNOD) | CAP_BIT(CAP_NET_BIND_SERVICE) |
               CAP_BIT(CAP_SETFCAP) | CAP_BIT(CAP_SETGID) | CAP_BIT(CAP_SETPCAP) | CAP_BIT(CAP_SETUID) |
               CAP_BIT(CAP_SYS_CHROOT);
}

/* Our own table rather than cap_from_name(): it is pure, and it does not
 * take numbers ("13") that would slip past the "names only" rule. */
static const struct {
        const char *name;
        int cap;
} cap_names[] = {
        { "chown", CAP_CHOWN },
        { "dac_override", CAP_DAC_OVERRIDE },
        { "dac_read_search", CAP_DAC_READ_SEARCH },
        { "fowner", CAP_FOWNER },
        { "fsetid", CAP_FSETID },
        { "kill", CAP_KILL },
        { "setgid", CAP_SETGID },
        { "setuid", CAP_SETUID },
        { "setpcap", CAP_SETPCAP },
        { "linux_immutable", CAP_LINUX_IMMUTABLE },
        { "net_bind_service", CAP_NET_BIND_SERVICE },
        { "net_broadcast", CAP_NET_BROADCAST },
        { "net_admin", CAP_NET_ADMIN },
        { "net_raw", CAP_NET_RAW },
        { "ipc_lock", CAP_IPC_LOCK },
        { "ipc_owner", CAP_IPC_OWNER },
        { "sys_module", CAP_SYS_MODULE },
        { "sys_rawio", CAP_SYS_RAWIO },
        { "sys_chroot", CAP_SYS_CHROOT },
        { "sys_ptrace", CAP_SYS_PTRACE },
        { "sys_pacct", CAP_SYS_PACCT },
        { "sys_admin", CAP_SYS_ADMIN },
        { "sys_boot", CAP_SYS_BOOT },
        { "sys_nice", CAP_SYS_NICE },
        { "sys_resource", CAP_SYS_RESOURCE },
        { "sys_time", CAP_SYS_TIME },
        { "sys_tty_config", CAP_SYS_TTY_CONFIG },
        { "mknod", CAP_MKNOD },
        { "lease", CAP_LEASE },
        { "audit_write", CAP_AUDIT_WRITE },
        { "audit_control", CAP_AUDIT_CONTROL },
        { "setfcap", CAP_SETFCAP },
        { "mac_override", CAP_MAC_OVERRIDE },
        { "mac_admin", CAP_MAC_ADMIN },
        { "syslog", CAP_SYSLOG },
        { "wake_alarm", CAP_WAKE_ALARM },
        { "block_suspend", CAP_BLOCK_SUSPEND },
        { "audit_read", CAP_AUDIT_READ },
        /* Numbers fixed by the kernel ABI, so older headers do not matter. */
        { "perfmon", 38 },
        { "bpf", 39 },
        { "checkpoint_restore", 40 },
};

/* One element, not NUL-terminated, of length len > 0. */
static int cap_lookup(const char *s, size_t len, int *ret) {
        if (len > 4 && strncasecmp(s, "cap_", 4) == 0) {
                s += 4;
                len -= 4;
        }
        for (size_t i = 0; i < ELEMENTSOF(cap_names); i++)
                if (strlen(cap_names[i].name) == len && strncasecmp(s, cap_names[i].name, len) == 0) {
                        *ret = cap_names[i].cap;
                        return 0;
                }
        return -EINVAL;
}

int caps_parse_list(const char *list, uint64_t *ret_mask, bool *ret_all) {
        uint64_t mask = 0;
        bool all = false;

        if (!list || !*list)
                return -EINVAL;
        for (const char *s = list;;) {
                size_t len = strcspn(s, ",");
                int cap;

                if (len == 0)
                        return -EINVAL;
                if (len == 3 && strncasecmp(s, "all", 3) == 0)
                        all = true;
                else if (cap_lookup(s, len, &cap) < 0)
                        return -EINVAL;
                else
                        mask |= CAP_BIT(cap);
                if (s[len] == '\0')
                        break;
                s += len + 1;
        }
        *ret_mask = mask;
        if (ret_all)
                *ret_all = all;
        return 0;
}

void caps_plan_build(const CapsInput *in, CapabilitySets *ret) {
        uint64_t final = caps_default_set();

        if (in->drop_all)
                final = 0;
        else
                final &= ~in->drop;
        final |= in->add_all ? in->all_caps : in->add;
        final &= in->all_caps;

        /* Root holds bounding/permitted/effective across exec; anyone else
         * keeps them only through the ambient set, which needs them in
         * inheritable too. */
        *ret = (CapabilitySets) {
                .bounding = final,
                .permitted = final,
                .effective = final,
                .inheritable = in->root ? 0 : final,
                .ambient = in->root ? 0 : final,
        };
}

/* Command lookup */

/* The host path where the task will see task_path: the last --mount whose
 * task dir holds it (a later mount covers an earlier one), else the root. */
static int task_to_host(const char *root, const BindSpec *binds, size_t n_binds, const char *task_path,
                        char **ret) {
        for (size_t i = n_binds; i > 0; i--) {
                _cleanup_free_ char *task = NULL;
                int r;

                r = path_normalize(binds[i - 1].task, &task);
                if (r < 0)
                        return r;
                if (path_is_under(task_path, task))
                        return path_join(binds[i - 1].host, task_path + strlen(task), ret);
        }
        return path_join(root, task_path, ret);
}

/* 1 and the task path if probe found a regular file, 0 to go on, < 0 to stop. */
static int try_candidate(const char *root, const BindSpec *binds, size_t n_binds, const char *task_path,
                         ExecProbe probe, void *userdata) {
        _cleanup_free_ char *host = NULL;
        int r;

        r = task_to_host(root, binds, n_binds, task_path, &host);
        if (r < 0)
                return r;
        r = probe(host, userdata);
        return r < 0 ? r : r > 0;
}

static bool exec_name_is_valid(const char *name) {
        if (!name || !*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
                return false;
        for (const char *p = name; *p; p++)
                if ((unsigned char) *p < 0x20 || *p == 0x7f)
                        return false;
        return true;
}

int exec_lookup(const char *root, const char *name, const BindSpec *binds, size_t n_binds, ExecProbe probe,
                void *userdata, char **ret_task_path) {
        static const char *const task_dirs_before[] = { "/local", "/" };
        static const char *const task_dirs_after[] = { "/usr/local/bin", "/usr/bin", "/bin" };
        _cleanup_free_ char *root_norm = NULL;
        int r;

        if (!root || !probe || (n_binds > 0 && !binds) || !exec_name_is_valid(name))
                return -EINVAL;
        r = path_normalize(root, &root_norm);
        if (r < 0)
                return r;
        /* Refuse a bad --mount before probing anything. */
        for (size_t i = 0; i < n_binds; i++) {
                _cleanup_free_ char *host = NULL, *task = NULL;

                if ((r = path_normalize(binds[i].host, &host)) < 0 || (r = path_normalize(binds[i].task, &task)) < 0)
                        return r;
        }

        if (strchr(name, '/')) {
                _cleanup_free_ char *task = NULL;

                /* "bin/" names a directory, never something to exec. */
                if (name[strlen(name) - 1] == '/')
                        return -EINVAL;
                r = path_join("/", name, &task);
                if (r < 0)
                        return r;
                r = try_candidate(root_norm, binds, n_binds, task, probe, userdata);
                if (r < 0)
                        return r;
                if (r == 0)
                        return -ENOENT;
                *ret_task_path = TAKE_PTR(task);
                return 0;
        }

        /* Candidates as task paths, in the order of the seed. */
        size_t n_candidates = ELEMENTSOF(task_dirs_before) + n_binds + ELEMENTSOF(task_dirs_after);
        for (size_t i = 0; i < n_candidates; i++) {
                _cleanup_free_ char *task = NULL;
                const char *dir;

                if (i < ELEMENTSOF(task_dirs_before))
                        dir = task_dirs_before[i];
                else if (i < ELEMENTSOF(task_dirs_before) + n_binds)
                        dir = binds[i - ELEMENTSOF(task_dirs_before)].task;
                else
                        dir = task_dirs_after[i - ELEMENTSOF(task_dirs_before) - n_binds];

                r = path_join(dir, name, &task);
                if (r < 0)
                        return r;
                r = try_candidate(root_norm, binds, n_binds, task, probe, userdata);
                if (r < 0)
                        return r;
                if (r > 0) {
                        *ret_task_path = TAKE_PTR(task);
                        return 0;
                }
        }
        return -ENOENT;
}
