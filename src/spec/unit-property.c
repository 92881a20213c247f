/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic/log.h"
#include "basic/macro.h"
#include "basic/parse-util.h"
#include "spec/unit-property.h"

static const char *const device_policies[] = { "auto", "closed", "strict", NULL };
static const char *const collect_modes[] = { "inactive", "inactive-or-failed", NULL };
static const char *const oom_policies[] = { "continue", "stop", "kill", NULL };
static const char *const managed_oom_modes[] = { "auto", "kill", NULL };
static const char *const managed_oom_preferences[] = { "none", "avoid", "omit", NULL };

/* The resource-control properties a scope accepts, plus the few unit and
 * kill settings that make sense for a task. Sorted by name. */
static const UnitPropertyInfo properties[] = {
        { "AllowedCPUs", "AllowedCPUs", UPK_CPU_SET, true, NULL },
        { "AllowedMemoryNodes", "AllowedMemoryNodes", UPK_CPU_SET, true, NULL },
        { "CPUAccounting", "CPUAccounting", UPK_BOOL, true, NULL },
        { "CPUQuota", "CPUQuotaPerSecUSec", UPK_CPU_QUOTA, true, NULL },
        { "CPUQuotaPeriodSec", "CPUQuotaPeriodUSec", UPK_SEC, true, NULL },
        { "CPUWeight", "CPUWeight", UPK_WEIGHT, true, NULL },
        { "CollectMode", "CollectMode", UPK_ENUM, false, collect_modes },
        { "Description", "Description", UPK_STRING, true, NULL },
        { "DeviceAllow", "DeviceAllow", UPK_DEVICE_ALLOW, true, NULL },
        { "DevicePolicy", "DevicePolicy", UPK_ENUM, true, device_policies },
        { "IOAccounting", "IOAccounting", UPK_BOOL, true, NULL },
        { "IOWeight", "IOWeight", UPK_WEIGHT, true, NULL },
        { "KillSignal", "KillSignal", UPK_SIGNAL, false, NULL },
        { "ManagedOOMMemoryPressure", "ManagedOOMMemoryPressure", UPK_ENUM, true, managed_oom_modes },
        { "ManagedOOMMemoryPressureLimit", "ManagedOOMMemoryPressureLimit", UPK_PERMYRIAD, true, NULL },
        { "ManagedOOMPreference", "ManagedOOMPreference", UPK_ENUM, true, managed_oom_preferences },
        { "ManagedOOMSwap", "ManagedOOMSwap", UPK_ENUM, true, managed_oom_modes },
        { "MemoryAccounting", "MemoryAccounting", UPK_BOOL, true, NULL },
        { "MemoryHigh", "MemoryHigh", UPK_MEMORY, true, NULL },
        { "MemoryLow", "MemoryLow", UPK_MEMORY, true, NULL },
        { "MemoryMax", "MemoryMax", UPK_MEMORY, true, NULL },
        { "MemoryMin", "MemoryMin", UPK_MEMORY, true, NULL },
        { "MemorySwapMax", "MemorySwapMax", UPK_MEMORY, true, NULL },
        { "OOMPolicy", "OOMPolicy", UPK_ENUM, false, oom_policies },
        { "RuntimeMaxSec", "RuntimeMaxUSec", UPK_SEC, false, NULL },
        { "SendSIGHUP", "SendSIGHUP", UPK_BOOL, false, NULL },
        { "SendSIGKILL", "SendSIGKILL", UPK_BOOL, false, NULL },
        { "StartupAllowedCPUs", "StartupAllowedCPUs", UPK_CPU_SET, true, NULL },
        { "StartupAllowedMemoryNodes", "StartupAllowedMemoryNodes", UPK_CPU_SET, true, NULL },
        { "StartupCPUWeight", "StartupCPUWeight", UPK_WEIGHT, true, NULL },
        { "StartupIOWeight", "StartupIOWeight", UPK_WEIGHT, true, NULL },
        { "TasksAccounting", "TasksAccounting", UPK_BOOL, true, NULL },
        { "TasksMax", "TasksMax", UPK_TASKS, true, NULL },
        { "TimeoutStopSec", "TimeoutStopUSec", UPK_SEC, false, NULL },
};

