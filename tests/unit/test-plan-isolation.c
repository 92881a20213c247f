/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <cmocka.h>

#include "basic/macro.h"
#include "plan/isolation-plan.h"

#define NOSUID_NODEV_NOEXEC (MS_NOSUID | MS_NODEV | MS_NOEXEC)

typedef struct ExpectedOp {
        MountKind kind;
        const char *source, *target;
        unsigned long flags;
        const char *data;
        bool optional;
} ExpectedOp;

static void assert_str_or_null(const char *what, size_t i, const char *got, const char *want) {
        if (!want && !got)
                return;
        if (!want || !got || strcmp(want, got) != 0)
                fail_msg("op %zu %s: got '%s', expected '%s'", i, what, got ?: "(null)", want ?: "(null)");
}

static void assert_op(const MountOp *ops, size_t i, const ExpectedOp *e) {
        const MountOp *op = &ops[i];

        if (op->kind != e->kind)
                fail_msg("op %zu (%s): kind %s, expected %s", i, op->target, mount_kind_to_string(op->kind),
                         mount_kind_to_string(e->kind));
        assert_str_or_null("target", i, op->target, e->target);
        assert_str_or_null("source", i, op->source, e->source);
        assert_str_or_null("data", i, op->data, e->data);
        if (op->flags != e->flags)
                fail_msg("op %zu (%s): flags %#lx, expected %#lx", i, op->target, op->flags, e->flags);
        if (op->optional != e->optional)
                fail_msg("op %zu (%s): optional %d, expected %d", i, op->target, op->optional, e->optional);
}

/* The plan up to /sys, then the masked and read-only paths; what sits
 * between them is checked by each test. */
