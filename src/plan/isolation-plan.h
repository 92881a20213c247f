/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* What the child builds before exec, as plain data. Built in the parent from
 * the options (src/spec/) by pure functions (src/plan/), executed in the child
 * through a thin syscall layer (src/isolate/). */

typedef enum Propagation {
        PROPAGATION_PRIVATE,      /* rprivate (default) */
        PROPAGATION_HOST_TO_TASK, /* rslave: host mounts below the source appear in the task */
        PROPAGATION_BIDIRECTIONAL,/* rshared */
        _PROPAGATION_MAX,
} Propagation;

const char *propagation_to_string(Propagation p);   /* "private", "host-to-task", "bidirectional" */
int propagation_from_string(const char *s);         /* -EINVAL if unknown */
unsigned long propagation_to_mount_flags(Propagation p); /* MS_REC | MS_PRIVATE / MS_SLAVE / MS_SHARED */

/* One `--mount HOST:TASK[:OPTS]`. */
typedef struct BindSpec {
        char *host;   /* absolute host path */
        char *task;   /* absolute path inside the task's root */
        bool read_only;
        Propagation propagation;
} BindSpec;

/* One device node to create in the task's /dev (from --device, resolved on
 * the host: type and numbers of the host's node). */
typedef struct DeviceNode {
        char *task;   /* absolute path inside the task, under /dev */
        mode_t mode;  /* S_IFCHR or S_IFBLK | 0666 */
        dev_t rdev;
} DeviceNode;

typedef enum MountKind {
        MOUNT_KIND_BIND,        /* source (host path) on target; MS_RDONLY in flags for ro; propagation */
        MOUNT_KIND_TMPFS,       /* tmpfs on target with data ("mode=755,size=65536k") and flags */
        MOUNT_KIND_PROC,        /* proc on target, flags MS_NOSUID|MS_NODEV|MS_NOEXEC */
        MOUNT_KIND_SYSFS,       /* sysfs on target, read-only */
        MOUNT_KIND_DEVPTS,      /* devpts on target, data "newinstance,ptmxmode=0666,mode=0620,gid=5" */
        MOUNT_KIND_MQUEUE,      /* mqueue on target */
        MOUNT_KIND_DEVICE_NODE, /* mknod target, mode, rdev (falls back to a bind of source when mknod is refused) */
        MOUNT_KIND_SYMLINK,     /* symlink target -> source */
        MOUNT_KIND_MASK,        /* hide target: /dev/null bound on a file, an empty read-only tmpfs on a directory */
        MOUNT_KIND_READ_ONLY,   /* bind target on itself and remount it read-only */
        _MOUNT_KIND_MAX,
} MountKind;

const char *mount_kind_to_string(MountKind k);

typedef struct MountOp {
        MountKind kind;
        char *source;   /* BIND: host path; SYMLINK: link text; DEVICE_NODE: host node (fallback) */
        char *target;   /* absolute path inside the new root */
        unsigned long flags;
        char *data;
        Propagation propagation;
        mode_t mode;
        dev_t rdev;
        bool optional;  /* a target this kernel does not have is skipped, not an error */
} MountOp;

typedef struct MountPlanInput {
        bool private_pid;   /* a new /proc for the task's pid namespace */
        bool private_ipc;   /* a new /dev/mqueue */
        const BindSpec *binds;
        size_t n_binds;
        const DeviceNode *devices;
        size_t n_devices;
} MountPlanInput;

/* The mounts that make a task's root, in order: /dev as tmpfs with the
 * default nodes and links, devpts, /dev/shm, /dev/mqueue, /proc, /sys (ro),
 * the --mount binds, the --device nodes, the masked paths and the read-only
 * paths. All targets are inside the new root. */
int mount_plan_build(const MountPlanInput *in, MountOp **ret_ops, size_t *ret_n);
void mount_ops_free(MountOp *ops, size_t n);

/* Capabilities as 64-bit masks of CAP_* numbers. */
typedef struct CapabilitySets {
        uint64_t bounding, permitted, effective, inheritable, ambient;
} CapabilitySets;

/* The default allowlist: Docker's default set less NET_RAW. */
uint64_t caps_default_set(void);

/* "net_raw,CAP_SYS_ADMIN", case-insensitive, with or without "cap_"; "all"
 * sets *ret_all. -EINVAL naming nothing (the caller names the value). */
int caps_parse_list(const char *list, uint64_t *ret_mask, bool *ret_all);

/* The final set from the defaults, --cap-add and --cap-drop (drop wins over
 * the defaults, add wins over drop; "all" as given), limited to all_caps (the
 * running kernel's caps: bits 0..cap_last_cap). Root gets it in bounding,
 * permitted and effective; a non-root user also in inheritable and ambient,
 * so it really holds it after exec. */
typedef struct CapsInput {
        uint64_t add, drop;
        bool add_all, drop_all;
        bool root;          /* uid 0 */
        uint64_t all_caps;
} CapsInput;
void caps_plan_build(const CapsInput *in, CapabilitySets *ret);

/* The command lookup of the seed: a name with a slash only as a path inside
 * the root; otherwise <root>/local/NAME, <root>/NAME, each --mount's task dir
 * (mapped back to its host path), then /usr/local/bin, /usr/bin, /bin inside
 * the root. probe(host_path) returns 1 for a regular file, 0 when nothing is
 * there, a negative errno when something that is not a regular file is
 * (injected, so tests can use a fake tree). The first candidate that exists
 * decides. *ret_task_path is the path the task execs (inside its root).
 * -ENOENT if nothing was found, the probe's error (e.g. -EACCES) otherwise. */
typedef int (*ExecProbe)(const char *host_path, void *userdata);
int exec_lookup(const char *root, const char *name, const BindSpec *binds, size_t n_binds, ExecProbe probe,
                void *userdata, char **ret_task_path);

typedef struct RlimitSetting {
        int resource;
        struct rlimit limit;
} RlimitSetting;