/* Names taskscope sets itself: changing them would break what it relies on. */
static const struct {
        const char *name;
        const char *instead;
} owned[] = {
        { "Delegate", "taskscope always delegates the scope's cgroup" },
        { "Slice", "use --slice" },
        { "PIDs", "taskscope places the task itself" },
};

const UnitPropertyInfo *unit_property_lookup(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(properties); i++)
                if (strcmp(properties[i].name, name) == 0)
                        return &properties[i];
        return NULL;
}

/* As systemd scales a percentage for the *Scale properties. */
static uint32_t scale_from_permyriad(uint32_t p) {
        return (uint32_t) (((uint64_t) p * UINT32_MAX + 5000) / 10000);
}

static int bad_value(const char *name, const char *value, int r, const char *expected) {
        log_error("invalid value '%s' for property %s: %s%s", value, name,
                  r == -ERANGE ? "out of range; expected " : "expected ", expected);
        return r == -ERANGE ? -ERANGE : -EINVAL;
}

static int parse_memory(const UnitPropertyInfo *info, const char *value, UnitProps *props) {
        uint64_t bytes;
        uint32_t pm;
        int r;

        if (strchr(value, '%')) {
                /* A share of physical memory: systemd resolves it, via <Name>Scale. */
                static const struct {
                        const char *name, *scale;
                } scales[] = {
                        { "MemoryMin", "MemoryMinScale" },   { "MemoryLow", "MemoryLowScale" },
                        { "MemoryHigh", "MemoryHighScale" }, { "MemoryMax", "MemoryMaxScale" },
                        { "MemorySwapMax", "MemorySwapMaxScale" },
                };
                r = parse_permyriad(value, &pm);
                if (r < 0)
                        return bad_value(info->name, value, r, "a percentage from 0% to 100%");
                for (size_t i = 0; i < ELEMENTSOF(scales); i++)
                        if (strcmp(scales[i].name, info->bus_name) == 0)
                                return unit_props_add_u32(props, scales[i].scale, scale_from_permyriad(pm));
                return -EINVAL;
        }
        r = parse_size_or_infinity(value, &bytes);
        if (r < 0)
                return bad_value(info->name, value, r, "bytes with an optional K, M, G or T suffix, a percentage, or 'infinity'");
        return unit_props_add_u64(props, info->bus_name, bytes);
}

static int parse_device_allow(const UnitPropertyInfo *info, const char *value, UnitProps *props) {
        _cleanup_free_ char *path = NULL;
        const char *sp, *perms = "rwm";

        if (value[0] == '\0')
                return unit_props_reset_pairs(props, info->bus_name);
        sp = strchr(value, ' ');
        path = sp ? strndup(value, (size_t) (sp - value)) : strdup(value);
        if (!path)
                return -ENOMEM;
        if (sp) {
                perms = sp + strspn(sp, " ");
                if (perms[0] == '\0' || strspn(perms, "rwm") != strlen(perms))
                        return bad_value(info->name, value, -EINVAL, "'PATH [rwm]' with permissions from r, w, m");
        }
        /* systemd takes device nodes, and "char-NAME"/"block-NAME" groups from /proc/devices. */
        if (strncmp(path, "/dev/", 5) != 0 && strncmp(path, "char-", 5) != 0 && strncmp(path, "block-", 6) != 0)
                return bad_value(info->name, value, -EINVAL, "a path under /dev/, or char-NAME or block-NAME");
        return unit_props_append_pair(props, info->bus_name, path, perms);
}