static const ExpectedOp head_private[] = {
        { MOUNT_KIND_TMPFS, NULL, "/dev", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", false },
        { MOUNT_KIND_DEVICE_NODE, "/dev/null", "/dev/null", 0, NULL, false },
        { MOUNT_KIND_DEVICE_NODE, "/dev/zero", "/dev/zero", 0, NULL, false },
        { MOUNT_KIND_DEVICE_NODE, "/dev/full", "/dev/full", 0, NULL, false },
        { MOUNT_KIND_DEVICE_NODE, "/dev/random", "/dev/random", 0, NULL, false },
        { MOUNT_KIND_DEVICE_NODE, "/dev/urandom", "/dev/urandom", 0, NULL, false },
        { MOUNT_KIND_DEVICE_NODE, "/dev/tty", "/dev/tty", 0, NULL, false },
        { MOUNT_KIND_DEVPTS, NULL, "/dev/pts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5",
          false },
        { MOUNT_KIND_SYMLINK, "pts/ptmx", "/dev/ptmx", 0, NULL, false },
        { MOUNT_KIND_SYMLINK, "/proc/self/fd", "/dev/fd", 0, NULL, false },
        { MOUNT_KIND_SYMLINK, "/proc/self/fd/0", "/dev/stdin", 0, NULL, false },
        { MOUNT_KIND_SYMLINK, "/proc/self/fd/1", "/dev/stdout", 0, NULL, false },
        { MOUNT_KIND_SYMLINK, "/proc/self/fd/2", "/dev/stderr", 0, NULL, false },
        { MOUNT_KIND_TMPFS, NULL, "/dev/shm", NOSUID_NODEV_NOEXEC, "mode=1777,size=65536k", false },
        { MOUNT_KIND_MQUEUE, NULL, "/dev/mqueue", NOSUID_NODEV_NOEXEC, NULL, false },
        { MOUNT_KIND_PROC, NULL, "/proc", NOSUID_NODEV_NOEXEC, NULL, false },
        { MOUNT_KIND_SYSFS, NULL, "/sys", NOSUID_NODEV_NOEXEC | MS_RDONLY, NULL, false },
};
#define MQUEUE_INDEX 14

static const ExpectedOp tail[] = {
        { MOUNT_KIND_MASK, NULL, "/proc/acpi", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/proc/asound", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/proc/kcore", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/proc/keys", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/proc/latency_stats", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/proc/timer_list", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/proc/timer_stats", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/proc/sched_debug", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/proc/scsi", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/sys/firmware", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/sys/devices/virtual/powercap", 0, NULL, true },
        { MOUNT_KIND_MASK, NULL, "/proc/kallsyms", 0, NULL, true },
        { MOUNT_KIND_READ_ONLY, NULL, "/proc/bus", 0, NULL, true },
        { MOUNT_KIND_READ_ONLY, NULL, "/proc/fs", 0, NULL, true },
        { MOUNT_KIND_READ_ONLY, NULL, "/proc/irq", 0, NULL, true },
        { MOUNT_KIND_READ_ONLY, NULL, "/proc/sys", 0, NULL, true },
        { MOUNT_KIND_READ_ONLY, NULL, "/proc/sysrq-trigger", 0, NULL, true },
};

#define N_HEAD ELEMENTSOF(head_private)
#define N_TAIL ELEMENTSOF(tail)

/* Check the head and the tail around n_middle ops of the caller's. */
static void assert_frame(const MountOp *ops, size_t n, size_t n_middle, bool private_ipc) {
        static const ExpectedOp mqueue_host = {
                MOUNT_KIND_BIND, "/dev/mqueue", "/dev/mqueue", MS_BIND | MS_REC, NULL, true,
        };

        assert_int_equal(n, N_HEAD + n_middle + N_TAIL);
        for (size_t i = 0; i < N_HEAD; i++)
                assert_op(ops, i, i == MQUEUE_INDEX && !private_ipc ? &mqueue_host : &head_private[i]);
        for (size_t i = 0; i < N_TAIL; i++)
                assert_op(ops, N_HEAD + n_middle + i, &tail[i]);

        for (size_t i = 0; i < n; i++)
                assert_true(ops[i].target[0] == '/');
}

static void test_propagation_strings_and_flags(void **state) {
        assert_string_equal(propagation_to_string(PROPAGATION_PRIVATE), "private");
        assert_string_equal(propagation_to_string(PROPAGATION_HOST_TO_TASK), "host-to-task");
        assert_string_equal(propagation_to_string(PROPAGATION_BIDIRECTIONAL), "bidirectional");
        assert_null(propagation_to_string(_PROPAGATION_MAX));
        assert_null(propagation_to_string((Propagation) -1));

        assert_int_equal(propagation_from_string("private"), PROPAGATION_PRIVATE);
        assert_int_equal(propagation_from_string("host-to-task"), PROPAGATION_HOST_TO_TASK);
        assert_int_equal(propagation_from_string("bidirectional"), PROPAGATION_BIDIRECTIONAL);
        assert_int_equal(propagation_from_string("Private"), -EINVAL);
        assert_int_equal(propagation_from_string("rshared"), -EINVAL);
        assert_int_equal(propagation_from_string(""), -EINVAL);
        assert_int_equal(propagation_from_string(NULL), -EINVAL);

        assert_int_equal(propagation_to_mount_flags(PROPAGATION_PRIVATE), MS_REC | MS_PRIVATE);
        assert_int_equal(propagation_to_mount_flags(PROPAGATION_HOST_TO_TASK), MS_REC | MS_SLAVE);
        assert_int_equal(propagation_to_mount_flags(PROPAGATION_BIDIRECTIONAL), MS_REC | MS_SHARED);
}

static void test_mount_kind_strings(void **state) {
        static const char *const want[] = {
                "bind", "tmpfs", "proc", "sysfs", "devpts", "mqueue", "device-node", "symlink", "mask", "read-only",
        };

        assert_int_equal(ELEMENTSOF(want), _MOUNT_KIND_MAX);
        for (size_t i = 0; i < ELEMENTSOF(want); i++)
                assert_string_equal(mount_kind_to_string((MountKind) i), want[i]);
        assert_null(mount_kind_to_string(_MOUNT_KIND_MAX));
}

static void test_default_plan_private(void **state) {
        MountPlanInput in = { .private_pid = true, .private_ipc = true };
        static const struct {
                unsigned major, minor;
        } numbers[] = { { 1, 3 }, { 1, 5 }, { 1, 7 }, { 1, 8 }, { 1, 9 }, { 5, 0 } };
        MountOp *ops = NULL;
        size_t n = 0;

        assert_int_equal(mount_plan_build(&in, &ops, &n), 0);
        assert_frame(ops, n, 0, true);
        for (size_t i = 0; i < ELEMENTSOF(numbers); i++) {
                assert_int_equal(ops[1 + i].mode, S_IFCHR | 0666);
                assert_int_equal(major(ops[1 + i].rdev), numbers[i].major);
                assert_int_equal(minor(ops[1 + i].rdev), numbers[i].minor);
        }
        assert_int_equal(n, 34);
        mount_ops_free(ops, n);
}

static void test_default_plan_host_ipc_and_pid(void **state) {
        MountPlanInput in = {};
        MountOp *ops = NULL;
        size_t n = 0;

        assert_int_equal(mount_plan_build(&in, &ops, &n), 0);
        assert_frame(ops, n, 0, false);
        assert_int_equal(ops[MQUEUE_INDEX].propagation, PROPAGATION_PRIVATE);
        /* A fresh proc even without a pid namespace. */
        assert_int_equal(ops[15].kind, MOUNT_KIND_PROC);
        mount_ops_free(ops, n);

        in.private_pid = true;
        assert_int_equal(mount_plan_build(&in, &ops, &n), 0);
        assert_frame(ops, n, 0, false);
        mount_ops_free(ops, n);
}

static void test_binds_in_order(void **state) {
        const BindSpec binds[] = {
                { "/srv/data", "/data", false, PROPAGATION_PRIVATE },
                { "/srv/conf", "/etc/app", true, PROPAGATION_HOST_TO_TASK },
                { "/srv/shared", "/shared", false, PROPAGATION_BIDIRECTIONAL },
                /* Written loosely: the plan holds the normal form. */
                { "/srv//cache/", "/var/./cache/", true, PROPAGATION_BIDIRECTIONAL },
        };
        const ExpectedOp want[] = {
                { MOUNT_KIND_BIND, "/srv/data", "/data", MS_BIND | MS_REC, NULL, false },
                { MOUNT_KIND_BIND, "/srv/conf", "/etc/app", MS_BIND | MS_REC | MS_RDONLY, NULL, false },
                { MOUNT_KIND_BIND, "/srv/shared", "/shared", MS_BIND | MS_REC, NULL, false },
                { MOUNT_KIND_BIND, "/srv/cache", "/var/cache", MS_BIND | MS_REC | MS_RDONLY, NULL, false },
        };
        MountPlanInput in = { .private_pid = true, .private_ipc = true, .binds = binds, .n_binds = ELEMENTSOF(binds) };
        MountOp *ops = NULL;
        size_t n = 0;

        assert_int_equal(mount_plan_build(&in, &ops, &n), 0);
        assert_frame(ops, n, ELEMENTSOF(want), true);
        for (size_t i = 0; i < ELEMENTSOF(want); i++) {
                assert_op(ops, N_HEAD + i, &want[i]);
                assert_int_equal(ops[N_HEAD + i].propagation, binds[i].propagation);
                /* Copies, not the caller's strings. */
                assert_ptr_not_equal(ops[N_HEAD + i].source, binds[i].host);
        }
        mount_ops_free(ops, n);
}

static void test_devices_after_binds(void **state) {
        const BindSpec binds[] = { { "/srv/data", "/data", false, PROPAGATION_PRIVATE } };
        const DeviceNode devices[] = {
                { "/dev/fuse", S_IFCHR | 0666, makedev(10, 229) },
                { "/dev/dri/card0", S_IFCHR | 0660, makedev(226, 0) },
                { "/dev/sdb", S_IFBLK | 0660, makedev(8, 16) },
        };
        MountPlanInput in = {
                .private_ipc = true,
                .binds = binds,
                .n_binds = ELEMENTSOF(binds),
                .devices = devices,
                .n_devices = ELEMENTSOF(devices),
        };
        MountOp *ops = NULL;
        size_t n = 0;

        assert_int_equal(mount_plan_build(&in, &ops, &n), 0);
        assert_frame(ops, n, 1 + ELEMENTSOF(devices), true);
        assert_int_equal(ops[N_HEAD].kind, MOUNT_KIND_BIND);
        for (size_t i = 0; i < ELEMENTSOF(devices); i++) {
                const MountOp *op = &ops[N_HEAD + 1 + i];
                const ExpectedOp want = { MOUNT_KIND_DEVICE_NODE, NULL, devices[i].task, 0, NULL, false };

                assert_op(ops, N_HEAD + 1 + i, &want);
                assert_int_equal(op->mode, devices[i].mode);
                assert_int_equal(op->rdev, devices[i].rdev);
        }
        mount_ops_free(ops, n);
}

static void test_bad_binds(void **state) {
        static const struct {
                const char *host, *task;
                int r;
        } cases[] = {
                { "srv/data", "/data", -EINVAL },
                { "/srv/data", "data", -EINVAL },
                { "", "/data", -EINVAL },
                { "/srv/data", "", -EINVAL },
                { "/srv/../etc", "/data", -EINVAL },
                { "/srv/data", "/data/../etc", -EINVAL },
                { "/srv/data", "/..", -EINVAL },
                { "/srv/data", "/", -EINVAL },
                { "/srv/data", "//./", -EINVAL },
                { "/srv/data", "/proc", -EINVAL },
                { "/srv/data", "/proc/sys", -EINVAL },
                { "/srv/data", "//proc/sys", -EINVAL },
                { "/srv/data", "/sys", -EINVAL },
                { "/srv/data", "/sys/fs/cgroup", -EINVAL },
                { "/srv/data", "/dev", -EINVAL },
                { "/srv/data", "/./dev/shm", -EINVAL },
                { "/srv/data", "/dev/", -EINVAL },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                /* A good bind first: a bad later one must still fail the plan. */
                const BindSpec binds[] = {
                        { "/srv/ok", "/ok", false, PROPAGATION_PRIVATE },
                        { (char *) cases[i].host, (char *) cases[i].task, false, PROPAGATION_PRIVATE },
                };
                MountPlanInput in = { .binds = binds, .n_binds = ELEMENTSOF(binds) };
                MountOp *ops = (MountOp *) 0x1;
                size_t n = 4242;
                int r = mount_plan_build(&in, &ops, &n);

                if (r != cases[i].r)
                        fail_msg("bind %s:%s: got %d, expected %d", cases[i].host, cases[i].task, r, cases[i].r);
                /* Written only on success. */
                assert_ptr_equal(ops, (MountOp *) 0x1);
                assert_int_equal(n, 4242);
        }

        /* Lookalikes of the forbidden prefixes are fine. */
        const BindSpec ok[] = {
                { "/srv/a", "/procfs", false, PROPAGATION_PRIVATE },
                { "/srv/b", "/system", false, PROPAGATION_PRIVATE },
                { "/srv/c", "/devices", false, PROPAGATION_PRIVATE },
                { "/", "/host", true, PROPAGATION_HOST_TO_TASK },
        };
        MountPlanInput in = { .binds = ok, .n_binds = ELEMENTSOF(ok) };
        MountOp *ops = NULL;
        size_t n = 0;

        assert_int_equal(mount_plan_build(&in, &ops, &n), 0);
        assert_frame(ops, n, ELEMENTSOF(ok), false);
        mount_ops_free(ops, n);

        /* An out-of-range propagation is refused rather than guessed. */
        const BindSpec weird[] = { { "/srv/a", "/a", false, _PROPAGATION_MAX } };
        in = (MountPlanInput) { .binds = weird, .n_binds = 1 };
        assert_int_equal(mount_plan_build(&in, &ops, &n), -EINVAL);
}

static void test_bad_devices(void **state) {
        static const struct {
                const char *task;
                mode_t mode;
                int r;
        } cases[] = {
                { "/etc/passwd", S_IFCHR | 0666, -EINVAL },
                { "dev/fuse", S_IFCHR | 0666, -EINVAL },
                { "/dev", S_IFCHR | 0666, -EINVAL },
                { "/dev/", S_IFCHR | 0666, -EINVAL },
                { "/dev/../etc/shadow", S_IFCHR | 0666, -EINVAL },
                { "/dev/x/../fuse", S_IFCHR | 0666, -EINVAL },
                { "/devices/fuse", S_IFCHR | 0666, -EINVAL },
                { "/dev/null", S_IFCHR | 0666, -EEXIST },
                { "/dev//null", S_IFCHR | 0666, -EEXIST },
                { "/dev/tty", S_IFCHR | 0666, -EEXIST },
                { "/dev/urandom", S_IFCHR | 0666, -EEXIST },
                { "/dev/ptmx", S_IFCHR | 0666, -EEXIST },
                { "/dev/stderr", S_IFCHR | 0666, -EEXIST },
                { "/dev/fd", S_IFCHR | 0666, -EEXIST },
                { "/dev/shm", S_IFCHR | 0666, -EEXIST },
                { "/dev/pts", S_IFCHR | 0666, -EEXIST },
                { "/dev/mqueue", S_IFCHR | 0666, -EEXIST },
                { "/dev/fd/3", S_IFCHR | 0666, -EINVAL },
                { "/dev/pts/0", S_IFCHR | 0666, -EINVAL },
                { "/dev/null/x", S_IFCHR | 0666, -EINVAL },
                { "/dev/fuse", S_IFREG | 0666, -EINVAL },
                { "/dev/fuse", S_IFIFO | 0666, -EINVAL },
                { "/dev/fuse", 0666, -EINVAL },
                /* Against the good device already in the list. */
                { "/dev/kvm", S_IFCHR | 0666, -EEXIST },
                { "/dev/kvm/x", S_IFCHR | 0666, -EINVAL },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                const DeviceNode devices[] = {
                        { "/dev/kvm", S_IFCHR | 0666, makedev(10, 232) },
                        { (char *) cases[i].task, cases[i].mode, makedev(10, 229) },
                };
                MountPlanInput in = { .devices = devices, .n_devices = ELEMENTSOF(devices) };
                MountOp *ops = (MountOp *) 0x1;
                size_t n = 4242;
                int r = mount_plan_build(&in, &ops, &n);

                if (r != cases[i].r)
                        fail_msg("device %s: got %d, expected %d", cases[i].task, r, cases[i].r);
                assert_ptr_equal(ops, (MountOp *) 0x1);
                assert_int_equal(n, 4242);
        }

        /* A device above an earlier one is as bad as one below it. */
        const DeviceNode nested[] = {
                { "/dev/net/tun", S_IFCHR | 0666, makedev(10, 200) },
                { "/dev/net", S_IFCHR | 0666, makedev(10, 201) },
        };
        MountPlanInput in = { .devices = nested, .n_devices = ELEMENTSOF(nested) };
        MountOp *ops = NULL;
        size_t n = 0;

        assert_int_equal(mount_plan_build(&in, &ops, &n), -EINVAL);
        in.n_devices = 1;
        assert_int_equal(mount_plan_build(&in, &ops, &n), 0);
        assert_string_equal(ops[N_HEAD].target, "/dev/net/tun");
        mount_ops_free(ops, n);

        assert_int_equal(mount_plan_build(NULL, &ops, &n), -EINVAL);
}

/* Capabilities */

#define BIT(c) (UINT64_C(1) << (c))
#define ALL_CAPS_40 (BIT(41) - 1) /* a kernel with cap_last_cap = 40 */

static void test_caps_default_set(void **state) {
        uint64_t want = 0;

        assert_int_equal(caps_default_set(), UINT64_C(0x00000000a80405fb));
        for (int c = 0; c <= 40; c++)
                want |= BIT(c) * (c == CAP_AUDIT_WRITE || c == CAP_CHOWN || c == CAP_DAC_OVERRIDE || c == CAP_FOWNER ||
                                  c == CAP_FSETID || c == CAP_KILL || c == CAP_MKNOD || c == CAP_NET_BIND_SERVICE ||
                                  c == CAP_SETFCAP || c == CAP_SETGID || c == CAP_SETPCAP || c == CAP_SETUID ||
                                  c == CAP_SYS_CHROOT);
        assert_int_equal(caps_default_set(), want);
        assert_false(caps_default_set() & BIT(CAP_NET_RAW));
        assert_false(caps_default_set() & BIT(CAP_SYS_ADMIN));
}

static void test_caps_parse_list(void **state) {
        static const struct {
                const char *list;
                uint64_t mask;
                bool all;
        } good[] = {
                { "net_raw", BIT(CAP_NET_RAW), false },
                { "NET_RAW", BIT(CAP_NET_RAW), false },
                { "cap_net_raw", BIT(CAP_NET_RAW), false },
                { "CAP_NET_RAW", BIT(CAP_NET_RAW), false },
                { "Cap_Net_Raw", BIT(CAP_NET_RAW), false },
                { "net_raw,CAP_SYS_ADMIN", BIT(CAP_NET_RAW) | BIT(CAP_SYS_ADMIN), false },
                { "chown,chown", BIT(CAP_CHOWN), false },
                { "all", 0, true },
                { "ALL", 0, true },
                { "all,net_raw", BIT(CAP_NET_RAW), true },
                { "sys_ptrace,all", BIT(CAP_SYS_PTRACE), true },
                { "checkpoint_restore", BIT(40), false },
                { "audit_read,bpf,perfmon", BIT(37) | BIT(39) | BIT(38), false },
        };
        static const char *const bad[] = {
                "", ",", "net_raw,", ",net_raw", "net_raw,,chown", "nope", "cap_", "cap_all", "net raw",
                " net_raw", "net_raw ", "13", "net_rawx", "CAP_NET", "allx", "net-raw",
        };

        for (size_t i = 0; i < ELEMENTSOF(good); i++) {
                uint64_t mask = 0;
                bool all = !good[i].all;

                if (caps_parse_list(good[i].list, &mask, &all) != 0)
                        fail_msg("'%s' was refused", good[i].list);
                if (mask != good[i].mask || all != good[i].all)
                        fail_msg("'%s': mask %#" PRIx64 " all %d", good[i].list, mask, all);
        }
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                uint64_t mask = 77;
                bool all = true;
                int r = caps_parse_list(bad[i], &mask, &all);

                if (r != -EINVAL)
                        fail_msg("'%s': got %d, expected -EINVAL", bad[i], r);
                assert_int_equal(mask, 77);
                assert_true(all);
        }

        /* Every name the kernel headers know. */
        uint64_t mask = 0;
        bool all = true;
        assert_int_equal(caps_parse_list("chown,dac_override,dac_read_search,fowner,fsetid,kill,setgid,setuid,"
                                         "setpcap,linux_immutable,net_bind_service,net_broadcast,net_admin,"
                                         "net_raw,ipc_lock,ipc_owner,sys_module,sys_rawio,sys_chroot,sys_ptrace,"
                                         "sys_pacct,sys_admin,sys_boot,sys_nice,sys_resource,sys_time,"
                                         "sys_tty_config,mknod,lease,audit_write,audit_control,setfcap,"
                                         "mac_override,mac_admin,syslog,wake_alarm,block_suspend,audit_read,"
                                         "perfmon,bpf,checkpoint_restore",
                                         &mask, &all),
                         0);
        assert_int_equal(mask, ALL_CAPS_40);
        assert_false(all);
}

