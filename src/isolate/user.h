/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* Become uid:gid with exactly these supplementary groups (n_groups 0: none):
 * setgroups, then setresgid, then setresuid, real, effective and saved ids
 * alike, so nothing can switch back. Needs CAP_SETGID and CAP_SETUID: see
 * caps.h for where this goes among the capability steps (after
 * isolate_drop_bounding, before isolate_apply_caps). 0 or a negative errno. */
int isolate_switch_user(uid_t uid, gid_t gid, const gid_t *groups, size_t n_groups);
