/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "plan/unit-props.h"

const char *unit_prop_type_to_signature(UnitPropType t) {
        static const char *const table[_UNIT_PROP_TYPE_MAX] = {
                [UNIT_PROP_STRING] = "s",
                [UNIT_PROP_BOOL] = "b",
                [UNIT_PROP_U64] = "t",
                [UNIT_PROP_U32] = "u",
                [UNIT_PROP_I32] = "i",
                [UNIT_PROP_PIDS] = "au",
                [UNIT_PROP_BYTES] = "ay",
                [UNIT_PROP_PAIRS] = "a(ss)",
        };
        return (unsigned) t < _UNIT_PROP_TYPE_MAX ? table[t] : NULL;
}

static void unit_prop_free_value(UnitProp *u) {
        switch (u->type) {
        case UNIT_PROP_STRING:
                free(u->str);
                break;
        case UNIT_PROP_PIDS:
                free(u->pids);
                break;
        case UNIT_PROP_BYTES:
                free(u->bytes);
                break;
        case UNIT_PROP_PAIRS:
                for (size_t i = 0; i < 2 * u->n_pairs; i++)
                        free(u->pairs[i]);
                free(u->pairs);
                break;
        default:
                break;
        }
}

/* A later property of the same name replaces the earlier one, as repeated
 * unit-file assignments do for the scalar properties. */
static UnitProp *unit_props_slot(UnitProps *p, const char *name) {
        UnitProp *items;

        for (size_t i = 0; i < p->n; i++)
                if (strcmp(p->items[i].name, name) == 0) {
                        UnitProp *old = &p->items[i];
                        unit_prop_free_value(old);
                        memset(old, 0, sizeof(*old));
                        old->name = name;
                        return old;
                }

        items = realloc(p->items, (p->n + 1) * sizeof(UnitProp));
        if (!items)
                return NULL;
        p->items = items;
        memset(&items[p->n], 0, sizeof(UnitProp));
        items[p->n].name = name;
        return &items[p->n++];
}

int unit_props_add_string(UnitProps *p, const char *name, const char *value) {
        char *copy = strdup(value);
        UnitProp *u;

        if (!copy)
                return -ENOMEM;
        u = unit_props_slot(p, name);
        if (!u) {
                free(copy);
                return -ENOMEM;
        }
        u->type = UNIT_PROP_STRING;
        u->str = copy;
        return 0;
}

int unit_props_add_bool(UnitProps *p, const char *name, bool value) {
        UnitProp *u = unit_props_slot(p, name);

        if (!u)
                return -ENOMEM;
        u->type = UNIT_PROP_BOOL;
        u->b = value;
        return 0;
}

int unit_props_add_u64(UnitProps *p, const char *name, uint64_t value) {
        UnitProp *u = unit_props_slot(p, name);

        if (!u)
                return -ENOMEM;
        u->type = UNIT_PROP_U64;
        u->u64 = value;
        return 0;
}

int unit_props_add_u32(UnitProps *p, const char *name, uint32_t value) {
        UnitProp *u = unit_props_slot(p, name);

        if (!u)
                return -ENOMEM;
        u->type = UNIT_PROP_U32;
        u->u32 = value;
        return 0;
}

int unit_props_add_i32(UnitProps *p, const char *name, int32_t value) {
        UnitProp *u = unit_props_slot(p, name);

        if (!u)
                return -ENOMEM;
        u->type = UNIT_PROP_I32;
        u->i32 = value;
        return 0;
}

int unit_props_add_bytes(UnitProps *p, const char *name, const uint8_t *bytes, size_t n) {
        uint8_t *copy = malloc(n ? n : 1);
        UnitProp *u;

        if (!copy)
                return -ENOMEM;
        if (n)
                memcpy(copy, bytes, n);
        u = unit_props_slot(p, name);
        if (!u) {
                free(copy);
                return -ENOMEM;
        }
        u->type = UNIT_PROP_BYTES;
        u->bytes = copy;
        u->n_bytes = n;
        return 0;
}

static UnitProp *unit_props_find_mutable(UnitProps *p, const char *name) {
        for (size_t i = 0; i < p->n; i++)
                if (strcmp(p->items[i].name, name) == 0)
                        return &p->items[i];
        return NULL;
}

int unit_props_reset_pairs(UnitProps *p, const char *name) {
        UnitProp *u = unit_props_slot(p, name);

        if (!u)
                return -ENOMEM;
        u->type = UNIT_PROP_PAIRS;
        return 0;
}

int unit_props_append_pair(UnitProps *p, const char *name, const char *first, const char *second) {
        UnitProp *u = unit_props_find_mutable(p, name);
        char *a, *b, **pairs;

        if (u && u->type != UNIT_PROP_PAIRS)
                return -EINVAL;
        if (!u) {
                int r = unit_props_reset_pairs(p, name);
                if (r < 0)
                        return r;
                u = unit_props_find_mutable(p, name);
        }
        a = strdup(first);
        b = strdup(second);
        pairs = realloc(u->pairs, 2 * (u->n_pairs + 1) * sizeof(char *));
        if (!a || !b || !pairs) {
                free(a);
                free(b);
                if (pairs)
                        u->pairs = pairs;
                return -ENOMEM;
        }
        u->pairs = pairs;
        pairs[2 * u->n_pairs] = a;
        pairs[2 * u->n_pairs + 1] = b;
        u->n_pairs++;
        return 0;
}

int unit_props_add_pids(UnitProps *p, const char *name, const pid_t *pids, size_t n) {
        uint32_t *copy = calloc(n ? n : 1, sizeof(uint32_t));
        UnitProp *u;

        if (!copy)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                if (pids[i] <= 0) {
                        free(copy);
                        return -EINVAL;
                }
                copy[i] = (uint32_t) pids[i];
        }
        u = unit_props_slot(p, name);
        if (!u) {
                free(copy);
                return -ENOMEM;
        }
        u->type = UNIT_PROP_PIDS;
        u->pids = copy;
        u->n_pids = n;
        return 0;
}

const UnitProp *unit_props_find(const UnitProps *p, const char *name) {
        return unit_props_find_mutable((UnitProps *) p, name);
}

void unit_props_done(UnitProps *p) {
        for (size_t i = 0; i < p->n; i++)
                unit_prop_free_value(&p->items[i]);
        free(p->items);
        p->items = NULL;
        p->n = 0;
}