static void assert_sets(const CapabilitySets *s, bool root, uint64_t want) {
        if (s->bounding != want || s->permitted != want || s->effective != want)
                fail_msg("bounding %#" PRIx64 " permitted %#" PRIx64 " effective %#" PRIx64 ", expected %#" PRIx64,
                         s->bounding, s->permitted, s->effective, want);
        if (s->inheritable != (root ? 0 : want) || s->ambient != (root ? 0 : want))
                fail_msg("root=%d: inheritable %#" PRIx64 " ambient %#" PRIx64 ", expected %#" PRIx64, root,
                         s->inheritable, s->ambient, root ? 0 : want);
}

static void test_caps_plan(void **state) {
        const uint64_t defaults = UINT64_C(0xa80405fb);
        const struct {
                const char *what;
                CapsInput in;
                uint64_t want;
        } cases[] = {
                { "defaults", { .all_caps = ALL_CAPS_40 }, defaults },
                { "add net_raw", { .add = BIT(CAP_NET_RAW), .all_caps = ALL_CAPS_40 }, defaults | BIT(13) },
                { "drop chown", { .drop = BIT(CAP_CHOWN), .all_caps = ALL_CAPS_40 }, defaults & ~BIT(CAP_CHOWN) },
                { "drop all", { .drop_all = true, .all_caps = ALL_CAPS_40 }, 0 },
                { "drop all, add net_raw",
                  { .drop_all = true, .add = BIT(CAP_NET_RAW), .all_caps = ALL_CAPS_40 },
                  BIT(CAP_NET_RAW) },
                { "add wins over drop",
                  { .drop = BIT(CAP_NET_RAW) | BIT(CAP_KILL), .add = BIT(CAP_NET_RAW), .all_caps = ALL_CAPS_40 },
                  (defaults & ~BIT(CAP_KILL)) | BIT(CAP_NET_RAW) },
                { "add all", { .add_all = true, .all_caps = ALL_CAPS_40 }, ALL_CAPS_40 },
                { "add all on an older kernel", { .add_all = true, .all_caps = BIT(38) - 1 }, BIT(38) - 1 },
                { "add all, drop all", { .add_all = true, .drop_all = true, .all_caps = ALL_CAPS_40 }, ALL_CAPS_40 },
                { "add past the kernel's last cap",
                  { .add = BIT(CAP_BPF) | BIT(CAP_SYS_ADMIN), .all_caps = BIT(38) - 1 },
                  defaults | BIT(CAP_SYS_ADMIN) },
                { "defaults past the kernel's last cap", { .all_caps = BIT(CAP_SETPCAP) - 1 },
                  defaults & (BIT(CAP_SETPCAP) - 1) },
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++)
                for (int root = 0; root <= 1; root++) {
                        CapsInput in = cases[i].in;
                        CapabilitySets s;

                        memset(&s, 0xaa, sizeof(s));
                        in.root = root;
                        caps_plan_build(&in, &s);
                        print_message("# caps: %s, root=%d\n", cases[i].what, root);
                        assert_sets(&s, root, cases[i].want);
                }
}

