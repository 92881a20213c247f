/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define CGROUP_ROOT "/sys/fs/cgroup"
/* Where the task runs inside its delegated scope. The scope's own cgroup
 * keeps no process, so controllers can be enabled for its children, and exec
 * sessions get sibling sub-cgroups with accounting of their own. */
#define CGROUP_TASK_SUBGROUP "task"
/* Beside it, taskscope's holder (task/holder.h): not the task's. */
#define CGROUP_HOLD_SUBGROUP "hold"

/* The cgroup v2 path ("/a.slice/b.scope") from the text of /proc/PID/cgroup:
 * the "0::" line. -ENOMEDIUM when there is none (no unified hierarchy). */
int cgroup_path_from_proc(const char *content, char **ret);

/* "+cpu +memory" from a cgroup.controllers line "cpu memory\n": what to write
 * to cgroup.subtree_control to pass every available controller down. Empty
 * string when there are none. */
int cgroup_subtree_control_line(const char *controllers, char **ret);

/* The cgroup path systemd gives a slice: "a-b.slice" -> "/a.slice/a-b.slice",
 * "-.slice" -> "/". The name must be valid (slice_name_is_valid()). */
int cgroup_slice_path(const char *slice, char **ret);

/* 1 if a cgroup.events text says "populated 1", 0 if "populated 0". */
int cgroup_events_populated(const char *events);

/* A memory.low/min/max value: a number, or "max" as UINT64_MAX. */
int cgroup_parse_memory_value(const char *s, uint64_t *ret);
