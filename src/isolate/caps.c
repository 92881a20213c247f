/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "basic/macro.h"
#include "isolate/caps.h"
#include "isolate/sys.h"

static void cap_freep(cap_t *c) {
        if (*c)
                cap_free(*c);
}
#define _cleanup_cap_free_ _cleanup_(cap_freep)

/* The number of caps the running kernel knows (libcap probes it). */
static unsigned caps_known(void) {
        cap_value_t max = cap_max_bits();

        return max < 0 ? 0 : max > 64 ? 64 : (unsigned) max;
}

static bool mask_has(uint64_t mask, unsigned cap) {
        return cap < 64 && (mask & (UINT64_C(1) << cap));
}

/* Whether mask only holds caps below max. */
static bool mask_known(uint64_t mask, unsigned max) {
        return max >= 64 || (mask >> max) == 0;
}

int isolate_prepare_user_switch(void) {
        int r = sys_prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);

        return r < 0 ? r : 0;
}

int isolate_drop_bounding(const CapabilitySets *c) {
        unsigned max = caps_known();

        if (!mask_known(c->bounding, max))
                return -EINVAL;
        for (unsigned cap = 0; cap < max; cap++) {
                int r;

                if (mask_has(c->bounding, cap))
                        continue;
                r = sys_prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue; /* gone already */
                r = sys_prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
                if (r < 0)
                        return r;
        }
        return 0;
}

int isolate_apply_caps(const CapabilitySets *c) {
        const struct {
                cap_flag_t flag;
                uint64_t mask;
        } sets[] = {
                { CAP_PERMITTED, c->permitted },
                { CAP_EFFECTIVE, c->effective },
                { CAP_INHERITABLE, c->inheritable },
        };
        _cleanup_cap_free_ cap_t caps = NULL;
        unsigned max = caps_known();
        int r;

        if (!mask_known(c->permitted | c->effective | c->inheritable | c->ambient, max))
                return -EINVAL;

        caps = cap_init(); /* all clear */
        if (!caps)
                return negative_errno();
        for (size_t i = 0; i < ELEMENTSOF(sets); i++) {
                for (unsigned cap = 0; cap < max; cap++) {
                        cap_value_t v = (cap_value_t) cap;

                        if (mask_has(sets[i].mask, cap) && cap_set_flag(caps, sets[i].flag, 1, &v, CAP_SET) < 0)
                                return negative_errno();
                }
        }
        r = sys_cap_set_proc(caps);
        if (r < 0)
                return r;

        /* Whatever the launcher had in its ambient set is not the task's. */
        r = sys_prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        if (r < 0)
                return r;
        for (unsigned cap = 0; cap < max; cap++) {
                if (!mask_has(c->ambient, cap))
                        continue;
                r = sys_prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0);
                if (r < 0)
                        return r;
        }
        return 0;
}

int isolate_set_no_new_privs(void) {
        int r = sys_prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);

        return r < 0 ? r : 0;
}
