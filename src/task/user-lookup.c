/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "basic/log.h"
#include "basic/macro.h"
#include "basic/parse-util.h"
#include "task/user-lookup.h"

int task_user_resolve(const char *spec, const char *option, TaskUser *ret) {
        _cleanup_free_ char *copy = strdup(spec);
        TaskUser u = {};
        char *user, *group;
        struct passwd *pw = NULL;
        uint64_t n;
        int ng = 0;

        if (!copy)
                return -ENOMEM;
        user = copy;
        group = strchr(user, ':');
        if (group)
                *group++ = '\0';

        if (parse_uint64_range(user, 0, UINT32_MAX - 1, &n) == 0) {
                u.uid = (uid_t) n;
                pw = getpwuid(u.uid);
        } else {
                pw = getpwnam(user);
                if (!pw) {
                        log_error("invalid value '%s' for %s: no user '%s' on the host", spec, option, user);
                        return -EINVAL;
                }
                u.uid = pw->pw_uid;
        }
        u.gid = pw ? pw->pw_gid : (gid_t) u.uid;
        if (group) {
                struct group *gr;

                if (parse_uint64_range(group, 0, UINT32_MAX - 1, &n) == 0)
                        u.gid = (gid_t) n;
                else if ((gr = getgrnam(group)))
                        u.gid = gr->gr_gid;
                else {
                        log_error("invalid value '%s' for %s: no group '%s' on the host", spec, option, group);
                        return -EINVAL;
                }
        }
        if (pw) {
                getgrouplist(pw->pw_name, u.gid, NULL, &ng);
                u.groups = calloc((size_t) ng + 1, sizeof(gid_t));
                if (!u.groups)
                        return -ENOMEM;
                if (getgrouplist(pw->pw_name, u.gid, u.groups, &ng) < 0)
                        ng = 0;
                u.name = strdup(pw->pw_name);
                u.home = strdup(pw->pw_dir);
                if (!u.name || !u.home) {
                        task_user_done(&u);
                        return -ENOMEM;
                }
        } else {
                u.groups = calloc(1, sizeof(gid_t));
                if (!u.groups)
                        return -ENOMEM;
                u.groups[0] = u.gid;
                ng = 1;
        }
        u.n_groups = (size_t) ng;
        *ret = u;
        return 0;
}

void task_user_done(TaskUser *u) {
        free(u->groups);
        free(u->name);
        free(u->home);
        *u = (TaskUser) {};
}
