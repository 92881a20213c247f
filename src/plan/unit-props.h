/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The properties of a transient unit as plain data: what StartTransientUnit
 * will be sent, built without a bus so that it can be tested and printed. */
typedef enum UnitPropType {
        UNIT_PROP_STRING,   /* s */
        UNIT_PROP_BOOL,     /* b */
        UNIT_PROP_U64,      /* t */
        UNIT_PROP_PIDS,     /* au */
        _UNIT_PROP_TYPE_MAX,
} UnitPropType;

typedef struct UnitProp {
        const char *name; /* bus name, e.g. "Delegate"; static storage, not copied */
        UnitPropType type;
        union {
                char *str;
                bool b;
                uint64_t u64;
                struct {
                        uint32_t *pids;
                        size_t n_pids;
                };
        };
} UnitProp;

typedef struct UnitProps {
        UnitProp *items;
        size_t n;
} UnitProps;

const char *unit_prop_type_to_signature(UnitPropType t);

int unit_props_add_string(UnitProps *p, const char *name, const char *value);
int unit_props_add_bool(UnitProps *p, const char *name, bool value);
int unit_props_add_u64(UnitProps *p, const char *name, uint64_t value);
int unit_props_add_pids(UnitProps *p, const char *name, const pid_t *pids, size_t n);

const UnitProp *unit_props_find(const UnitProps *p, const char *name);
void unit_props_done(UnitProps *p);
