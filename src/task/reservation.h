/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <systemd/sd-bus.h>

/* cgroup v2 caps a child's memory protection at its parent's, so a
 * MemoryLow= on a scope protects nothing unless its slice has at least as
 * much. taskscope keeps the slice's MemoryLow at the sum of the memory.low
 * of its live (populated) taskscope-*.scope cgroups: called after a task with
 * a reservation starts, after it ends, and after `update`. The sum is read
 * from the kernel's files, not remembered, under a lock so two launchers
 * cannot write stale sums over each other. Returns the sum written. */
int task_slice_reservation_sync(sd_bus *bus, const char *slice, uint64_t *ret_sum, sd_bus_error *error);