/* Command lookup over a fake tree: host path -> probe result, anything
 * else absent. The probe records what it was asked, in order. */

typedef struct FakeEntry {
        const char *path;
        int result;
} FakeEntry;

typedef struct FakeTree {
        const FakeEntry *entries;
        size_t n;
        char asked[16][256];
        size_t n_asked;
} FakeTree;

static int fake_probe(const char *host_path, void *userdata) {
        FakeTree *t = userdata;

        if (t->n_asked < ELEMENTSOF(t->asked))
                snprintf(t->asked[t->n_asked], sizeof(t->asked[0]), "%s", host_path);
        t->n_asked++;
        for (size_t i = 0; i < t->n; i++)
                if (strcmp(t->entries[i].path, host_path) == 0)
                        return t->entries[i].result;
        return 0;
}

static void assert_asked(const FakeTree *t, const char *const *want, size_t n) {
        if (t->n_asked != n)
                fail_msg("probed %zu paths, expected %zu (first: %s)", t->n_asked, n, t->n_asked ? t->asked[0] : "-");
        for (size_t i = 0; i < n; i++)
                if (strcmp(t->asked[i], want[i]) != 0)
                        fail_msg("probe %zu: '%s', expected '%s'", i, t->asked[i], want[i]);
}

static const BindSpec lookup_binds[] = {
        { "/srv/tools", "/opt/tools", true, PROPAGATION_PRIVATE },
        { "/srv/more/", "/opt//more", false, PROPAGATION_PRIVATE },
};