static int unit_property_parse_value(const UnitPropertyInfo *info, const char *value, UnitProps *props) {
        uint64_t u;
        uint32_t pm;
        int r, sig;

        if (value[0] == '\0' && info->kind != UPK_DEVICE_ALLOW && info->kind != UPK_CPU_QUOTA &&
            info->kind != UPK_STRING) {
                log_error("property %s needs a value", info->name);
                return -EINVAL;
        }

        switch (info->kind) {
        case UPK_STRING:
                return unit_props_add_string(props, info->bus_name, value);
        case UPK_ENUM: {
                char expected[128] = "one of";

                for (const char *const *v = info->values; *v; v++) {
                        if (strcmp(*v, value) == 0)
                                return unit_props_add_string(props, info->bus_name, value);
                        snprintf(expected + strlen(expected), sizeof(expected) - strlen(expected), "%s %s",
                                 v == info->values ? "" : ",", *v);
                }
                return bad_value(info->name, value, -EINVAL, expected);
        }
        case UPK_BOOL:
                r = parse_boolean(value);
                if (r < 0)
                        return bad_value(info->name, value, r, "yes or no");
                return unit_props_add_bool(props, info->bus_name, r);
        case UPK_MEMORY:
                return parse_memory(info, value, props);
        case UPK_TASKS:
                if (strchr(value, '%')) {
                        r = parse_permyriad(value, &pm);
                        if (r < 0)
                                return bad_value(info->name, value, r, "a percentage from 0% to 100%");
                        return unit_props_add_u32(props, "TasksMaxScale", scale_from_permyriad(pm));
                }
                if (strcmp(value, "infinity") == 0)
                        u = UINT64_MAX;
                else if ((r = parse_uint64_range(value, 1, UINT64_MAX - 1, &u)) < 0)
                        return bad_value(info->name, value, r, "a number of tasks from 1, a percentage, or 'infinity'");
                return unit_props_add_u64(props, info->bus_name, u);
        case UPK_WEIGHT:
                r = parse_uint64_range(value, 1, 10000, &u);
                if (r < 0)
                        return bad_value(info->name, value, r, "a weight from 1 to 10000");
                return unit_props_add_u64(props, info->bus_name, u);
        case UPK_CPU_QUOTA:
                if (value[0] == '\0')
                        return unit_props_add_u64(props, info->bus_name, UINT64_MAX);
                r = parse_cpu_quota(value, &u);
                if (r < 0)
                        return bad_value(info->name, value, r, "a percentage above 0%, like 50% or 200%");
                return unit_props_add_u64(props, info->bus_name, u);
        case UPK_CPU_SET: {
                _cleanup_free_ uint8_t *mask = NULL;
                size_t n;

                r = parse_cpu_set(value, &mask, &n);
                if (r < 0)
                        return bad_value(info->name, value, r, "a list of numbers and ranges like 0-1,3");
                return unit_props_add_bytes(props, info->bus_name, mask, n);
        }
        case UPK_SEC:
                r = parse_sec(value, &u);
                if (r < 0)
                        return bad_value(info->name, value, r, "a time span like 30s, 5min, 1h 30min, or 'infinity'");
                return unit_props_add_u64(props, info->bus_name, u);
        case UPK_SIGNAL:
                r = parse_signal(value, &sig);
                if (r < 0)
                        return bad_value(info->name, value, r, "a signal name like SIGTERM or a number");
                return unit_props_add_i32(props, info->bus_name, sig);
        case UPK_DEVICE_ALLOW:
                return parse_device_allow(info, value, props);
        case UPK_PERMYRIAD:
                r = parse_permyriad(value, &pm);
                if (r < 0)
                        return bad_value(info->name, value, r, "a percentage from 0% to 100%");
                return unit_props_add_u32(props, info->bus_name, scale_from_permyriad(pm));
        }
        return -EINVAL;
}

static int unit_property_parse_full(const char *assignment, UnitProps *props, bool runtime_only) {
        _cleanup_free_ char *name = NULL;
        const UnitPropertyInfo *info;
        const char *eq = strchr(assignment, '=');

        if (!eq || eq == assignment) {
                log_error("invalid property '%s': expected NAME=VALUE", assignment);
                return -EINVAL;
        }
        name = strndup(assignment, (size_t) (eq - assignment));
        if (!name)
                return -ENOMEM;

        for (size_t i = 0; i < ELEMENTSOF(owned); i++)
                if (strcmp(owned[i].name, name) == 0) {
                        log_error("property %s cannot be set: %s", name, owned[i].instead);
                        return -EINVAL;
                }
        info = unit_property_lookup(name);
        if (!info) {
                log_error("unknown property '%s' (see 'Properties' in taskscope(1))", name);
                return -EINVAL;
        }
        if (runtime_only && !info->runtime) {
                log_error("property %s cannot change on a running scope (only resource-control settings and Description can)",
                          name);
                return -EINVAL;
        }
        return unit_property_parse_value(info, eq + 1, props);
}

int unit_property_parse(const char *assignment, UnitProps *props) {
        return unit_property_parse_full(assignment, props, false);
}

int unit_property_parse_runtime(const char *assignment, UnitProps *props) {
        return unit_property_parse_full(assignment, props, true);
}
