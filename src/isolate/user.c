/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>

#include "isolate/sys.h"
#include "isolate/user.h"

int isolate_switch_user(uid_t uid, gid_t gid, const gid_t *groups, size_t n_groups) {
        int r;

        if (n_groups > 0 && !groups)
                return -EINVAL;

        /* Groups first: after setresuid away from root we could not. */
        r = sys_setgroups(n_groups, groups);
        if (r < 0)
                return r;
        r = sys_setresgid(gid, gid, gid);
        if (r < 0)
                return r;
        return sys_setresuid(uid, uid, uid);
}
