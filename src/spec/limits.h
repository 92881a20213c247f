/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdint.h>

#include "plan/unit-props.h"

/* The resource options of `run` and `update`, as given, before they become
 * unit properties. 0 or NULL means "not given". */
typedef struct DeviceSpec {
        char *host;  /* /dev/... on the host */
        char *task;  /* where it appears in the task's /dev (default: host path) */
        char perms[4]; /* subset of "rwm" */
} DeviceSpec;

typedef struct LimitsSpec {
        uint64_t memory;       /* --memory */
        uint64_t memory_max;   /* --memory-max */
        uint64_t memory_swap;  /* --memory-swap */
        int memory_swap_set;
        uint64_t cpu_shares;   /* --cpu-shares */
        uint64_t cpu_weight;   /* --cpu-weight */
        const char *cpus;      /* --cpus */
        uint64_t cpu_quota;    /* --cpu-quota, usec per second */
        uint64_t pids_max;     /* --pids-max */
        uint64_t io_weight;    /* --io-weight */
        DeviceSpec *devices;   /* --device */
        size_t n_devices;
        UnitProps properties;  /* -p NAME=VALUE, in order */
} LimitsSpec;

/* Long options shared by `run` and `update`; their ids start at LIMIT_OPT_BASE. */
#define LIMIT_OPT_BASE 0x200
enum {
        LIMIT_OPT_MEMORY = LIMIT_OPT_BASE,
        LIMIT_OPT_MEMORY_MAX,
        LIMIT_OPT_MEMORY_SWAP,
        LIMIT_OPT_CPU_SHARES,
        LIMIT_OPT_CPU_WEIGHT,
        LIMIT_OPT_CPUS,
        LIMIT_OPT_CPU_QUOTA,
        LIMIT_OPT_PIDS_MAX,
        LIMIT_OPT_IO_WEIGHT,
        LIMIT_OPT_DEVICE,
        LIMIT_OPT_PROPERTY, /* also -p */
        _LIMIT_OPT_END,
};

#define LIMIT_LONG_OPTIONS                                                      \
        { "memory", required_argument, NULL, LIMIT_OPT_MEMORY },             \
        { "memory-max", required_argument, NULL, LIMIT_OPT_MEMORY_MAX },     \
        { "memory-swap", required_argument, NULL, LIMIT_OPT_MEMORY_SWAP },   \
        { "cpu-shares", required_argument, NULL, LIMIT_OPT_CPU_SHARES },     \
        { "cpu-weight", required_argument, NULL, LIMIT_OPT_CPU_WEIGHT },     \
        { "cpus", required_argument, NULL, LIMIT_OPT_CPUS },                 \
        { "cpu-quota", required_argument, NULL, LIMIT_OPT_CPU_QUOTA },       \
        { "pids-max", required_argument, NULL, LIMIT_OPT_PIDS_MAX },         \
        { "io-weight", required_argument, NULL, LIMIT_OPT_IO_WEIGHT },       \
        { "device", required_argument, NULL, LIMIT_OPT_DEVICE },             \
        { "property", required_argument, NULL, LIMIT_OPT_PROPERTY }

#define LIMIT_HELP                                                                               \
        "Limits (systemd enforces them on the scope):\n"                                          \
        "      --memory SIZE       reserved memory; the hard limit unless --memory-max is given\n" \
        "      --memory-max SIZE   hard limit; --memory then becomes the soft guarantee\n"        \
        "      --memory-swap SIZE  swap the task may use (default: none)\n"                      \
        "      --cpu-shares N      CPU shares as Nomad counts them (2..262144), as a weight\n"   \
        "      --cpu-weight N      CPU weight, 1..10000 (default 100)\n"                         \
        "      --cpus LIST         CPUs the task may run on, e.g. 0-1,3\n"                       \
        "      --cpu-quota PCT     hard CPU cap in percent of one CPU, e.g. 50 or 200%%\n"       \
        "      --pids-max N        most tasks (processes and threads)\n"                         \
        "      --io-weight N       IO weight, 1..10000\n"                                        \
        "      --device HOST[:TASK[:PERMS]]  allow a device (PERMS from rwm, default rwm);\n"    \
        "                          any --device closes the device policy to the defaults\n"      \
        "  -p, --property NAME=VALUE  a unit property as in systemd-run -p, e.g. MemoryHigh=1G\n" \
        "SIZE: bytes with an optional K, M, G or T suffix (base 1024).\n"

/* Apply one option (LIMIT_OPT_*) with its value. Logs one line naming the
 * bad value and returns -EINVAL or -ERANGE. runtime: for `update` (no
 * --device, and -p refuses what cannot change on a running scope). */
int limits_spec_apply(LimitsSpec *l, int opt, const char *value, int runtime);

/* Checks across options (--memory-max below --memory, shares and weight). */
int limits_spec_validate(const LimitsSpec *l);

void limits_spec_done(LimitsSpec *l);
