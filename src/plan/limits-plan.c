/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>

#include "basic/macro.h"
#include "basic/parse-util.h"
#include "plan/limits-plan.h"

int unit_props_merge(UnitProps *dst, const UnitProps *src) {
        int r = 0;

        for (size_t i = 0; r >= 0 && i < src->n; i++) {
                const UnitProp *u = &src->items[i];

                switch (u->type) {
                case UNIT_PROP_STRING:
                        r = unit_props_add_string(dst, u->name, u->str);
                        break;
                case UNIT_PROP_BOOL:
                        r = unit_props_add_bool(dst, u->name, u->b);
                        break;
                case UNIT_PROP_U64:
                        r = unit_props_add_u64(dst, u->name, u->u64);
                        break;
                case UNIT_PROP_U32:
                        r = unit_props_add_u32(dst, u->name, u->u32);
                        break;
                case UNIT_PROP_I32:
                        r = unit_props_add_i32(dst, u->name, u->i32);
                        break;
                case UNIT_PROP_PIDS: {
                        pid_t *pids = calloc(u->n_pids ? u->n_pids : 1, sizeof(pid_t));
                        if (!pids)
                                return -ENOMEM;
                        for (size_t k = 0; k < u->n_pids; k++)
                                pids[k] = (pid_t) u->pids[k];
                        r = unit_props_add_pids(dst, u->name, pids, u->n_pids);
                        free(pids);
                        break;
                }
                case UNIT_PROP_BYTES:
                        r = unit_props_add_bytes(dst, u->name, u->bytes, u->n_bytes);
                        break;
                case UNIT_PROP_PAIRS:
                        /* An empty list in src is a reset, as "DeviceAllow=" is. */
                        if (u->n_pairs == 0)
                                r = unit_props_reset_pairs(dst, u->name);
                        for (size_t k = 0; r >= 0 && k < u->n_pairs; k++)
                                r = unit_props_append_pair(dst, u->name, u->pairs[2 * k], u->pairs[2 * k + 1]);
                        break;
                default:
                        r = -EINVAL;
                }
        }
        return r;
}

int limits_plan_props(const LimitsSpec *l, int with_swap_default, UnitProps *props) {
        int r = 0;

        if (l->memory && l->memory_max) {
                r = unit_props_add_u64(props, "MemoryLow", l->memory);
                if (r >= 0)
                        r = unit_props_add_u64(props, "MemoryMax", l->memory_max);
        } else if (l->memory)
                r = unit_props_add_u64(props, "MemoryMax", l->memory);
        else if (l->memory_max)
                r = unit_props_add_u64(props, "MemoryMax", l->memory_max);
        if (r >= 0 && (l->memory_swap_set || with_swap_default))
                r = unit_props_add_u64(props, "MemorySwapMax", l->memory_swap_set ? l->memory_swap : 0);
        if (r >= 0 && l->cpu_shares)
                r = unit_props_add_u64(props, "CPUWeight", cpu_shares_to_weight(l->cpu_shares));
        if (r >= 0 && l->cpu_weight)
                r = unit_props_add_u64(props, "CPUWeight", l->cpu_weight);
        if (r >= 0 && l->cpus) {
                _cleanup_free_ uint8_t *mask = NULL;
                size_t n;

                r = parse_cpu_set(l->cpus, &mask, &n);
                if (r >= 0)
                        r = unit_props_add_bytes(props, "AllowedCPUs", mask, n);
        }
        if (r >= 0 && l->cpu_quota)
                r = unit_props_add_u64(props, "CPUQuotaPerSecUSec", l->cpu_quota);
        if (r >= 0 && l->pids_max)
                r = unit_props_add_u64(props, "TasksMax", l->pids_max);
        if (r >= 0 && l->io_weight)
                r = unit_props_add_u64(props, "IOWeight", l->io_weight);
        if (r >= 0 && l->n_devices) {
                /* closed: systemd's defaults (null, zero, full, random,
                 * urandom, tty, ptmx, pts) plus what is listed. */
                r = unit_props_add_string(props, "DevicePolicy", "closed");
                for (size_t i = 0; r >= 0 && i < l->n_devices; i++)
                        r = unit_props_append_pair(props, "DeviceAllow", l->devices[i].host, l->devices[i].perms);
        }
        if (r >= 0)
                r = unit_props_merge(props, &l->properties);
        return r;
}