static void test_exec_lookup_order(void **state) {
        static const char *const order[] = {
                "/task/local/app",       "/task/app",        "/srv/tools/app", "/srv/more/app",
                "/task/usr/local/bin/app", "/task/usr/bin/app", "/task/bin/app",
        };
        static const char *const task_paths[] = {
                "/local/app", "/app", "/opt/tools/app", "/opt/more/app", "/usr/local/bin/app", "/usr/bin/app", "/bin/app",
        };

        /* Nothing anywhere: every candidate, in order, then -ENOENT. */
        FakeTree t = {};
        char *path = (char *) 0x1;
        assert_int_equal(exec_lookup("/task", "app", lookup_binds, ELEMENTSOF(lookup_binds), fake_probe, &t, &path),
                         -ENOENT);
        assert_asked(&t, order, ELEMENTSOF(order));
        assert_ptr_equal(path, (char *) 0x1);

        /* A file at candidate k (and every later one): k wins, nothing after it is probed. */
        for (size_t k = 0; k < ELEMENTSOF(order); k++) {
                FakeEntry entries[ELEMENTSOF(order)];

                for (size_t i = 0; i < ELEMENTSOF(order); i++)
                        entries[i] = (FakeEntry) { order[i], i >= k ? 1 : 0 };
                t = (FakeTree) { .entries = entries, .n = ELEMENTSOF(entries) };
                path = NULL;
                assert_int_equal(
                        exec_lookup("/task/", "app", lookup_binds, ELEMENTSOF(lookup_binds), fake_probe, &t, &path), 0);
                assert_string_equal(path, task_paths[k]);
                assert_asked(&t, order, k + 1);
                free(path);
        }

        /* No binds: straight from the root to the system dirs. */
        static const char *const no_binds[] = {
                "/task/local/app", "/task/app", "/task/usr/local/bin/app", "/task/usr/bin/app", "/task/bin/app",
        };
        t = (FakeTree) {};
        assert_int_equal(exec_lookup("/task", "app", NULL, 0, fake_probe, &t, &path), -ENOENT);
        assert_asked(&t, no_binds, ELEMENTSOF(no_binds));
}

