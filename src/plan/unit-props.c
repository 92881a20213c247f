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
                [UNIT_PROP_PIDS] = "au",
        };
        return (unsigned) t < _UNIT_PROP_TYPE_MAX ? table[t] : NULL;
}

/* A later property of the same name replaces the earlier one, as repeated
 * unit-file assignments do for the scalar properties. */
static UnitProp *unit_props_slot(UnitProps *p, const char *name) {
        UnitProp *items;

        for (size_t i = 0; i < p->n; i++)
                if (strcmp(p->items[i].name, name) == 0) {
                        UnitProp *old = &p->items[i];
                        if (old->type == UNIT_PROP_STRING)
                                free(old->str);
                        else if (old->type == UNIT_PROP_PIDS)
                                free(old->pids);
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
        for (size_t i = 0; i < p->n; i++)
                if (strcmp(p->items[i].name, name) == 0)
                        return &p->items[i];
        return NULL;
}

void unit_props_done(UnitProps *p) {
        for (size_t i = 0; i < p->n; i++) {
                if (p->items[i].type == UNIT_PROP_STRING)
                        free(p->items[i].str);
                else if (p->items[i].type == UNIT_PROP_PIDS)
                        free(p->items[i].pids);
        }
        free(p->items);
        p->items = NULL;
        p->n = 0;
}
