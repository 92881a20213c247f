/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "basic/macro.h"
#include "cgroup/cgroup-stats.h"

/* Samples of one cgroup's stats files. The cgroup's directory is opened once
 * and kept, so every sample reads the same cgroup even if a new scope of the
 * same name appears; each file is read with openat() into one buffer the
 * reader keeps, with no allocation per sample. The scope's own files are
 * read: they count task/ and every exec sub-cgroup beside it. */
typedef struct CgroupReader CgroupReader;

/* cgroup_path as systemd's ControlGroup property gives it
 * ("/taskscope.slice/taskscope-x.scope"), below CGROUP_ROOT. -ENOENT when
 * there is no such cgroup. */
int cgroup_reader_open(const char *cgroup_path, CgroupReader **ret);
CgroupReader *cgroup_reader_free(CgroupReader *r);
static inline void cgroup_reader_freep(CgroupReader **r) {
        cgroup_reader_free(*r);
}
#define _cleanup_cgroup_reader_ _cleanup_(cgroup_reader_freep)

/* One sample, with both clocks read just before cpu.stat. A missing file
 * (no such controller, an older kernel, PSI off) leaves its fields
 * unmeasured. -ENODEV once the cgroup has been removed (the task ended);
 * other errors are about the file cgroup_reader_failed_file() names. */
int cgroup_reader_sample(CgroupReader *r, CgroupStats *ret);
const char *cgroup_reader_failed_file(const CgroupReader *r);
/* The same, of the files in the mask only (bit 1 << CgroupStatsFile). */
int cgroup_reader_sample_files(CgroupReader *r, uint32_t files, CgroupStats *ret);

/* 1 if the cgroup (a directory fd) or one below it has a process, 0 if
 * not, negative errno (-ENODEV once it was removed). */
int cgroup_populated_at(int dir_fd);

/* The MHz of one core from /proc/cpuinfo; -ENODATA when it does not say. */
int cgroup_read_cpu_mhz(double *ret);