static void test_exec_lookup_errors_stop(void **state) {
        /* A directory at /local/app decides, even with a file further on. */
        static const FakeEntry entries[] = {
                { "/task/local/app", -EACCES },
                { "/task/usr/bin/app", 1 },
        };
        FakeTree t = { .entries = entries, .n = ELEMENTSOF(entries) };
        char *path = (char *) 0x1;

        assert_int_equal(exec_lookup("/task", "app", NULL, 0, fake_probe, &t, &path), -EACCES);
        assert_int_equal(t.n_asked, 1);
        assert_ptr_equal(path, (char *) 0x1);

        /* Any error of the probe is passed on as is. */
        static const FakeEntry io[] = { { "/task/app", -EIO } };
        t = (FakeTree) { .entries = io, .n = 1 };
        assert_int_equal(exec_lookup("/task", "app", NULL, 0, fake_probe, &t, &path), -EIO);
        assert_int_equal(t.n_asked, 2);
}

static void test_exec_lookup_slash_names(void **state) {
        static const FakeEntry entries[] = {
                { "/task/bin/sh", 1 },
                { "/task/local/run.sh", 1 },
                { "/task/etc", -EACCES },
                { "/srv/tools/bin/tool", 1 },
        };
        static const struct {
                const char *root, *name;
                int r;
                const char *probed, *task_path;
        } cases[] = {
                { "/task", "/bin/sh", 0, "/task/bin/sh", "/bin/sh" },
                { "/task/", "/bin/sh", 0, "/task/bin/sh", "/bin/sh" },
                { "/task", "bin/sh", 0, "/task/bin/sh", "/bin/sh" },
                { "/task", "./bin/sh", 0, "/task/bin/sh", "/bin/sh" },
                { "/task", "//bin///sh", 0, "/task/bin/sh", "/bin/sh" },
                { "/task", "local/run.sh", 0, "/task/local/run.sh", "/local/run.sh" },
                /* Only that path: no search through the other dirs. */
                { "/task", "/usr/bin/sh", -ENOENT, "/task/usr/bin/sh", NULL },
                { "/task", "/etc", -EACCES, "/task/etc", NULL },
                /* Inside a --mount: the host side of it is what the task will see. */
                { "/task", "/opt/tools/bin/tool", 0, "/srv/tools/bin/tool", "/opt/tools/bin/tool" },
                { "/", "/bin/sh", -ENOENT, "/bin/sh", NULL },
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                FakeTree t = { .entries = entries, .n = ELEMENTSOF(entries) };
                char *path = NULL;
                int r = exec_lookup(cases[i].root, cases[i].name, lookup_binds, ELEMENTSOF(lookup_binds), fake_probe,
                                    &t, &path);

                if (r != cases[i].r)
                        fail_msg("%s in %s: got %d, expected %d", cases[i].name, cases[i].root, r, cases[i].r);
                assert_asked(&t, &cases[i].probed, 1);
                if (cases[i].task_path)
                        assert_string_equal(path, cases[i].task_path);
                else
                        assert_null(path);
                free(path);
        }
}

