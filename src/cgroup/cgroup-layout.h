/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The delegated scope's layout, made by the task's child right after systemd
 * placed it in the scope's root: one migration, into <scope>/task, then
 * every controller the scope has is enabled for its children. root_fd is
 * the cgroup hierarchy's root (/sys/fs/cgroup) opened before the child
 * switched roots; scope_path the scope's path below it. The child cannot
 * log: on failure *ret_step says which step failed. */
typedef enum CgroupLayoutStep {
        CGROUP_LAYOUT_FIND,     /* opening the scope's cgroup */
        CGROUP_LAYOUT_MOVE,     /* mkdir task/, write cgroup.procs */
        CGROUP_LAYOUT_ENABLE,   /* write cgroup.subtree_control */
} CgroupLayoutStep;

int cgroup_enter_task_subgroup(int root_fd, const char *scope_path, CgroupLayoutStep *ret_step);
