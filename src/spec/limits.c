/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "basic/log.h"
#include "basic/macro.h"
#include "basic/parse-util.h"
#include "spec/limits.h"
#include "spec/unit-property.h"

#define CPU_SHARES_MIN 2
#define CPU_SHARES_MAX 262144

static int bad(const char *opt, const char *value, int r, const char *expected) {
        log_error("invalid value '%s' for --%s: %s%s", value, opt, r == -ERANGE ? "out of range; expected " : "expected ",
                  expected);
        return r == -ERANGE ? -ERANGE : -EINVAL;
}

/* Sizes of limits: zero would forbid the task everything, so it is refused. */
static int apply_size(const char *opt, const char *value, uint64_t *ret) {
        uint64_t v;
        int r = parse_size(value, &v);

        if (r == 0 && v == 0)
                r = -ERANGE;
        if (r < 0)
                return bad(opt, value, r, "a size above 0 like 512M or 2G (K, M, G, T: base 1024)");
        *ret = v;
        return 0;
}

static int apply_range(const char *opt, const char *value, uint64_t min, uint64_t max, uint64_t *ret) {
        char expected[64];
        int r = parse_uint64_range(value, min, max, ret);

        if (r < 0) {
                snprintf(expected, sizeof(expected), "a whole number from %llu to %llu", (unsigned long long) min,
                         (unsigned long long) max);
                return bad(opt, value, r, expected);
        }
        return 0;
}

static int apply_device(LimitsSpec *l, const char *value) {
        _cleanup_free_ char *copy = strdup(value);
        char *host, *task, *perms;
        DeviceSpec *d;
        struct stat st;

        if (!copy)
                return -ENOMEM;
        host = copy;
        task = strchr(host, ':');
        if (task)
                *task++ = '\0';
        perms = task ? strchr(task, ':') : NULL;
        if (perms)
                *perms++ = '\0';
        if (!task || !*task)
                task = host;
        if (!perms)
                perms = "rwm";

        if (strncmp(host, "/dev/", 5) != 0 || strstr(host, "/../"))
                return bad("device", value, -EINVAL, "HOST[:TASK[:PERMS]] with HOST a path under /dev/");
        if (strncmp(task, "/dev/", 5) != 0 || strstr(task, "/../") || strcmp(task + strlen(task) - 3, "/..") == 0)
                return bad("device", value, -EINVAL, "TASK, if given, a path under /dev/");
        if (!*perms || strlen(perms) > 3 || strspn(perms, "rwm") != strlen(perms))
                return bad("device", value, -EINVAL, "PERMS made of r, w and m");
        if (stat(host, &st) < 0) {
                log_error("invalid value '%s' for --device: %s: %m", value, host);
                return -EINVAL;
        }
        if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) {
                log_error("invalid value '%s' for --device: %s is not a device node", value, host);
                return -EINVAL;
        }

        d = realloc(l->devices, (l->n_devices + 1) * sizeof(DeviceSpec));
        if (!d)
                return -ENOMEM;
        l->devices = d;
        d = &l->devices[l->n_devices];
        *d = (DeviceSpec) {};
        d->host = strdup(host);
        d->task = strdup(task);
        if (!d->host || !d->task) {
                free(d->host);
                free(d->task);
                return -ENOMEM;
        }
        strcpy(d->perms, perms);
        l->n_devices++;
        return 0;
}

int limits_spec_apply(LimitsSpec *l, int opt, const char *value, int runtime) {
        char buf[32];
        int r;

        switch (opt) {
        case LIMIT_OPT_MEMORY:
                return apply_size("memory", value, &l->memory);
        case LIMIT_OPT_MEMORY_MAX:
                return apply_size("memory-max", value, &l->memory_max);
        case LIMIT_OPT_MEMORY_SWAP:
                l->memory_swap_set = 1;
                return apply_size("memory-swap", value, &l->memory_swap);
        case LIMIT_OPT_CPU_SHARES:
                return apply_range("cpu-shares", value, CPU_SHARES_MIN, CPU_SHARES_MAX, &l->cpu_shares);
        case LIMIT_OPT_CPU_WEIGHT:
                return apply_range("cpu-weight", value, 1, 10000, &l->cpu_weight);
        case LIMIT_OPT_CPUS: {
                _cleanup_free_ uint8_t *mask = NULL;
                size_t n;

                r = parse_cpu_set(value, &mask, &n);
                if (r < 0)
                        return bad("cpus", value, r, "a list of CPU numbers and ranges like 0-1,3");
                l->cpus = value;
                return 0;
        }
        case LIMIT_OPT_CPU_QUOTA:
                /* "50" and "50%" both mean half a CPU. */
                if (snprintf(buf, sizeof(buf), "%s%s", value,
                             value[0] && value[strlen(value) - 1] == '%' ? "" : "%") >= (int) sizeof(buf))
                        r = -EINVAL;
                else
                        r = parse_cpu_quota(buf, &l->cpu_quota);
                if (r < 0)
                        return bad("cpu-quota", value, r, "a percentage of one CPU above 0, like 50 or 200%");
                return 0;
        case LIMIT_OPT_PIDS_MAX:
                return apply_range("pids-max", value, 1, UINT32_MAX, &l->pids_max);
        case LIMIT_OPT_IO_WEIGHT:
                return apply_range("io-weight", value, 1, 10000, &l->io_weight);
        case LIMIT_OPT_DEVICE:
                if (runtime) {
                        log_error("--device cannot change on a running task (its /dev is already made)");
                        return -EINVAL;
                }
                return apply_device(l, value);
        case LIMIT_OPT_PROPERTY:
                return runtime ? unit_property_parse_runtime(value, &l->properties)
                               : unit_property_parse(value, &l->properties);
        }
        return -EINVAL;
}

int limits_spec_validate(const LimitsSpec *l) {
        if (l->memory_max && l->memory > l->memory_max) {
                log_error("--memory (%llu bytes) is above --memory-max (%llu bytes): the reservation must fit under the limit",
                          (unsigned long long) l->memory, (unsigned long long) l->memory_max);
                return -EINVAL;
        }
        if (l->cpu_shares && l->cpu_weight) {
                log_error("--cpu-shares and --cpu-weight set the same thing: give one");
                return -EINVAL;
        }
        return 0;
}

void limits_spec_done(LimitsSpec *l) {
        for (size_t i = 0; i < l->n_devices; i++) {
                free(l->devices[i].host);
                free(l->devices[i].task);
        }
        free(l->devices);
        l->devices = NULL;
        l->n_devices = 0;
        unit_props_done(&l->properties);
}
