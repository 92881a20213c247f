/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The delegated scope's layout, made by the task's child right after systemd
 * placed it in the scope's root and before it builds anything else: one
 * migration, into <scope>/task, then every controller the scope has is
 * enabled for its children. The child cannot log: on failure *ret_step says
 * which of the two failed. */
typedef enum CgroupLayoutStep {
        CGROUP_LAYOUT_FIND,     /* reading /proc/self/cgroup */
        CGROUP_LAYOUT_MOVE,     /* mkdir task/, write cgroup.procs */
        CGROUP_LAYOUT_ENABLE,   /* write cgroup.subtree_control */
} CgroupLayoutStep;

int cgroup_enter_task_subgroup(CgroupLayoutStep *ret_step);
