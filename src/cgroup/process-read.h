/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "basic/macro.h"
#include "cgroup/process-stats.h"

/* Lists the processes of one cgroup and of every cgroup below it, with what
 * /proc/PID/stat says of each. The cgroup's directory is opened once and
 * kept, as CgroupReader keeps its own; cgroup.procs is read into a buffer the
 * reader keeps and grows, and a list is refilled in place, so a sampling loop
 * allocates only while the task grows. */
typedef struct CgroupProcessReader CgroupProcessReader;

/* cgroup_path below CGROUP_ROOT, as for cgroup_reader_open(). -ENOENT when
 * there is no such cgroup. */
int cgroup_process_reader_open(const char *cgroup_path, CgroupProcessReader **ret);
CgroupProcessReader *cgroup_process_reader_free(CgroupProcessReader *r);
static inline void cgroup_process_reader_freep(CgroupProcessReader **r) {
        cgroup_process_reader_free(*r);
}
#define _cleanup_cgroup_process_reader_ _cleanup_(cgroup_process_reader_freep)

/* Refill *l (finished: sorted by pid) with the processes there are now. A
 * process that ends between its listing and the read of its stat, and a
 * sub-cgroup removed meanwhile, are skipped. -ENODEV once the cgroup itself
 * has been removed. */
int cgroup_process_reader_sample(CgroupProcessReader *r, CgroupProcessList *l);
