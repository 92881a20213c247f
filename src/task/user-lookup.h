/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* "USER[:GROUP]" (names or numbers) as the host's accounts resolve them,
 * before anything exists: uid, primary gid, supplementary groups as
 * initgroups(3) sets them (just the gid for a bare number without an
 * account), and name and home when there is an account. */
typedef struct TaskUser {
        uid_t uid;
        gid_t gid;
        gid_t *groups;
        size_t n_groups;
        char *name; /* NULL without an account */
        char *home;
} TaskUser;

/* -EINVAL after logging one line naming the value and the option it came
 * from ("--user"). */
int task_user_resolve(const char *spec, const char *option, TaskUser *ret);
void task_user_done(TaskUser *u);
