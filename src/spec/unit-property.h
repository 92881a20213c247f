/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "plan/unit-props.h"

/* `-p NAME=VALUE` as systemd-run takes it: the unit-file spelling and value
 * syntax users know, converted to the bus name and type a scope takes
 * (CPUQuota=50% -> CPUQuotaPerSecUSec=500000). */

typedef enum UnitPropertyKind {
        UPK_STRING,
        UPK_ENUM,
        UPK_BOOL,
        UPK_MEMORY,     /* bytes, K/M/G/T, "infinity", or N% (-> <Bus>Scale) */
        UPK_TASKS,      /* number, "infinity", or N% (-> TasksMaxScale) */
        UPK_WEIGHT,     /* 1..10000 */
        UPK_CPU_QUOTA,  /* N% -> usec per second; empty: no quota */
        UPK_CPU_SET,    /* "0-1,3" -> byte mask */
        UPK_SEC,        /* time span -> usec */
        UPK_SIGNAL,
        UPK_DEVICE_ALLOW,
        UPK_PERMYRIAD,  /* N% -> u32 scaled, as ManagedOOMMemoryPressureLimit */
} UnitPropertyKind;

typedef struct UnitPropertyInfo {
        const char *name;     /* unit-file name */
        const char *bus_name; /* what StartTransientUnit takes */
        UnitPropertyKind kind;
        bool runtime;         /* may change on a running scope (cgroup settings, Description) */
        const char *const *values; /* UPK_ENUM: the accepted values, NULL-terminated */
} UnitPropertyInfo;

const UnitPropertyInfo *unit_property_lookup(const char *name);

/* Parse "NAME=VALUE" into props. Logs one line naming the bad name or value
 * and returns -EINVAL (unknown or refused name, value of the wrong shape) or
 * -ERANGE (out of range). */
int unit_property_parse(const char *assignment, UnitProps *props);

/* For `update`: like unit_property_parse(), but refuses properties systemd
 * cannot change on a running scope, naming them. */
int unit_property_parse_runtime(const char *assignment, UnitProps *props);
