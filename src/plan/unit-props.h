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
        UNIT_PROP_U32,      /* u */
        UNIT_PROP_I32,      /* i */
        UNIT_PROP_PIDS,     /* au */
        UNIT_PROP_BYTES,    /* ay: CPU and NUMA node masks */
        UNIT_PROP_PAIRS,    /* a(ss): DeviceAllow */
        _UNIT_PROP_TYPE_MAX,
} UnitPropType;

typedef struct UnitProp {
        const char *name; /* bus name, e.g. "Delegate"; static storage, not copied */
        UnitPropType type;
        union {
                char *str;
                bool b;
                uint64_t u64;
                uint32_t u32;
                int32_t i32;
                struct {
                        uint32_t *pids;
                        size_t n_pids;
                };
                struct {
                        uint8_t *bytes;
                        size_t n_bytes;
                };
                struct {
                        char **pairs; /* 2 * n_pairs strings: first, second, ... */
                        size_t n_pairs;
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
int unit_props_add_u32(UnitProps *p, const char *name, uint32_t value);
int unit_props_add_i32(UnitProps *p, const char *name, int32_t value);
int unit_props_add_pids(UnitProps *p, const char *name, const pid_t *pids, size_t n);
int unit_props_add_bytes(UnitProps *p, const char *name, const uint8_t *bytes, size_t n);

/* a(ss) lists grow: each call appends one pair, as repeated DeviceAllow=
 * lines do. unit_props_reset_pairs() makes the list empty, which systemd
 * takes as "clear", as an empty DeviceAllow= does. */
int unit_props_append_pair(UnitProps *p, const char *name, const char *first, const char *second);
int unit_props_reset_pairs(UnitProps *p, const char *name);

const UnitProp *unit_props_find(const UnitProps *p, const char *name);
void unit_props_done(UnitProps *p);