static void test_exec_lookup_bad_input(void **state) {
        static const char *const bad_names[] = {
                "", ".", "..", "../bin/sh", "/bin/../sh", "bin/..", "/..", "a\nb", "a\tb", "bin/", "/bin/sh/",
                "\x7f",
        };
        for (size_t i = 0; i < ELEMENTSOF(bad_names); i++) {
                FakeTree t = {};
                char *path = (char *) 0x1;
                int r = exec_lookup("/task", bad_names[i], NULL, 0, fake_probe, &t, &path);

                if (r != -EINVAL)
                        fail_msg("name '%s': got %d, expected -EINVAL", bad_names[i], r);
                assert_int_equal(t.n_asked, 0);
                assert_ptr_equal(path, (char *) 0x1);
        }

        /* ".." only matters as a path component. */
        static const FakeEntry dots[] = { { "/task/local/app..v2", 1 } };
        FakeTree t = { .entries = dots, .n = 1 };
        char *path = NULL;
        assert_int_equal(exec_lookup("/task", "app..v2", NULL, 0, fake_probe, &t, &path), 0);
        assert_string_equal(path, "/local/app..v2");
        free(path);

        t = (FakeTree) {};
        assert_int_equal(exec_lookup("task", "app", NULL, 0, fake_probe, &t, &path), -EINVAL);
        assert_int_equal(exec_lookup(NULL, "app", NULL, 0, fake_probe, &t, &path), -EINVAL);
        assert_int_equal(exec_lookup("/task", NULL, NULL, 0, fake_probe, &t, &path), -EINVAL);
        assert_int_equal(exec_lookup("/task", "app", NULL, 0, NULL, &t, &path), -EINVAL);
        const BindSpec relative[] = { { "srv", "/opt", false, PROPAGATION_PRIVATE } };
        assert_int_equal(exec_lookup("/task", "app", relative, 1, fake_probe, &t, &path), -EINVAL);
        assert_int_equal(t.n_asked, 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_propagation_strings_and_flags),
                cmocka_unit_test(test_mount_kind_strings),
                cmocka_unit_test(test_default_plan_private),
                cmocka_unit_test(test_default_plan_host_ipc_and_pid),
                cmocka_unit_test(test_binds_in_order),
                cmocka_unit_test(test_devices_after_binds),
                cmocka_unit_test(test_bad_binds),
                cmocka_unit_test(test_bad_devices),
                cmocka_unit_test(test_caps_default_set),
                cmocka_unit_test(test_caps_parse_list),
                cmocka_unit_test(test_caps_plan),
                cmocka_unit_test(test_exec_lookup_order),
                cmocka_unit_test(test_exec_lookup_errors_stop),
                cmocka_unit_test(test_exec_lookup_slash_names),
                cmocka_unit_test(test_exec_lookup_bad_input),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
